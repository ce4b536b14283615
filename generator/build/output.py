"""Writing the site so that readers never see a half-built one.

The new site is written into a fresh folder beside the output and then
swapped in with one atomic ``renameat2(RENAME_EXCHANGE)`` where Linux offers
it (a plain rename pair elsewhere).  A build that dies at any point leaves the
previous site in place; its leftovers are removed by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from ..pages.views import Content
from ..text.editor import _e

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be replaced (permissions, a file in the way…)."""


class UnsafeOutput(OutputError):
    """An output folder rekisteri refuses to write: replacing it could destroy the user's files.
    Raised before anything is touched; a usage error, not a content error."""


BUILD_ID_FILE = ".rekisteri-build"  # in every output a build made: which build wrote it (a digest of its files)
_STAGING_MARKER = ".rekisteri-staging"  # in every staging or scratch folder, so only ours are ever removed
_PROTECTED = ("content", "themes", ".git", ".cache", "pyproject.toml")  # inside a register root


def _staging_prefix(out: Path) -> str:
    return f".{out.name}-staging-"


def guard_output(out: Path, root: Path, force: bool = False, marker: str = BUILD_ID_FILE, what: str = "") -> Path:
    """The resolved output folder, or :class:`UnsafeOutput` when replacing it could lose data.

    Output goes where the user says, and a full build replaces that folder whole; so a
    mistyped ``--out`` (``.``, ``content``, an empty CI variable that became the current
    folder) would delete the register, ``.git`` included.  A folder is ours to replace
    only when it is empty or a previous rekisteri run left its ``marker`` there;
    ``--force`` overrides that, never the register's own folders or the user's home.
    ``what``: the thing written, an English message marked with ``N_e`` ("the site" when not
    given), said in the editor's language."""
    what = _e(what) if what else _e("the site")
    resolved = out.resolve()
    root = root.resolve()
    generator = Path(__file__).resolve().parents[1]
    home = Path.home().resolve()
    if resolved == Path(resolved.anchor) or home.is_relative_to(resolved):
        raise UnsafeOutput(
            _e("refusing to write {what} to {out}: it would replace {out} whole").format(what=what, out=resolved)
        )
    if root.is_relative_to(resolved):
        raise UnsafeOutput(
            _e(
                "refusing to write {what} to {out}: it would replace the register at {root}; "
                "choose a folder of its own, e.g. --out {example}"
            ).format(what=what, out=resolved, root=root, example=root / "build")
        )
    for folder in [*(root / name for name in _PROTECTED), generator, generator.parent / "themes"]:
        if resolved.is_relative_to(folder) or folder.is_relative_to(resolved):
            raise UnsafeOutput(
                _e(
                    "refusing to write {what} to {out}: it would replace {folder} or lie inside it; "
                    "choose a folder of its own, e.g. --out {example}"
                ).format(what=what, out=resolved, folder=folder, example=root / "build")
            )
    if resolved.is_symlink() or (resolved.exists() and not resolved.is_dir()):
        raise UnsafeOutput(
            _e("{out} exists and is not a folder; choose another --out or remove it yourself").format(out=resolved)
        )
    if resolved.is_dir() and not force and not (resolved / marker).exists():
        try:
            empty = not any(resolved.iterdir())
        except OSError as exc:
            raise UnsafeOutput(
                _e("cannot read {path}: {error}").format(path=resolved, error=exc.strerror or exc)
            ) from exc
        if not empty:
            raise UnsafeOutput(
                _e(
                    "{out} already holds files that rekisteri did not write (no {marker} in it), "
                    "and writing {what} there would replace them; choose another --out, remove the "
                    "folder yourself, or add --force to replace it"
                ).format(out=resolved, marker=marker, what=what)
            )
    return resolved


def _make_staging(out: Path) -> Path:
    """A private folder beside ``out`` (same file system, so its contents can be renamed in),
    marked as rekisteri's so that a later run removes it only if it is ours."""
    folder = Path(tempfile.mkdtemp(prefix=_staging_prefix(out), dir=out.parent))
    (folder / _STAGING_MARKER).touch()
    return folder


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the kernel or libc cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """Two builds into one output wait for each other instead of interleaving.

    The lock is taken on the parent folder itself, so no lock file is left behind.
    """
    descriptor = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed before they could clean up: only those that
    carry our marker or a published build's (or are empty: killed right after being made); a folder of the user's
    that happens to share the name is left alone.  Called under the output's lock, so no
    live build's folder is among them."""
    if not out.parent.is_dir():
        return
    for stray in out.parent.glob(_staging_prefix(out) + "*"):
        if stray.is_symlink() or not stray.is_dir():
            continue
        if (stray / _STAGING_MARKER).exists() or (stray / BUILD_ID_FILE).exists():  # after a swap: the old site
            shutil.rmtree(stray, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                stray.rmdir()


def digest(data: Content) -> str:
    """What the saved state keeps of a file instead of its bytes."""
    if isinstance(data, list):
        raise ValueError("a file in pieces comes with its digest")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def joined(data: Content) -> bytes:
    return b"".join(data) if isinstance(data, list) else data


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _write(target: Path, data: Content) -> None:
    """Straight to the descriptor: a clean build writes thousands of files, and a buffered
    file object costs more than the few system calls a page needs."""
    descriptor = os.open(target, _WRITE_FLAGS, 0o666)
    try:
        for piece in data if isinstance(data, list) else [data]:
            view = memoryview(piece)
            while view:
                view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _checked(site_path: str) -> str:
    if site_path and site_path[0] not in "/." and "/." not in site_path and "//" not in site_path:
        return site_path  # no empty, '.' or '..' segment and not absolute: the path of nearly every file
    parts = PurePosixPath(site_path).parts
    if not parts or PurePosixPath(site_path).is_absolute() or ".." in parts:
        raise OutputError(_e("refusing to write outside the output folder: {path}").format(path=site_path))
    return site_path


class Writer:
    """Where a build's files go as they are made (in the build process or forked render
    workers, so it holds only paths and a read-only digest map)."""

    def put(self, site_path: str, data: Content, known_digest: str = "") -> str:
        """Take one file; its digest (``known_digest`` when the caller has one; required
        when the file comes in pieces)."""
        raise NotImplementedError


class FolderWriter(Writer):
    """Writes files into a staging folder as they are made, so no build holds the whole site
    in memory.  A file whose bytes are those already published (same digest) is hard-linked
    from the published folder instead: same bytes, same modification time, next to no I/O.
    """

    def __init__(self, folder: Path, previous: Path | None = None, published: Mapping[str, str] | None = None) -> None:
        self.folder = folder
        self.previous = previous
        self.published = published or {}
        self._made: set[str] = set()

    def put(self, site_path: str, data: Content, known_digest: str = "") -> str:
        file_digest = known_digest or digest(data)
        target = self._target(site_path)
        if self.published.get(site_path) != file_digest or not self._link(site_path, target):
            _write(target, data)
        return file_digest

    def _target(self, site_path: str) -> Path:
        parent = _checked(site_path).rpartition("/")[0]
        if parent not in self._made:
            (self.folder / parent).mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        return self.folder / site_path

    def _link(self, site_path: str, target: Path) -> bool:
        if self.previous is None:
            return False
        source = self.previous / site_path
        try:
            if source.is_symlink():
                return False
            os.link(source, target)
            return True
        except OSError:
            return False


class InPlaceWriter(Writer):
    """An incremental build's changed files, put in a scratch folder beside the output and
    renamed over the published ones by :meth:`commit` once the whole build has succeeded.

    Relinking a whole site into a staging folder costs two syscalls per file and folder
    (seconds at 10,000 pages) however small the edit; this costs one rename per changed
    file.  Each file is replaced atomically and all of them in one short burst at the end.
    The build marker names no build during the burst and this one after it, so a build
    killed inside the burst is followed by a full, staged build; one killed before it leaves the
    output untouched and its scratch folder for the next build to remove.
    """

    def __init__(self, out: Path, scratch: Path, published: Mapping[str, str]) -> None:
        self.out = out
        self.scratch = scratch
        self.published = published

    def put(self, site_path: str, data: Content, known_digest: str = "") -> str:
        file_digest = known_digest or digest(data)
        if self.published.get(site_path) != file_digest:
            pending = self.scratch / _checked(site_path)
            pending.parent.mkdir(parents=True, exist_ok=True)
            _write(pending, data)
        return file_digest

    def commit(
        self,
        changed: Iterable[str],
        removed: Iterable[str],
        marker: str,
        marker_text: str,
        during: Callable[[], None] | None = None,
    ) -> None:
        """Rename the changed files over the published ones and remove ``removed``;
        ``during`` runs inside the burst (the search bundle's swap)."""
        marker_path = self.out / marker
        # The marker stays (the folder is still rekisteri's to replace) but names no build, so
        # a build killed inside the burst is followed by a full, staged one.
        unfinished = self.scratch / f"{marker}.unfinished"
        unfinished.write_text("unfinished\n", encoding="utf-8")
        unfinished.replace(marker_path)
        if during is not None:
            during()
        for site_path in changed:
            target = self.out / site_path
            try:
                (self.scratch / site_path).replace(target)
            except FileNotFoundError:  # a new page's folder
                target.parent.mkdir(parents=True, exist_ok=True)
                (self.scratch / site_path).replace(target)
        for site_path in removed:
            target = self.out / _checked(site_path)
            target.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the folder of a page that is gone, if now empty
                target.parent.rmdir()
        temporary = self.scratch / marker
        temporary.write_text(marker_text, encoding="utf-8")
        temporary.replace(marker_path)


def apply_changes(folder: Path, written: Mapping[str, Content], removed: Iterable[str]) -> None:
    """Bring a folder that is being read meanwhile (``serve``'s) up to date with one rebuild's
    files, each written beside its target and renamed over it: a reader gets the old bytes or
    the new, never half a page.  No staging and no marker: the folder is private and lives
    only as long as the process, so there is no earlier build to fall back to."""
    for site_path in removed:
        (folder / _checked(site_path)).unlink(missing_ok=True)
    for site_path, data in written.items():
        target = folder / _checked(site_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        _write(temporary, data)
        temporary.replace(target)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[Path]:
    """``out`` (absolute) while no other build writes to it."""
    out = out.absolute()
    try:
        with _lock(out):
            yield out
    except OSError as exc:
        raise OutputError(_e("cannot write {path}: {error}").format(path=out, error=exc.strerror or exc)) from exc


def scratch_folder(out: Path) -> Path:
    """A private folder beside ``out``; removed by the caller, or by the next build if this
    one is killed."""
    return _make_staging(out)


@contextlib.contextmanager
def publishing(out: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``out``; when the block ends without an exception it
    replaces ``out`` in one atomic swap, otherwise it is removed and ``out`` is untouched.
    Other builds into the same output wait meanwhile."""
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(_e("{path} exists and is not a folder").format(path=out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with _lock(out):
            remove_leftovers(out)
            staging = _make_staging(out)
            try:
                yield staging
                (staging / _STAGING_MARKER).unlink()  # the folder is published as it is
                staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
                _swap_in(staging, out)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(_e("cannot write {path}: {error}").format(path=out, error=exc.strerror or exc)) from exc


def link_tree(source: Path, target: Path) -> None:
    """A copy of folder ``source`` at ``target`` made of hard links (copies where links fail)."""
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, destination)
            except OSError:
                shutil.copy2(path, destination)


def exchange_or_replace(new: Path, current: Path) -> None:
    """Put folder ``new`` where ``current`` is, atomically where the kernel allows;
    afterwards ``new`` holds the old folder (or nothing) for the caller to remove."""
    if current.exists() and _exchange(new, current):
        return
    if current.exists():
        shutil.rmtree(current)
    new.rename(current)


def _swap_in(staging: Path, out: Path) -> None:
    """After this, ``out`` is the new site and ``staging`` holds the old one (or nothing)."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return
    # Fallback: two renames; a crash between them leaves the old site in a staging folder.
    previous = Path(tempfile.mkdtemp(prefix=_staging_prefix(out), dir=out.parent))
    previous.rmdir()
    out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
