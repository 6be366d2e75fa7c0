"""Named errors, so a caller can catch exactly the failure it can handle."""

from __future__ import annotations


class LayerError(ValueError):
    """A layer file breaks the schema; says which file, feature and field."""

    def __init__(
        self,
        problem: str,
        *,
        file: str,
        index: int | None = None,
        feature_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.index = index
        self.feature_id = feature_id
        self.field = field
        where = [file]
        if index is not None:
            where.append(f"feature #{index}" + (f" (id {feature_id!r})" if feature_id else ""))
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{': '.join(where)}: {problem}")


class BuildError(RuntimeError):
    """A map could not be built; the maps already in the output folder are untouched."""


class DayError(ValueError):
    """A day given to the API is not a calendar day it can read; says which value it got."""
