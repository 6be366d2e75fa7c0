"""Our own markup from the jinja2 templates in ``geo/templates/``, always autoescaped.

Only the project's templates are loaded; values given to them are escaped, never evaluated.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("geo", "templates"), autoescape=True,
                              keep_trailing_newline=True)


def render(name: str, **values: Any) -> str:
    """The template ``geo/templates/<name>`` filled with escaped values."""
    return _environment().get_template(name).render(**values)
