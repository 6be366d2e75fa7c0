"""Build every map: load and check the layers, render each page, then publish them all at once.

The output folder is checked and locked before any work; pages are staged inside it and
published as one set (see :mod:`geo.publish`), so a failed, interrupted or killed build leaves
the old maps as they were. Every failure the user can act on ends in exit 2 and one line.
"""

from __future__ import annotations

import argparse
import ctypes
import multiprocessing
import os
import re
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from geo import schema
from geo.errors import BuildError, DayError, LayerError, LayerWarning
from geo.i18n import folder, languages
from geo.inputs import default_layers_dir, input_digest
from geo.publish import CATCHABLE_SIGNALS, OutputFolder
from geo.timeline import parse_day

if TYPE_CHECKING:  # geopandas, like everything that draws, is imported only when there is work to do
    import geopandas as gpd

    from geo.printing import Pictures

EXIT_BAD_INPUT = 2
PR_SET_PDEATHSIG = 1
"""Linux prctl option: the signal a process gets when its parent dies."""
EXIT_INTERRUPTED = 128
"""Plus the signal's number, as shells report it: 130 for Ctrl-C, 143 for SIGTERM."""


class BuildInterrupted(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds the build like Ctrl-C, so staging is removed on the way."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def build_all(
    layers_dir: str | Path | None = None,
    out_dir: str | Path = "maps",
    langs: list[str] | None = None,
    log: Callable[[str], Any] = print,
    workers: int | None = None,
    days: Sequence[date] = (),
) -> list[Path]:
    """Build every map in every language into ``out_dir``; return the files written.

    ``days`` adds printable pictures of the before/after maps as they stood on each of those days.
    When the published set was built from the same layers, code and options, and is intact, it is
    linked again instead of redrawn.

    The pictures are drawn on ``workers`` processes (default: one per core) while this one renders
    the pages and downloads.
    """
    started = time.perf_counter()
    langs = langs or languages()
    layers_folder = Path(layers_dir) if layers_dir else default_layers_dir()
    with OutputFolder(Path(out_dir)) as output:  # checked and locked before any work
        inputs = input_digest(layers_folder, langs, days)
        written = output.reuse(inputs) if inputs else None
        if written is not None:
            log(f"the layers, code and options are those of the published build: kept its {len(written)} files")
        else:
            written = _build(output, layers_folder, langs, log, workers, days, inputs)
    for path in written:
        log(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    log(f"built {len(written)} files in {time.perf_counter() - started:.1f} s")
    return written


def _build(output: OutputFolder, layers_folder: Path, langs: list[str], log: Callable[[str], Any],
           workers: int | None, days: Sequence[date], inputs: str | None) -> list[Path]:
    """Read the layers, render every page, picture and download, and publish them as one set.

    A build whose layers needed mending is published without its ``inputs``, so that the next
    build reads them again and repeats the warnings instead of reusing this set in silence.
    """
    from geo import downloads, gallery, mapdata, maps, printing
    from geo.layers import load_layers

    with warnings.catch_warnings(record=True) as mended:
        warnings.simplefilter("always", LayerWarning)
        layers = load_layers(layers_folder)
    for warning in mended:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if any(issubclass(warning.category, LayerWarning) for warning in mended):
        inputs = None
    check_layers_for_maps(layers, layers_folder)
    log(f"read {len(layers)} layers ({sum(len(g) for g in layers.values())} features) from {layers_folder}")
    data = mapdata.prepare(layers)
    data_jobs = downloads.download_jobs(layers)
    pictures: list[Batch] = [(name, partial(_picture_files, render))
                             for name, render in printing.print_jobs(data, langs, days)]
    pages: list[Job] = []
    for lang in langs:
        prefix = folder(lang)
        pages += [(f"{prefix}{spec.name}.html", partial(maps.render_map, spec, data, lang, langs))
                  for spec in maps.MAPS]
        pages.append((f"{prefix}{maps.COMPARE}.html", partial(maps.render_compare, data, lang, langs)))
        data_files = [path for path, _job in data_jobs]
        pages.append((f"{prefix}index.html", partial(gallery.render_index, lang, langs, data_files)))
    for relative, content in _render(pictures, [*pages, *data_jobs], workers or os.cpu_count() or 1):
        output.write(relative, content)
        log(f"built {relative}")
    return output.publish(inputs)


def check_layers_for_maps(layers: dict[str, gpd.GeoDataFrame], folder: Path) -> None:
    """What the maps need beyond valid layers: every layer present and drawn from at least one
    feature, and every feature that ``geo/data/demands.json`` names."""
    from geo.catalogue import demands_table

    for name in schema.LAYER_NAMES:
        path = str(folder / f"{name}.geojson")
        if name not in layers:
            raise LayerError("missing: the maps need this layer", file=path)
        if layers[name].empty:
            raise LayerError("has no features; the maps need at least one", file=path)
    ids = {i for gdf in layers.values() for i in gdf["id"]}
    for demand in demands_table()["demands"]:
        for part in ("asked", "given"):
            for missing in (i for i in demand[part] if i not in ids):
                raise LayerError(f"no layer in {folder} has the feature {missing!r} that demand "
                                 f"{demand['id']!r} names", file="geo/data/demands.json", field=part)


Job = tuple[str, Callable[[], str | bytes]]
"""One file of the build: its path in the output folder, and what renders it."""
Batch = tuple[str, Callable[[], list[tuple[str, bytes]]]]
"""Files rendered together (a map's pictures in every language, with their thumbnails), named for errors."""
Rendered = TypeVar("Rendered")

_JOBS: list[Batch] = []
"""The batches handed to workers in the build under way, inherited by forked workers (closures do not pickle)."""


def _run_job(index: int) -> list[tuple[str, bytes]]:
    return _run(*_JOBS[index])


def _run(relative: str, job: Callable[[], Rendered]) -> Rendered:
    try:
        return job()
    except BuildError as exc:
        raise BuildError(f"{relative}: {exc}") from None


def _picture_files(render: Callable[[], Pictures]) -> list[tuple[str, bytes]]:
    """A map's pictures in every language, drawn, and the thumbnails they complete, as files."""
    from geo import thumbnails

    return thumbnails.files(render())


def _start_worker() -> None:
    """Workers leave signals to the main process, which stops them when it unwinds; on Linux
    they also end with it when it is killed outright (SIGKILL), instead of waiting forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in CATCHABLE_SIGNALS:
        if signum != signal.SIGINT:
            signal.signal(signum, signal.SIG_DFL)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _render(background: list[Batch], foreground: list[Job], workers: int) -> Iterator[tuple[str, str | bytes]]:
    """Run the jobs and yield each file: ``foreground`` in this process, in order, while forked
    worker processes (where the platform forks and ``workers`` > 1) run ``background``, whose
    files follow in order.

    The pictures go to the workers: they need only the layers, while the pages share what this
    process computes once for all of them (the time axis's changes), which workers forked earlier
    would each compute again.
    """
    global _JOBS
    _JOBS = background
    try:
        if workers <= 1 or not background or "fork" not in multiprocessing.get_all_start_methods():
            for relative, job in foreground:
                yield relative, _run(relative, job)
            for name, batch in background:
                yield from _run(name, batch)
            return
        with multiprocessing.get_context("fork").Pool(min(workers, len(background)), _start_worker) as pool:
            results = pool.imap(_run_job, range(len(background)))
            for relative, job in foreground:
                yield relative, _run(relative, job)
            for files in results:
                yield from files
    finally:
        _JOBS = []


def _day_argument(text: str) -> date:
    """``--day`` as a strict ISO day; argparse turns the refusal into one line and exit 2."""
    try:
        return parse_day(text)
    except DayError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    """Command line: build the maps; exit 2 with one clear line on bad input."""
    parser = argparse.ArgumentParser(  # named as it was run: build_maps.py, or portsmouth-maps when installed
        description="Build the Treaty of Portsmouth (1905) maps: single-file HTML pages that work "
        "offline (English in OUT/, other languages in OUT/<lang>/), a gallery page with embed "
        "snippets, printable PNGs in OUT/print/, and the layers as GeoPackage and GeoParquet in OUT/data/.",
    )
    parser.add_argument("--layers", type=Path, default=None,
                        help="folder of GeoJSON layers (default: the layers shipped with the project)")
    parser.add_argument("--out", type=Path, default=Path("maps"), help="output folder (default: maps)")
    parser.add_argument("--lang", action="append", choices=languages(), default=None,
                        help="build only this language (repeatable; default: all)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes to render with (default: one per core; 1 renders in this process)")
    parser.add_argument("--day", action="append", type=_day_argument, default=[], metavar="YYYY-MM-DD",
                        help="also print the before/after maps as they stood on this day, e.g. 1910-08-29 "
                        "(repeatable; any day of 1875–1945 reads well)")
    args = parser.parse_args(argv)
    previous = {signum: signal.getsignal(signum) for signum in CATCHABLE_SIGNALS if signum != signal.SIGINT}
    for signum in previous:
        signal.signal(signum, _interrupt)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LayerWarning)
        try:
            build_all(args.layers, args.out, args.lang, workers=args.jobs, days=args.day)
        except (LayerError, BuildError) as exc:
            _say(f"error: {exc} ({args.out} is unchanged)")
            return EXIT_BAD_INPUT
        except (KeyboardInterrupt, BuildInterrupted) as exc:
            signum = exc.signum if isinstance(exc, BuildInterrupted) else signal.SIGINT
            _say(f"interrupted by {signal.Signals(signum).name}: nothing half-built was left; "
                 f"{args.out} holds a complete set of maps, as before unless the build had finished")
            return EXIT_INTERRUPTED + signum
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            for warning in caught:
                if issubclass(warning.category, LayerWarning):
                    _say(f"warning: {warning.message}")
    return 0


def _interrupt(signum: int, _frame: Any) -> None:
    raise BuildInterrupted(signum)


def _say(line: str) -> None:
    """Print one line to stderr: control characters from a path or a layer cannot break it."""
    print(re.sub(r"[\x00-\x1f\x7f]+", " ", line), file=sys.stderr)
