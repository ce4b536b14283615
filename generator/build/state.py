"""The builder kept between command runs: one pickle file, trusted only from the same code."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

from .. import __version__
from ..text.editor import current_language


def _code_version() -> str:
    """The generator's own code: a saved state made by other code (another release, or an
    edited checkout) is never trusted."""
    digest = hashlib.blake2b(digest_size=8)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):  # every stage's modules, not just this folder's
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


STATE_VERSION = f"{__version__}/{sys.version_info[:2]}/{_code_version()}"  # other code: the state is not used


def state_version() -> str:
    """What a saved state (and the manifest) must have been made by to be trusted: this code,
    speaking this editor's language.  The state keeps each file's diagnostics as worded when
    it was read, so a state made in Finnish would answer a Swedish-speaking editor in Finnish."""
    return f"{STATE_VERSION}/{current_language()}"


@contextlib.contextmanager
def _uncollected() -> Iterator[None]:
    """Pickling a state makes or walks about a million objects, none of them garbage: the
    cyclic collector, run on the way, would only walk them again (about a tenth of a load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def save_state(path: Path, state: object) -> None:
    """Written atomically: a killed build leaves the previous state or none, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # from a build killed while saving
        stale.unlink(missing_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle, _uncollected():
        pickle.dump((state_version(), state), handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def load_state(path: Path) -> object | None:
    """What :func:`save_state` wrote there with this very code, or ``None``."""
    try:
        with path.open("rb") as handle, _uncollected():
            version, state = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return state if version == state_version() else None
