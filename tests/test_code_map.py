"""The README's code map matches the tree: every module is named, and every named file exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def code_map() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The code"):]
    return re.search(r"```\n(.*?)```", section, re.S).group(1)


def test_every_module_of_the_package_is_in_the_code_map():
    named = code_map()
    modules = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "geo").glob("*.py"))]
    assert [m for m in modules if m not in named] == []


def test_every_file_the_code_map_names_exists():
    named = re.findall(r"(?:geo|tests)/[\w/.-]+\.(?:py|json|js|css)\b|build_maps\.py|setup\.py", code_map())
    assert named, "the code map names files"
    assert [n for n in named if not (ROOT / n).exists()] == []
