"""The output folder: one build at a time, staged inside it, published as a whole set at once.

Layout of ``OUT`` (everything but the links is hidden and git-ignored)::

    OUT/.lock                   held (flock) by the build under way; a second build is refused
    OUT/.builds/.staging-XXXX/  the build under way, on the output's own file system
    OUT/.builds/<digest>-<inputs>/  the published build, named by a digest of its contents and one
                                of what it was built from (layers, code, options; see geo.inputs)
    OUT/current -> .builds/<digest>-<inputs>
    OUT/explorer.html -> current/explorer.html, OUT/th -> current/th, ... (one link per entry)

Publishing renames the finished staging folder to its digest and then replaces the one link
``current`` with an atomic rename: a reader opening ``OUT/explorer.html`` (or ``th/...``) gets
the old set before that instant and the new set after it, never a mix of two builds. The
top-level links point through ``current`` and so never change while the set of file names stays
the same; a new name is linked before the switch (and leads nowhere until then), a dropped one
is unlinked after it. (The first build into a folder of plain files from an older version
replaces them by links one by one: a one-time change of layout.)

A rebuild from the same inputs finds them in the published set's name; if its files still give
the digest in that name (nothing was lost or altered), it links that set again and draws nothing.

A failed or interrupted build removes its staging folder; one killed outright leaves it behind,
and the next build sweeps everything in ``.builds`` but the published set. Symbolic links and
``flock`` make this POSIX-only (Linux, macOS).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from geo.errors import BuildError

LOCK = ".lock"
BUILDS = ".builds"
CURRENT = "current"
CATCHABLE_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class OutputFolder:
    """``with OutputFolder(out) as output:`` checks and locks ``out`` and opens a staging folder;
    ``output.write`` stages a file, ``output.publish()`` swaps the whole set in. Leaving the block
    without publishing (an error, a signal) removes the staging folder and keeps the old set."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.builds = out / BUILDS
        self.staging: Path | None = None
        self._lock_fd: int | None = None
        self._created = False
        self._published = False

    def __enter__(self) -> OutputFolder:
        self._check_folder()
        self._lock()
        try:
            self.builds.mkdir(exist_ok=True)
            self._sweep()
            self.staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.builds))
            # mkdtemp makes the folder private (0700); the published maps are for everyone the
            # umask lets read them, like the files written into it (a web server, a colleague).
            self.staging.chmod(0o777 & ~_umask())
        except OSError as exc:
            self._unlock()
            raise BuildError(f"{self.out}: cannot stage the build here ({exc.strerror})") from None
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        with _signals_held():
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
                self.staging = None
            if self._created and not self._published:
                self._remove_created_folder()
            self._unlock()

    def write(self, relative: str, content: str | bytes) -> None:
        """Stage one file of the build (``relative`` to the output folder)."""
        assert self.staging is not None, "write() only inside the with block, before publish()"
        target = self.staging / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                target.write_text(content, encoding="utf-8")
            else:
                target.write_bytes(content)
        except OSError as exc:
            raise BuildError(f"{self.out / relative}: cannot write ({exc.strerror})") from None

    def publish(self, inputs: str | None = None) -> list[Path]:
        """Make the staged set the published one in one atomic step; return its files as readers
        reach them (``OUT/<relative>``). ``inputs``, the digest of what the build read, is kept in
        the set's name, so that a rebuild from the same inputs can reuse it (see :meth:`reuse`)."""
        assert self.staging is not None, "publish() once, inside the with block"
        self._check_nothing_in_the_way(self.staging)
        with _signals_held():
            try:
                content = _digest(self.staging)
                name = content + (f"-{inputs}" if inputs else "")
                final = self.builds / name
                if final.is_dir() and _digest(final) != content:
                    # A damaged copy of this very set (maybe the published one): the new one goes
                    # beside it under a name of its own, so the switch stays one atomic step.
                    final = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.builds))
                    final.rmdir()
                if final.is_dir():  # the same pages again (or a build killed just before its switch)
                    shutil.rmtree(self.staging)
                else:
                    os.rename(self.staging, final)
                self.staging = None
                self._link(final)
            except OSError as exc:
                raise BuildError(f"{self.out}: cannot publish the maps ({exc.strerror}: "
                                 f"{exc.filename or ''})") from None
        return _files(self.out, final)

    def reuse(self, inputs: str) -> list[Path] | None:
        """If the published set was built from these same ``inputs`` and is intact (its files still
        give the digest in its name), link it again and return its files; otherwise None."""
        current = self.out / CURRENT
        if not current.is_symlink():
            return None
        name = os.readlink(current).rsplit("/", 1)[-1]
        final = self.builds / name
        content, built_from = [*name.split("-"), ""][:2]
        if built_from != inputs or final.is_symlink() or not final.is_dir() or _digest(final) != content:
            return None
        self._check_nothing_in_the_way(final)
        with _signals_held():
            try:
                self._link(final)
            except OSError as exc:
                raise BuildError(f"{self.out}: cannot link the maps ({exc.strerror}: {exc.filename or ''})") from None
        return _files(self.out, final)

    def _link(self, final: Path) -> None:
        """Point ``current`` at a build in ``.builds`` and every top-level entry through it; sweep the rest."""
        # A link for a name new in this set points into nothing until the switch, as the
        # old set has no such page; a name the new set drops is unlinked after it.
        entries = sorted(p.name for p in final.iterdir())
        for entry in entries:
            link = self.out / entry
            if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{entry}"):
                _replace_with_link(link, f"{CURRENT}/{entry}", self.builds)
        current = self.out / CURRENT
        if not (current.is_symlink() and os.readlink(current) == f"{BUILDS}/{final.name}"):
            _replace_with_link(current, f"{BUILDS}/{final.name}", self.builds)
        for stale in self.out.iterdir():
            if (stale.is_symlink() and stale.name not in entries
                    and os.readlink(stale).startswith(f"{CURRENT}/")):
                stale.unlink()
        self._sweep()
        self._published = True

    def _check_nothing_in_the_way(self, build: Path) -> None:
        """Refuse, before changing anything, to replace a real folder holding files the ``build``
        does not have (a folder of pages from an older version of the build is replaced; anything
        else is someone's own)."""
        for staged in build.iterdir():
            found = self.out / staged.name
            if not found.is_dir() or found.is_symlink():
                continue
            ours = {p.relative_to(build) for p in staged.rglob("*") if p.is_file()}
            theirs = sorted(p.relative_to(self.out) for p in found.rglob("*") if not p.is_dir())
            foreign = [p for p in theirs if p not in ours]
            if foreign or not staged.is_dir():
                example = f" ({self.out / foreign[0]})" if foreign else ""
                raise BuildError(f"{found}: a folder the build would replace by a link holds files it does "
                                 f"not make{example}; move them away")

    def _check_folder(self) -> None:
        """Refuse an output that is not a folder, or one that cannot be created, before any work."""
        if self.out.exists() and not self.out.is_dir():
            raise BuildError(f"{self.out}: is a file, not a folder; choose another --out")
        self._created = not self.out.exists()
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildError(f"{self.out}: cannot create the output folder ({exc.strerror})") from None
        current = self.out / CURRENT
        if current.exists() and not current.is_symlink():
            raise BuildError(f"{current}: is in the way (the build links this name to the published set)")

    def _lock(self) -> None:
        """Hold ``OUT/.lock`` for the whole build (released by the system even if the build is killed)."""
        import fcntl  # POSIX only; imported here so the analysis package still imports elsewhere

        path = self.out / LOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise BuildError(f"{self.out}: the output folder is not writable ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise BuildError(f"{self.out}: another build (process {holder}) is writing here; "
                             "try again when it has finished") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.ftruncate(self._lock_fd, 0)  # no process id left in a folder at rest
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None

    def _remove_created_folder(self) -> None:
        """A first build that failed takes back the folder it made (and nothing else)."""
        for path in (self.builds, self.out / LOCK, self.out):
            try:
                path.rmdir() if path.is_dir() else path.unlink()
            except OSError:
                return  # not empty: something else lives there now

    def _sweep(self) -> None:
        """Remove everything in ``.builds`` but the published set: staging left by killed builds,
        builds that were replaced, folders moved aside when the output was first linked."""
        for temporary in self.out.glob(".*.link"):
            if temporary.is_symlink():
                temporary.unlink()
        current = self.out / CURRENT
        keep = os.readlink(current).rsplit("/", 1)[-1] if current.is_symlink() else None
        for entry in self.builds.iterdir():
            if entry.name == keep or entry == self.staging:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def _files(out: Path, build: Path) -> list[Path]:
    """A build's files as readers reach them, through the output folder's links."""
    return sorted(out / p.relative_to(build) for p in build.rglob("*") if p.is_file())


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _digest(folder: Path) -> str:
    """A name for a build from its contents: the same pages give the same folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


def _replace_with_link(path: Path, target: str, aside: Path) -> None:
    """Point ``path`` at ``target`` with one atomic rename; a real folder in the way (the output of
    an older build) is first moved into ``aside``, to be swept."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    if temporary.is_symlink():
        temporary.unlink()
    os.symlink(target, temporary)
    if path.is_dir() and not path.is_symlink():
        os.rename(path, Path(tempfile.mkdtemp(prefix=f".old-{path.name}-", dir=aside)) / path.name)
    os.replace(temporary, path)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP while publishing or cleaning up, so a signal takes effect
    after it, never half-way (where it would leave a staging folder or a half-switched set)."""
    held = set(CATCHABLE_SIGNALS)
    if not held or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
