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
from .problems import field_name
from .schema import DocumentType, Meeting, Network, Project, ProjectStatus

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
            for index, document in enumerate(data.documents):
                if document.type is DocumentType.MINUTES or _MINUTES.search(document.title):
                    found.append(
                        _at(
                            item,
                            "documents",
                            _e("minutes ('{title}') of a meeting that is still to come ({date})").format(
                                title=document.title, date=data.date.isoformat()
                            ),
                            "minutes-before-meeting",
                            (index,),
                        )
                    )
                    break
        if isinstance(data, (Project, Network)):
            found.extend(_milestone_warnings(item, data, today))
        if complete and not (register.related(item) or item.data.parent or register.children.get(item.id)):
            found.append(
                _at(
                    item,
                    "related",
                    _e("no related items either way; link it to the projects, meetings or networks it belongs with"),
                    "no-related-items",
                )
            )
    return found


def _milestone_warnings(item: Item, data: Project | Network, today: dt.date) -> list[Diagnostic]:
    """Milestones off the term, and planned ones whose day has passed: the register shows
    them on a timeline, so a stale plan is seen by every reader."""
    found = []
    term = data.term if isinstance(data, Project) else None
    for index, milestone in enumerate(data.milestones):
        day = milestone.date.isoformat()
        if term is not None and (milestone.date < term.start or (term.end is not None and milestone.date > term.end)):
            end = term.end.isoformat() if term.end else ""
            message = _e("{date} is outside the term ({start}–{end})").format(
                date=day, start=term.start.isoformat(), end=end
            )
            found.append(_at(item, "milestones", message, "milestone-outside-term", (index, "date")))
        if not milestone.is_reached and milestone.date < today:
            message = _e(
                "{date} has passed but the milestone is not reached: still planned? "
                "Write reached: YYYY-MM-DD once it happened, or move the date"
            ).format(date=day)
            found.append(_at(item, "milestones", message, "milestone-overdue", (index, "reached")))
        if isinstance(milestone.reached, dt.date) and milestone.reached > today:
            message = _e("reached on {date}, which is still to come").format(date=milestone.reached.isoformat())
            found.append(_at(item, "milestones", message, "reached-in-future", (index, "reached")))
    return found


def _at(item: Item, key: str, message: str, code: str, within: tuple[str | int, ...] = ()) -> Diagnostic:
    """At the key in the file that wrote it (the first language's file when neither did);
    ``within``: the place inside the key's value (``(1, "date")``), for line and field."""
    versions = [item.versions[lang] for lang in LANGS if lang in item.versions]
    version = next((v for v in versions if key in v.raw), versions[0])
    line = version.line_of((key, *within)) if key in version.raw else 1
    return Diagnostic(version.source.rel, line, field_name((key, *within)), message, Severity.WARNING, code=code)
