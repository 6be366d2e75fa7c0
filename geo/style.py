"""Colours and line styles, read from ``geo/data/style.json`` (a style change is a data edit)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def palette() -> dict[str, Any]:
    """The whole style table."""
    table: dict[str, Any] = json.loads(resources.files("geo.data").joinpath("style.json").read_text(encoding="utf-8"))
    return table


def feature_style(props: dict[str, Any]) -> dict[str, Any]:
    """Leaflet path options for one feature, by its kind, controller and status."""
    p = palette()
    kind = props.get("kind", "")
    colour = p["controllers"].get(props.get("controller", ""), "#555555")
    if kind == "territory":
        extra = p["occupied"] if props.get("status") == "occupied" else p["territory"]
        hatch = {"hatch": p["hatch"]["print"]} if props.get("controller") in p["hatch"]["controllers"] else {}
        return {"color": colour, "fillColor": colour, **extra, **hatch}
    if kind == "railway":
        return {"color": colour, **p["railway"]}
    if kind == "basemap":
        return dict(p["land"])
    if kind in ("land", "naval", "siege"):
        style = {**p["battle"], "fillColor": p["victors"].get(props.get("victor", ""), "#7f7f7f")}
        return {**style, **p["naval_battle"]} if kind == "naval" else style
    if kind in p:
        return dict(p[kind])
    return {"color": colour}


def controller_colour(controller: str) -> str:
    """The colour that stands for a holder of land or line."""
    return str(palette()["controllers"][controller])
