"""The no-change shortcut: tell that nothing a build reads has changed without loading the
saved build state.

The state (parsed files, the register, digests of every published file) takes seconds
to load and save for a large register.  Beside it the build keeps this small manifest:
the size, modification time and inode of every input file (like git's index), the
build it published, and that build's warnings.  When all of those still hold, the
published site is what a build would write, and ``build`` returns at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from ..cms.admin import editor_inputs
from ..diagnostics import Diagnostic
from ..read.gitlog import GitHistory, read_head
from ..read.source import is_leftover
from ..render.theme import theme_search_path

Signature = tuple[int, int, int]  # size, mtime in ns, inode


@dataclass(frozen=True)
class Manifest:
    version: str
    root: str
    strict: bool
    search: bool
    today: str  # warnings depend on the date (a meeting now in the past…)
    out: str
    build_id: str
    files: int
    inputs: dict[str, Signature]
    diagnostics: list[Diagnostic]
    history: tuple[str, str]  # what git can say and HEAD: a commit changes pages, not a file


def history_head(root: Path) -> tuple[str, str]:
    """The content history's state and HEAD (one cheap git call): a new commit makes pages'
    change histories and feeds' times differ while every input file stays as it was."""
    return read_head(GitHistory(root))


def input_signatures(root: Path) -> dict[str, Signature]:
    """Every file a build may read: settings, content and the themes it may use."""
    found: dict[str, Signature] = {}
    # Settings, and the editor's bundle and start script (a new one changes /admin/).
    for path in [root / "pyproject.toml", *editor_inputs()]:
        with contextlib.suppress(OSError):
            info = path.stat()
            found[str(path)] = (info.st_size, info.st_mtime_ns, info.st_ino)
    for folder in [root / "content", *theme_search_path(root)]:
        _scan(str(folder), found)
    return found


def _scan(folder: str, found: dict[str, Signature]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if is_leftover(entry.name):  # not read by the build either: a swap file must not void the shortcut
            continue
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                _scan(entry.path, found)
            continue
        with contextlib.suppress(OSError):
            info = entry.stat()
            found[entry.path] = (info.st_size, info.st_mtime_ns, info.st_ino)


def make(
    version: str,
    root: Path,
    strict: bool,
    search: bool,
    out: Path,
    build_id: str,
    files: int,
    inputs: dict[str, Signature],
    diagnostics: list[Diagnostic],
    history: tuple[str, str],
) -> Manifest:
    return Manifest(
        version,
        str(root.absolute()),
        strict,
        search,
        dt.date.today().isoformat(),
        str(out),
        build_id,
        files,
        inputs,
        diagnostics,
        history,
    )


def save(manifest: Manifest, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        pickle.dump(manifest, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def load(path: Path) -> Manifest | None:
    try:
        with path.open("rb") as handle:
            manifest = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return manifest if isinstance(manifest, Manifest) else None


def still_published(
    manifest: Manifest | None, version: str, root: Path, strict: bool, search: bool, out: Path, marker: Path
) -> bool:
    """Whether the last build's output stands as it is: same generator, options, day and
    inputs, and the output folder still the one that build published."""
    if manifest is None or (manifest.version, manifest.strict, manifest.search) != (version, strict, search):
        return False
    if (
        manifest.root != str(root.absolute())
        or manifest.out != str(out)
        or manifest.today != dt.date.today().isoformat()
    ):
        return False
    try:
        if marker.read_text(encoding="utf-8").strip() != manifest.build_id:
            return False
    except OSError:
        return False
    return input_signatures(root) == manifest.inputs and history_head(root) == manifest.history
