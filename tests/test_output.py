"""The output folder: checked before any work, one build at a time, published as a whole set.

Readers see the old set or the new one, never a mix: after a failure or a kill at any point,
the pages reached through ``OUT/`` are one complete build, and the next build leaves nothing
behind but that build.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import geo.publish
from geo.build import build_all, main
from geo.errors import BuildError
from geo.layers import default_layers_dir
from geo.publish import OutputFolder

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, str(ROOT / "build_maps.py"), "--lang", "en"]
UNBUFFERED = {**os.environ, "PYTHONUNBUFFERED": "1"}
"""So the build's progress lines arrive as they are printed."""


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file a reader reaches through the output folder's visible entries."""
    files = {}
    for entry in sorted(out.iterdir()):
        if entry.name.startswith(".") or entry.name == "current":
            continue
        paths = [entry] if entry.is_file() else sorted(p for p in entry.rglob("*") if p.is_file())
        files.update({p.relative_to(out).as_posix(): p.read_bytes() for p in paths})
    return files


def leftovers(out: Path) -> list[str]:
    """What a build at rest should not have: staging, moved-aside folders, replaced builds, temporaries."""
    builds = sorted(p.name for p in (out / ".builds").iterdir()) if (out / ".builds").is_dir() else []
    current = os.readlink(out / "current").rsplit("/", 1)[-1] if (out / "current").is_symlink() else None
    return [b for b in builds if b != current] + [p.name for p in out.glob(".*.link")]


def stage(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Publish a made-up set of files the way a build does."""
    with OutputFolder(out) as output:
        for relative, content in files.items():
            output.write(relative, content)
        return output.publish()


OLD = {"explorer.html": b"old explorer", "th/explorer.html": b"old th", "print/war.png": b"old png",
       "print/th/war.png": b"old th png", "index.html": b"old index"}
NEW = {"explorer.html": b"new explorer", "th/explorer.html": b"new th", "print/war.png": b"new png",
       "print/th/war.png": b"new th png", "gallery.html": b"a new page"}


def test_a_published_set_is_reached_through_one_link(tmp_path):
    out = tmp_path / "maps"
    stage(out, OLD)
    assert snapshot(out) == OLD
    assert os.readlink(out / "current").startswith(".builds/")
    assert os.readlink(out / "explorer.html") == "current/explorer.html"
    assert os.readlink(out / "th") == "current/th"
    written = stage(out, NEW)
    assert snapshot(out) == NEW, "a page the new set drops is gone, a new one is there"
    assert sorted(p.relative_to(out).as_posix() for p in written) == sorted(NEW)
    assert leftovers(out) == []
    assert (out / ".lock").read_bytes() == b"", "no process id is left in a folder at rest"


def test_the_published_maps_are_readable_by_others_as_the_umask_allows(tmp_path):
    """A web server or a colleague opens the maps: the published set gets the folder mode the umask
    gives (here 022: readable by all), not the private mode of a temporary folder."""
    previous = os.umask(0o022)
    try:
        stage(tmp_path / "maps", OLD)
    finally:
        os.umask(previous)
    published = (tmp_path / "maps" / "current").resolve()
    for folder in (published, published / "th", published / "print"):
        assert folder.stat().st_mode & 0o777 == 0o755, folder
    assert (published / "explorer.html").stat().st_mode & 0o777 == 0o644


def test_an_output_of_plain_files_from_an_older_build_is_taken_over(tmp_path):
    out = tmp_path / "maps"
    for relative, content in OLD.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(content)
    (out / "notes.txt").write_text("a reader's own file")
    stage(out, NEW)
    assert snapshot(out) == {**NEW, "index.html": b"old index", "notes.txt": b"a reader's own file"}
    assert leftovers(out) == []


def test_a_folder_with_files_of_its_own_is_never_replaced(tmp_path):
    out = tmp_path / "maps"
    for relative, content in {**OLD, "print/my-notes.txt": b"mine"}.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(content)
    before = snapshot(out)
    with pytest.raises(BuildError, match=r"maps/print: a folder the build would replace by a link holds files "
                                         r"it does not make \(.*print/my-notes.txt\); move them away"):
        stage(out, NEW)
    assert snapshot(out) == before and not (out / "current").exists()


FILE_OPERATIONS = [(os, "rename"), (os, "replace"), (os, "symlink"), (os, "unlink"), (os, "rmdir"), (os, "mkdir")]
"""What publishing and sweeping do to the file system, step by step."""


def fail_at(monkeypatch, step: int, action) -> None:
    """Make the ``step``-th file operation run ``action`` instead."""
    calls = {"n": 0}
    for module, name in FILE_OPERATIONS:
        original = getattr(module, name)

        def counted(*args, __original=original, **kwargs):
            calls["n"] += 1
            if calls["n"] == step:
                action()
            return __original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def publish_in_child(out: Path, step: int) -> int:
    """Publish NEW in a forked child that dies (as by SIGKILL: no clean-up) at the step-th file
    operation; return its exit status (0: it got through every step)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            with pytest.MonkeyPatch.context() as patch:
                fail_at(patch, step, lambda: os._exit(9))
                stage(out, NEW)
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_kill_at_any_step_of_publishing_leaves_one_whole_set(tmp_path):
    step = 0
    while True:
        step += 1
        out = tmp_path / f"maps-{step}"
        stage(out, OLD)
        status = publish_in_child(out, step)
        seen = snapshot(out)
        assert seen in (OLD, NEW), f"killed at step {step}: a mix of two builds"
        stage(out, OLD)  # the next build
        assert leftovers(out) == [], f"killed at step {step}: left behind"
        assert snapshot(out) == OLD
        if status == 0:
            break
    assert step > 10, "the kill reached every step of the build's file operations"


def count_operations(tmp_path: Path) -> int:
    """How many file operations publishing NEW over OLD takes."""
    out = tmp_path / "counted"
    stage(out, OLD)
    calls = {"n": 0}
    with pytest.MonkeyPatch.context() as patch:
        fail_at(patch, 0, lambda: None)
        for module, name in FILE_OPERATIONS:
            counted = getattr(module, name)

            def tally(*args, __counted=counted, **kwargs):
                calls["n"] += 1
                return __counted(*args, **kwargs)

            patch.setattr(module, name, tally)
        stage(out, NEW)
    return calls["n"]


def test_a_failure_at_any_step_leaves_one_whole_set(tmp_path):
    steps = count_operations(tmp_path)
    assert steps > 10
    failures = 0
    for step in range(1, steps + 1):
        out = tmp_path / f"maps-{step}"
        stage(out, OLD)
        with pytest.MonkeyPatch.context() as patch:
            fail_at(patch, step, lambda: (_ for _ in ()).throw(OSError(errno.EIO, "Input/output error")))
            try:
                stage(out, NEW)
            except BuildError:
                failures += 1
        assert snapshot(out) in (OLD, NEW), f"failed at step {step}: a mix of two builds"
        assert not list((out / ".builds").glob(".staging-*")), f"failed at step {step}: staging left"
        stage(out, OLD)
        assert leftovers(out) == [] and snapshot(out) == OLD
    assert failures > steps / 2, "most failures stop the build (a few are absorbed, e.g. mkdir of a folder that exists)"


def test_a_second_build_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "maps"
    refused = pytest.raises(BuildError, match=rf"another build \(process {os.getpid()}\) is writing here")
    with OutputFolder(out), refused:
        OutputFolder(out).__enter__()
    stage(out, OLD)  # and once the first has finished, the next one runs


def test_two_builds_at_once_the_second_refused_in_one_line(tmp_path):
    out = tmp_path / "maps"
    first = subprocess.Popen([*COMMAND, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=tmp_path, env=UNBUFFERED)
    try:
        assert first.stdout.readline().startswith("read ")
        second = subprocess.run([*COMMAND, "--out", str(out)], capture_output=True, text=True, cwd=tmp_path)
    finally:
        _, first_err = first.communicate(timeout=300)
    assert second.returncode == 2
    assert second.stderr.splitlines() == [
        f"error: {out}: another build (process {first.pid}) is writing here; try again when it has finished "
        f"({out} is unchanged)"]
    assert first.returncode == 0, first_err
    assert (out / "explorer.html").is_file() and leftovers(out) == []


def run_main(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["--lang", "en", "--jobs", "1", *args])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def test_an_output_path_that_is_a_file_is_refused_before_any_work(tmp_path, capsys):
    target = tmp_path / "maps.html"
    target.write_text("a file")
    code, lines, out = run_main(capsys, "--out", str(target))
    assert code == 2
    assert lines == [f"error: {target}: is a file, not a folder; choose another --out ({target} is unchanged)"]
    assert out == "", "refused before reading the layers or rendering anything"
    code, lines, _ = run_main(capsys, "--out", str(target / "maps"))
    assert code == 2 and len(lines) == 1 and "cannot create the output folder (Not a directory)" in lines[0]


@pytest.fixture(scope="module")
def old_maps(tmp_path_factory) -> Path:
    """One English build from the shipped layers, copied by each test that needs an old set."""
    out = tmp_path_factory.mktemp("old") / "maps"
    build_all(out_dir=out, langs=["en"], log=lambda _line: None)
    return out


@pytest.fixture(scope="module")
def new_layers(tmp_path_factory) -> Path:
    """Layers that build a different set (one description changed)."""
    folder = tmp_path_factory.mktemp("new") / "layers"
    shutil.copytree(default_layers_dir(), folder, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    battles = json.loads((folder / "battles.geojson").read_text(encoding="utf-8"))
    battles["features"][0]["properties"]["description"] += " Changed."
    (folder / "battles.geojson").write_text(json.dumps(battles), encoding="utf-8")
    return folder


def copy_of(old_maps: Path, tmp_path: Path) -> Path:
    out = tmp_path / "maps"
    shutil.copytree(old_maps, out, symlinks=True)
    return out


def test_a_full_disk_stops_the_build_in_one_line(tmp_path, capsys, monkeypatch, old_maps, new_layers):
    out = copy_of(old_maps, tmp_path)
    before = snapshot(out)
    real_write = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if ".staging-" in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    code, lines, _ = run_main(capsys, "--layers", str(new_layers), "--out", str(out))
    assert code == 2 and len(lines) == 1 and "cannot write (No space left on device)" in lines[0], lines
    assert snapshot(out) == before and leftovers(out) == []


def wait_for_line(process: subprocess.Popen, prefix: str) -> None:
    for line in process.stdout:
        if line.startswith(prefix):
            return
    raise AssertionError(f"the build ended before printing {prefix!r}")


def running_in_group(pgid: int) -> list[int]:
    """Processes of a process group that still run (zombies waiting for a reaper do not count)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def group_ended(pgid: int, timeout: float = 10) -> bool:
    """Whether every process of the build (its workers too) has ended; kills what has not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running_in_group(pgid):
            return True
        time.sleep(0.1)
    for pid in running_in_group(pgid):
        os.kill(pid, signal.SIGKILL)
    return False


@pytest.mark.parametrize(("signum", "whole_group"), [(signal.SIGINT, True), (signal.SIGTERM, False),
                                                     (signal.SIGHUP, False)])
def test_a_signal_mid_build_leaves_the_old_set_and_one_line(tmp_path, old_maps, new_layers, signum, whole_group):
    out = copy_of(old_maps, tmp_path)
    before = snapshot(out)
    build = subprocess.Popen([*COMMAND, "--layers", str(new_layers), "--out", str(out), "--jobs", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             env=UNBUFFERED)
    wait_for_line(build, "built ")
    if whole_group:  # Ctrl-C in a terminal signals the whole foreground group
        os.killpg(build.pid, signum)
    else:
        os.kill(build.pid, signum)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 128 + signum
    assert err.splitlines() == [
        f"interrupted by {signal.Signals(signum).name}: nothing half-built was left; {out} holds a complete "
        "set of maps, as before unless the build had finished"]
    assert group_ended(build.pid), "the workers ended with the build"
    assert snapshot(out) == before and leftovers(out) == []


@pytest.mark.parametrize("moment", ["read ", "built ", "built print/"])
def test_sigkill_leaves_one_whole_set_and_the_next_build_sweeps(tmp_path, old_maps, new_layers, moment):
    out = copy_of(old_maps, tmp_path)
    before = snapshot(out)
    build = subprocess.Popen([*COMMAND, "--layers", str(new_layers), "--out", str(out), "--jobs", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             env=UNBUFFERED)
    wait_for_line(build, moment)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    assert group_ended(build.pid), "the workers ended with the build"
    assert snapshot(out) == before
    assert list((out / ".builds").glob(".staging-*")), "a killed build cannot clean up: its staging is there"
    build_all(out_dir=out, langs=["en"], log=lambda _line: None)
    assert leftovers(out) == [] and snapshot(out) == before


def unshare_available() -> bool:
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False) \
        if shutil.which("unshare") else None
    return probe is not None and probe.returncode == 0


MOUNTED_BUILD = """
import json, os, subprocess, sys
out = sys.argv[1]
runs = []
for layers in sys.argv[2:]:
    command = [sys.executable, {build!r}, "--lang", "en", "--out", out] + (["--layers", layers] if layers else [])
    result = subprocess.run(command, capture_output=True, text=True)
    runs.append([result.returncode, result.stderr.splitlines()])
listing = sorted(os.path.relpath(os.path.join(d, n), out) for d, dirs, files in os.walk(out) for n in dirs + files)
explorer = os.path.join(out, "explorer.html")
print(json.dumps({{"runs": runs, "listing": listing,
                   "explorer": open(explorer, "rb").read().hex() if os.path.exists(explorer) else None}}))
"""


def in_a_mount(out: Path, options: str, *layer_folders: str) -> dict:
    """Mount a tmpfs with ``options`` on ``out`` in a private namespace and build into it there."""
    script = MOUNTED_BUILD.format(build=str(ROOT / "build_maps.py"))
    shell = 'mount -t tmpfs -o "$1" tmpfs "$2" && shift 2 && exec "$@"'
    result = subprocess.run(["unshare", "-rm", "sh", "-c", shell, "sh", options, str(out), sys.executable, "-c",
                             script, str(out), *layer_folders], capture_output=True, text=True, check=False,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


needs_unshare = pytest.mark.skipif(not unshare_available(), reason="no user namespaces to mount a tmpfs in")


@needs_unshare
def test_an_output_that_is_a_mount_point_builds_and_rebuilds(tmp_path, new_layers):
    out = tmp_path / "maps"
    out.mkdir()
    found = in_a_mount(out, "size=200m", "", str(new_layers))
    assert [code for code, _err in found["runs"]] == [0, 0], found["runs"]
    assert b"Changed." in bytes.fromhex(found["explorer"]), "the second build was published"
    assert len([p for p in found["listing"] if p.startswith(".builds/") and p.count("/") == 1]) == 1


@needs_unshare
def test_a_full_file_system_stops_the_build_in_one_line(tmp_path):
    out = tmp_path / "maps"
    out.mkdir()
    found = in_a_mount(out, "size=512k", "")
    [[code, lines]] = found["runs"]
    assert code == 2 and len(lines) == 1 and "No space left on device" in lines[0], lines
    assert found["listing"] == [".builds", ".lock"], "nothing half-written is left"


@needs_unshare
def test_a_read_only_output_stops_the_build_in_one_line(tmp_path):
    out = tmp_path / "maps"
    out.mkdir()
    found = in_a_mount(out, "ro,size=1m", "")
    [[code, lines]] = found["runs"]
    assert code == 2 and lines == [f"error: {out}: the output folder is not writable (Read-only file system) "
                                   f"({out} is unchanged)"]


def test_staging_lives_inside_the_output_folder(tmp_path, monkeypatch):
    """Every rename stays inside OUT, so an OUT on its own file system (a mount) works."""
    out = tmp_path / "maps"
    real_rename, real_replace = os.rename, os.replace

    def same_folder(original):
        def move(source, target, *args, **kwargs):
            if not (str(source).startswith(str(out)) and str(target).startswith(str(out))):
                raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
            return original(source, target, *args, **kwargs)
        return move

    monkeypatch.setattr(os, "rename", same_folder(real_rename))
    monkeypatch.setattr(os, "replace", same_folder(real_replace))
    stage(out, OLD)
    stage(out, NEW)
    assert snapshot(out) == NEW
    assert geo.publish.BUILDS == ".builds"
