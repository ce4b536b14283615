"""What git knows about content files: when they changed, who changed them, old versions.

Optional by design: outside a git checkout (or without git installed) every
question here answers "unknown" and callers fall back to file times.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..text.editor import N_e


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: dt.datetime

    @property
    def short(self) -> str:
        return self.sha[:10]


class GitHistory:
    """Read-only git queries about files under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _git(self, *arguments: str) -> str | None:
        if shutil.which("git") is None:
            return None
        try:
            done = subprocess.run(
                ["git", "-C", str(self.root), *arguments],
                capture_output=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

    @cached_property
    def top(self) -> Path | None:
        found = self._git("rev-parse", "--show-toplevel")
        return Path(found.strip()) if found else None

    @property
    def available(self) -> bool:
        return self.top is not None

    @cached_property
    def shallow(self) -> bool:
        """A ``git clone --depth`` checkout (CI's usual one): its oldest commit seems to have
        added every file, so dates and authors read from it would be false, not just old."""
        return (self._git("rev-parse", "--is-shallow-repository") or "").strip() == "true"

    def _relative(self, path: Path) -> str | None:
        if self.top is None:
            return None
        try:
            return path.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError:
            return None

    def log(self, path: Path) -> list[Commit]:
        """Commits that changed ``path``, newest first."""
        relative = self._relative(path)
        if relative is None:
            return []
        out = self._git("log", "--format=%H%x1f%an%x1f%aI", "--", relative)
        commits = []
        for line in (out or "").splitlines():
            sha, author, date = line.split("\x1f")
            commits.append(Commit(sha, author, dt.datetime.fromisoformat(date)))
        return commits

    def show(self, commit: Commit, path: Path) -> bytes | None:
        """The file as it was in ``commit``."""
        relative = self._relative(path)
        if relative is None or shutil.which("git") is None:
            return None
        try:
            done = subprocess.run(
                ["git", "-C", str(self.root), "show", f"{commit.sha}:{relative}"],
                capture_output=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None


#: Why git cannot say when a file changed (said with ``_e`` where it is shown).
SHALLOW_REASON = N_e("shallow git history ('git fetch --unshallow' brings it)")
#: The translation report's note in place of a date and an author (said with ``_e``).
SHALLOW_NOTE = N_e("date and author unavailable: shallow git history ('git fetch --unshallow' brings it)")


def file_dates(history: GitHistory, paths: list[Path]) -> dict[Path, dt.date]:
    """When each file last changed: its last commit, or its modification time when it is
    not committed as it is now (or there is no git).  In a shallow clone a committed file
    has no date: its checkout time and its one known commit are both wrong.  A few git calls
    for any number of files."""
    committed: dict[Path, dt.date] = {}
    dirty: set[Path] = set()
    unknown: set[Path] = set()  # committed, but in a shallow history that cannot say when
    if history.top is not None and history.shallow:
        top = history.top.resolve()
        status = history._git("status", "--porcelain", "--untracked-files=all", "--", "content") or ""
        dirty = {top / line[3:].strip().strip('"') for line in status.splitlines() if len(line) > 3}
        unknown = {path.resolve() for path in paths} - dirty
    elif history.top is not None:
        top = history.top.resolve()
        log = history._git("log", "--format=%x1e%aI", "--name-only", "--", "content") or ""
        for block in log.split("\x1e")[1:]:
            date_line, *names = block.strip().splitlines()
            when = dt.datetime.fromisoformat(date_line.strip()).date()
            for name in names:
                if name.strip():
                    committed.setdefault((top / name.strip()), when)
        status = history._git("status", "--porcelain", "--untracked-files=all", "--", "content") or ""
        dirty = {top / line[3:].strip().strip('"') for line in status.splitlines() if len(line) > 3}
    dates = {}
    for path in paths:
        resolved = path.resolve()
        if resolved in unknown:
            continue  # no "last updated" at all rather than the clone's date
        if resolved in committed and resolved not in dirty:
            dates[path] = committed[resolved]
        else:
            with contextlib.suppress(OSError):
                dates[path] = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()
    return dates
