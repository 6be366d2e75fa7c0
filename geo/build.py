"""Build every map: load and check the layers, render each page, then publish them all at once.

Pages are written to a staging folder beside the output and moved into place only
after every page has been built, so a failed build leaves the old maps as they were.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from geo.errors import BuildError, LayerError
from geo.i18n import folder, languages
from geo.layers import LayerWarning, default_layers_dir, load_layers

EXIT_BAD_INPUT = 2


def build_all(
    layers_dir: str | Path | None = None,
    out_dir: str | Path = "maps",
    langs: list[str] | None = None,
    log: Callable[[str], Any] = print,
    workers: int | None = None,
) -> list[Path]:
    """Build every map in every language into ``out_dir``; return the files written.

    Pages and pictures are rendered on ``workers`` processes (default: one per core).
    """
    from geo import gallery, maps, printing

    started = time.perf_counter()
    out = Path(out_dir)
    langs = langs or languages()
    layers = load_layers(layers_dir)
    log(f"read {len(layers)} layers ({sum(len(g) for g in layers.values())} features) "
        f"from {layers_dir or default_layers_dir()}")
    data = maps.prepare(layers)
    jobs: list[tuple[str, Callable[[], str | bytes]]] = []
    for lang in langs:
        prefix = folder(lang)
        jobs += [(f"{prefix}{spec.name}.html", partial(maps.render_map, spec, data, lang, langs)) for spec in maps.MAPS]
        jobs.append((f"{prefix}{maps.COMPARE}.html", partial(maps.render_compare, data, lang, langs)))
        jobs.append((f"{prefix}index.html", partial(gallery.render_index, lang, langs)))
    jobs += printing.print_jobs(data, langs)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for relative, content in _render(jobs, workers or os.cpu_count() or 1):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                target.write_text(content, encoding="utf-8")
            else:
                target.write_bytes(content)
            log(f"built {relative}")
        written = _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for path in written:
        log(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    log(f"built {len(written)} files in {time.perf_counter() - started:.1f} s")
    return written


_JOBS: list[tuple[str, Callable[[], str | bytes]]] = []
"""The jobs of the build under way, inherited by forked workers (closures do not pickle)."""


def _run_job(index: int) -> str | bytes:
    return _JOBS[index][1]()


def _render(jobs: list[tuple[str, Callable[[], str | bytes]]], workers: int) -> Iterator[tuple[str, str | bytes]]:
    """Run the jobs, in order, on forked worker processes where the platform forks."""
    if workers <= 1 or len(jobs) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for relative, job in jobs:
            yield relative, job()
        return
    global _JOBS
    _JOBS = jobs
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            for (relative, _job), content in zip(jobs, pool.imap(_run_job, range(len(jobs))), strict=True):
                yield relative, content
    finally:
        _JOBS = []


def _publish(staging: Path, out: Path) -> list[Path]:
    """Move every staged file into the output folder (each move is atomic)."""
    written = []
    for source in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = out / source.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: build the maps; exit 2 with one clear line on bad input."""
    parser = argparse.ArgumentParser(
        prog="build_maps.py",
        description="Build the Treaty of Portsmouth (1905) maps: single-file HTML pages that work "
        "offline (English in OUT/, other languages in OUT/<lang>/), a gallery page with embed "
        "snippets, and printable PNGs in OUT/print/.",
    )
    parser.add_argument("--layers", type=Path, default=None,
                        help="folder of GeoJSON layers (default: the layers shipped with the project)")
    parser.add_argument("--out", type=Path, default=Path("maps"), help="output folder (default: maps)")
    parser.add_argument("--lang", action="append", choices=languages(), default=None,
                        help="build only this language (repeatable; default: all)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes to render with (default: one per core; 1 renders in this process)")
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LayerWarning)
        try:
            build_all(args.layers, args.out, args.lang, workers=args.jobs)
        except (LayerError, BuildError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            print("the maps already in the output folder were left as they were", file=sys.stderr)
            return EXIT_BAD_INPUT
        finally:
            for warning in caught:
                if issubclass(warning.category, LayerWarning):
                    print(f"warning: {warning.message}", file=sys.stderr)
    return 0
