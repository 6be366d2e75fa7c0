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
            shown = feature_id if feature_id is None or len(feature_id) <= 60 else feature_id[:57] + "..."
            where.append(f"feature #{index}" + (f" (id {shown!r})" if feature_id else ""))
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{': '.join(where)}: {problem}")

    def __reduce__(self):
        """Rebuild from the keyword arguments, so the error survives the trip back from a worker process."""
        return _layer_error, (self.problem, self.file, self.index, self.feature_id, self.field)


def _layer_error(problem: str, file: str, index: int | None, feature_id: str | None, field: str | None) -> LayerError:
    return LayerError(problem, file=file, index=index, feature_id=feature_id, field=field)


class BuildError(RuntimeError):
    """A map could not be built; the maps already in the output folder are untouched."""


class DayError(ValueError):
    """A day given to the API is not a calendar day it can read; says which value it got."""


class LayerWarning(UserWarning):
    """A layer was readable but needed mending (the message says what was mended)."""
