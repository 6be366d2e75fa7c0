"""Shared fixtures: the shipped layers, one build of every map, and a headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo
from geo.build import build_all
from geo.mapdata import prepare
from tests import chromium


@pytest.fixture(scope="session")
def layers():
    """Every shipped layer, loaded and validated."""
    return geo.load_layers()


@pytest.fixture(scope="session")
def map_data(layers):
    """The shipped layers prepared as the build prepares them (shapes simplified per map on demand)."""
    return prepare(layers)


@pytest.fixture(scope="session")
def built_maps(tmp_path_factory) -> Path:
    """One build of every map into a temporary folder."""
    out = tmp_path_factory.mktemp("maps")
    build_all(out_dir=out, log=lambda _line: None)
    return out


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from file:// with every request outside file:/data: and every error recorded."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 800) -> None:
        """``path`` may end in a fragment (``explorer.html#1905-09-05``)."""
        name, _, fragment = path.name.partition("#")
        path = path.with_name(name)
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.external: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        self.page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
        if path.name != "index.html":
            self.page.wait_for_selector(".leaflet-container")
            self.page.wait_for_timeout(300)

    def _request(self, request) -> None:
        if not request.url.startswith(("file:", "data:")):
            self.external.append(request.url)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser):
    """Open a generated page; closes it after the test."""
    opened: list[Visit] = []

    def open_page(path: Path, **size: int) -> Visit:
        page = Visit(browser, path, **size)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()
