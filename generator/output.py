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
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be replaced (permissions, a file in the way…)."""


def _staging_prefix(out: Path) -> str:
    return f".{out.name}-staging-"


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
    """Staging folders of builds that were killed before they could clean up."""
    if not out.parent.is_dir():
        return
    for stray in out.parent.glob(_staging_prefix(out) + "*"):
        shutil.rmtree(stray, ignore_errors=True)


def write_site(
    files: Mapping[str, bytes],
    out: Path,
    before_swap: Callable[[Path], None] | None = None,
    unchanged: set[str] | None = None,
) -> None:
    """Replace ``out`` with ``files`` (site path → bytes), atomically.

    ``before_swap`` may add to the staging folder (the search bundle is made
    from written pages); if it raises, nothing is published.  ``unchanged``
    names files whose bytes are those already in ``out``: they are linked, not
    written again.
    """
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with _lock(out):
            remove_leftovers(out)
            staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(out), dir=out.parent))
            try:
                previous = out if out.is_dir() and unchanged else None
                _write_tree(staging, files, previous, unchanged or set())
                if before_swap is not None:
                    before_swap(staging)
                _swap_in(staging, out)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _write_tree(folder: Path, files: Mapping[str, bytes], previous: Path | None, unchanged: set[str]) -> None:
    """Write ``files``; those ``unchanged`` since the build in ``previous`` are hard-linked
    from it instead (same bytes, same modification time, next to no I/O)."""
    made: set[Path] = set()
    root = folder.resolve()
    for site_path, content in sorted(files.items()):
        target = folder / site_path
        if not target.resolve().is_relative_to(root) or ".." in Path(site_path).parts:
            raise OutputError(f"refusing to write outside the output folder: {site_path}")
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous is not None and site_path in unchanged and _link(previous / site_path, target, len(content)):
            continue
        target.write_bytes(content)
    folder.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable


def _link(source: Path, target: Path, size: int) -> bool:
    try:
        if source.is_symlink() or source.stat().st_size != size:
            return False
        os.link(source, target)
        return True
    except OSError:
        return False


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
