"""Problems found in the content, carried as values rather than raised.

Editors fix a whole batch of mistakes per round trip, so every stage appends
to a list of diagnostics and the build decides at the end whether to publish.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"  # worth knowing (a draft left out), never a failure, not even with --strict


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place, printed as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    column: int = 0  # 1-based; 0 when only the line is known
    code: str = ""  # stable per kind of problem (``unknown-field``), whatever language the message is in

    def format(self, severity_labels: Mapping[Severity, str] | None = None) -> str:
        """``severity_labels``: the words for "warning" and "notice" in the editor's language."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        label = (severity_labels or {}).get(self.severity, self.severity.value)
        prefix = "" if self.severity is Severity.ERROR else f" {label}:"
        return f"{where}:{prefix}{field} {self.message}"


def as_json(diagnostics: list[Diagnostic]) -> str:
    """For editors' tools and CI annotations: ``rekisteri check --format json``."""
    return json.dumps(
        [
            {
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "field": d.field,
                "message": d.message,
                "severity": d.severity.value,
                "code": d.code,
            }
            for d in diagnostics
        ],
        ensure_ascii=False,
        indent=2,
    )


def display_path(path: Path, root: Path) -> str:
    """Paths relative to the register root, as the editor sees them in git."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Dedupe and sort by file and line, so output reads like a compiler's."""
    return sorted(set(diagnostics))


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
