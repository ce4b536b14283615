"""What the terminal shows while a build runs.

A progress bar (rich) when a person is watching a terminal; one plain line per
stage when the output goes to a log (CI); nothing but problems with ``-q``;
stage timings with ``-v``.  Colour only on a terminal.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from ..diagnostics import Severity
from ..text.editor import N_e, _e

PROGRAM = "rekisteri"
STAGES = {
    "check": N_e("checking content"),
    "render": N_e("rendering pages"),
    "search": N_e("preparing the search index"),
    "write": N_e("indexing and writing the site"),
}


def said(message: str) -> str:
    """A line of the command's own (not a problem in a file): ``rekisteri: message``."""
    return f"{PROGRAM}: {message}"


def severity_labels() -> dict[Severity, str]:
    """The words a diagnostic line puts before a warning or a notice, in the editor's language
    (:meth:`Diagnostic.format`); errors have none."""
    return {Severity.WARNING: _e("warning"), Severity.NOTICE: _e("notice")}


def stage_name(stage: str) -> str:
    return _e(STAGES[stage]) if stage in STAGES else stage


class BuildReporter:
    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.console = Console(stderr=True)
        self.interactive = sys.stderr.isatty() and not quiet
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._stage = ""
        self._stage_started = time.perf_counter()

    def __enter__(self) -> BuildReporter:
        if self.interactive:
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._finish_stage()
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._finish_stage()
            self._stage, self._stage_started = stage, time.perf_counter()
            if self._bar is not None:
                self._task = self._bar.add_task(stage_name(stage), total=total or None)
            elif not self.quiet:
                print(said(f"{stage_name(stage)}…"), file=sys.stderr, flush=True)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=done, total=total or None)

    def _finish_stage(self) -> None:
        if self._stage and self.verbose:
            seconds = time.perf_counter() - self._stage_started
            print(said(f"{stage_name(self._stage)}: {seconds:.2f} s"), file=sys.stderr, flush=True)
        if self._bar is not None and self._task is not None:
            self._bar.remove_task(self._task)
            self._task = None
        self._stage = ""
