"""Warnings: content that is valid but probably not what the editor meant.

They never fail a build unless ``--strict`` asks for it; an editor sees them
next to the errors, in the same ``path:line: field: message`` form.
"""

from __future__ import annotations

import datetime as dt
import re

from ..diagnostics import Diagnostic, Severity
from ..text.editor import _e
from .model import LANGS, Item, Register
from .schema import Meeting, Project, ProjectStatus

_MINUTES = re.compile(r"pöytäkirja|muistio|protokoll|promemoria|minutes", re.IGNORECASE)


def content_warnings(register: Register, today: dt.date, complete: bool = True) -> list[Diagnostic]:
    """``complete=False``: some items failed to load, so links to them are not seen; the
    "no related items" warning would then blame the wrong files, and is left out."""
    found: list[Diagnostic] = []
    for item in register.items.values():
        data = item.data
        if (
            isinstance(data, Project)
            and data.status is ProjectStatus.ACTIVE
            and data.term.end
            and data.term.end < today
        ):
            found.append(
                _at(
                    item,
                    "status",
                    _e("the term ended on {date} but the status is still 'active'").format(
                        date=data.term.end.isoformat()
                    ),
                    "ended-but-active",
                )
            )
        if isinstance(data, Meeting) and data.date > today:
            for attachment in data.attachments:
                if _MINUTES.search(attachment.title):
                    found.append(
                        _at(
                            item,
                            "attachments",
                            _e("minutes ('{title}') of a meeting that is still to come ({date})").format(
                                title=attachment.title, date=data.date.isoformat()
                            ),
                            "minutes-before-meeting",
                        )
                    )
                    break
        if complete and not register.related(item):
            found.append(
                _at(
                    item,
                    "related",
                    _e("no related items either way; link it to the projects, meetings or networks it belongs with"),
                    "no-related-items",
                )
            )
    return found


def _at(item: Item, key: str, message: str, code: str) -> Diagnostic:
    """At the key in the file that wrote it (the first language's file when neither did)."""
    versions = [item.versions[lang] for lang in LANGS if lang in item.versions]
    version = next((v for v in versions if key in v.key_lines), versions[0])
    line = version.key_lines.get(key, 1)
    return Diagnostic(version.source.rel, line, key, message, Severity.WARNING, code=code)
