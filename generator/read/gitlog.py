"""What git knows about content files: when they changed, who changed them, old versions.

Optional by design: outside a git checkout (or without git installed) every
question here answers "unknown" and callers fall back to file times.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..text.editor import N_e
from .model import SourceFile


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


# --- the register's change history, read once per build --------------------------------


@dataclass(frozen=True)
class FileChange:
    """One file a commit added (``A``), modified (``M``), deleted (``D``) or renamed (``R``),
    its path relative to the register's root (``content/fi/projects/x.md``)."""

    status: str
    path: str
    old_path: str = ""  # a rename's former path


@dataclass(frozen=True)
class ContentCommit:
    """A commit that changed something under ``content/``.

    ``date`` is the committer date, with its zone: when the change entered the register's
    history.  An author date can be older than commits already published (a rebased or
    cherry-picked commit), and a reader pulling "changed since" would miss it."""

    sha: str
    date: dt.datetime
    subject: str
    changes: tuple[FileChange, ...]

    @property
    def short(self) -> str:
        return self.sha[:10]


#: What git could say: the whole history, nothing (no checkout, no git), or a shallow clone's.
AVAILABLE, UNAVAILABLE, SHALLOW = "available", "unavailable", "shallow"


@dataclass(frozen=True)
class ContentHistory:
    """The commits that changed the register's content, newest first, and each content file's
    commits (renames followed: a file's history goes on under its new name).

    Read with one ``git log`` (:func:`read_history`) rather than a call per file: at
    thousands of items one call per file would take longer than the rest of the build.  Edits
    not yet committed are not in it; ``dirty`` names the files that have them."""

    state: str
    head: str = ""
    commits: tuple[ContentCommit, ...] = ()
    by_file: dict[str, tuple[int, ...]] = field(default_factory=dict)  # path → indices into commits
    dirty: frozenset[str] = frozenset()

    @property
    def available(self) -> bool:
        return self.state == AVAILABLE

    def of_file(self, path: str) -> list[ContentCommit]:
        return [self.commits[index] for index in self.by_file.get(path, ())]

    def of_files(self, paths: list[str]) -> list[ContentCommit]:
        """The commits that changed any of ``paths``, newest first, each once."""
        indices = sorted({index for path in paths for index in self.by_file.get(path, ())})
        return [self.commits[index] for index in indices]

    @property
    def key(self) -> tuple[str, str, frozenset[str]]:
        """Equal keys, equal histories: HEAD, what git could say and which files are edited."""
        return (self.state, self.head, self.dirty)


def _parse_log(out: str) -> list[ContentCommit]:
    """``git log -z --format=%x1e%H%x1f%cI%x1f%s --name-status`` → its commits."""
    commits: list[ContentCommit] = []
    for block in out.split("\x1e")[1:]:
        header, _, rest = block.partition("\0")
        sha, date, subject = header.split("\x1f", 2)
        tokens = [token for token in rest.lstrip("\n").split("\0") if token]
        changes = []
        position = 0
        while position < len(tokens):
            status = tokens[position].strip()
            if status[:1] in ("R", "C"):
                old, new = tokens[position + 1], tokens[position + 2]
                changes.append(FileChange("R" if status[0] == "R" else "A", new, old if status[0] == "R" else ""))
                position += 3
            else:
                changes.append(FileChange(status[:1], tokens[position + 1]))
                position += 2
        if changes:  # a merge shows none of its own
            commits.append(ContentCommit(sha, dt.datetime.fromisoformat(date), subject, tuple(changes)))
    return commits


def _history(state: str, head: str, commits: Iterable[ContentCommit], dirty: frozenset[str]) -> ContentHistory:
    """Commits newest first by commit time (the sha breaks ties), so that a history read whole
    and one read on from an earlier HEAD are the same; and each file's, renames followed."""
    ordered = tuple(sorted(commits, key=lambda c: (c.date, c.sha), reverse=True))
    # Newest first: a rename seen first (going back in time) sends the old name's earlier
    # commits to the name the file has now.
    current: dict[str, str] = {}
    by_file: dict[str, list[int]] = {}
    for index, commit in enumerate(ordered):
        for change in commit.changes:
            now = current.get(change.path, change.path)
            by_file.setdefault(now, []).append(index)
            if change.old_path:
                current[change.old_path] = now
    return ContentHistory(state, head, ordered, {path: tuple(indices) for path, indices in by_file.items()}, dirty)


def read_head(history: GitHistory) -> tuple[str, str]:
    """What git can say (:data:`AVAILABLE`…) and HEAD's sha: one cheap call, to tell whether
    the history must be read again."""
    if shutil.which("git") is None:
        return UNAVAILABLE, ""
    found = history._git("rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
    if found is None:  # not a checkout, or a repository without a commit yet
        found = history._git("rev-parse", "--show-toplevel", "--is-shallow-repository")
        if found is None:
            return UNAVAILABLE, ""
    lines = found.split()
    state = SHALLOW if len(lines) > 1 and lines[1] == "true" else AVAILABLE
    return state, lines[2] if len(lines) > 2 else ""


def dirty_files(history: GitHistory) -> frozenset[str]:
    """Content files (relative to the register's root) with edits git has not committed,
    new files among them."""
    if history.top is None:
        return frozenset()
    out = history._git("status", "--porcelain", "-z", "--untracked-files=all", "--", "content") or ""
    top = history.top.resolve()
    root = history.root.resolve()
    found = set()
    tokens = out.split("\0")
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if len(token) < 4:
            continue
        if token[0] in "RC":
            position += 1  # the former name follows
        with contextlib.suppress(ValueError):
            found.add((top / token[3:]).relative_to(root).as_posix())
    return frozenset(found)


#: ``git log`` over the content: every commit that changed it (``--full-history``: the same
#: commits whichever range is read), with the files each added, modified, deleted or renamed.
LOG = ("-c", "core.quotepath=off", "log", "--full-history", "-z", "--format=%x1e%H%x1f%cI%x1f%s")
LOG_FILES = ("--name-status", "-M", "--relative", "--no-color", "--", "content")


def read_history(root: Path, previous: ContentHistory | None = None) -> ContentHistory:
    """The register's content history: ``previous`` again when HEAD is the same (two cheap
    calls); only the commits after ``previous``'s HEAD when HEAD moved on from it; else one
    ``git log`` over ``content/`` (a second or more for thousands of commits)."""
    history = GitHistory(root)
    state, head = read_head(history)
    if state == UNAVAILABLE:
        return ContentHistory(UNAVAILABLE)
    dirty = dirty_files(history)
    if state == SHALLOW:  # its oldest commit seems to add every file: say nothing rather than that
        return ContentHistory(SHALLOW, head, dirty=dirty)
    if previous is not None and previous.state == state and previous.head == head:
        return ContentHistory(state, head, previous.commits, previous.by_file, dirty)
    if not head:
        return ContentHistory(state, head, dirty=dirty)
    if (
        previous is not None
        and previous.state == state
        and previous.head
        and history._git("merge-base", "--is-ancestor", previous.head, head) is not None
    ):
        newer = history._git(*LOG, f"{previous.head}..{head}", *LOG_FILES)
        if newer is not None:
            return _history(state, head, [*_parse_log(newer), *previous.commits], dirty)
    out = history._git(*LOG, *LOG_FILES)
    if out is None:
        return ContentHistory(UNAVAILABLE)
    return _history(state, head, _parse_log(out), dirty)


def updated_times(history: ContentHistory, sources: Iterable[SourceFile]) -> dict[Path, dt.datetime]:
    """When each file last changed: its newest commit's time, or its modification time when
    git cannot say (no git, a file not committed as it is now).  In a shallow clone a committed
    file has none: its checkout time and its one known commit are both wrong."""
    times: dict[Path, dt.datetime] = {}
    for source in sources:
        if history.state != UNAVAILABLE and source.rel not in history.dirty:
            if history.state == SHALLOW:
                continue
            newest = history.by_file.get(source.rel)
            if newest:
                times[source.path] = history.commits[newest[0]].date
                continue
        with contextlib.suppress(OSError):
            stamp = source.path.stat().st_mtime
            times[source.path] = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
    return times
