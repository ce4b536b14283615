"""Which organisations and items an item names, and whether they exist.

References are checked once every item is joined, since an item may name any
other; an item with a broken reference is left out of the register, as an item
with any other error is.  What is left gives the register its back-links:
which items name an item in ``related``, and which items each organisation
takes part in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..diagnostics import Diagnostic, Severity
from ..text.editor import N_e, _e
from .facts import marked_values
from .join import Joined, Loaded, Reference
from .model import Item, Register
from .problems import did_you_mean, field_name
from .schema import ItemData, ItemRef, Organisation, OrganisationRef
from .yamlsource import Loc

#: An organisation field naming an item, per the item's kind: whole sentences, so that each
#: language words the kind as its grammar needs.
NOT_AN_ORGANISATION = {
    "projects": N_e("'{value}' is a project, not an organisation"),
    "meetings": N_e("'{value}' is a meeting, not an organisation"),
    "networks": N_e("'{value}' is a network, not an organisation"),
}


@dataclass
class ReferenceMemo:
    """Each item's reference problems as last checked, and the ids they were checked against."""

    checked: dict[str, tuple[Joined, list[Diagnostic]]] = field(default_factory=dict)
    context: tuple[frozenset[str], dict[str, str], frozenset[str] | None] | None = None


def resolve_references(
    joined: dict[str, Joined],
    register: Register,
    known: dict[str, str],
    diagnostics: list[Diagnostic],
    memo: ReferenceMemo,
    excused: frozenset[str] | None,
) -> None:
    """Drops the items whose references are broken and gives ``register`` its back-links.

    An item's reference problems depend only on it and on which ids exist: while neither
    changed they are taken from ``memo`` (kept in the load cache) instead of walking every
    item's fields again.  ``excused``: see :func:`reference_problems`."""
    items = register.items
    referrers: dict[str, list[str]] = defaultdict(list)
    by_organisation: dict[str, list[str]] = defaultdict(list)
    broken: set[str] = set()
    context = (frozenset(register.organisations), known, excused)
    same_context = memo.context == context
    checked: dict[str, tuple[Joined, list[Diagnostic]]] = {}
    for item_id, j in joined.items():
        earlier = memo.checked.get(item_id) if same_context else None
        if earlier is not None and earlier[0] is j:
            problems = earlier[1]
        else:
            problems = [
                problem
                for lang, version in j.item.versions.items()
                for problem in reference_problems(
                    _references(version.data), j.origin[lang], register.organisations, known, excused
                )
            ]
        checked[item_id] = (j, problems)
        diagnostics.extend(problems)
        if problems:
            broken.add(item_id)
    memo.checked, memo.context = checked, context
    for item_id, item in items.items():
        for related_id in dict.fromkeys(item.data.related):
            if related_id in items and related_id != item_id:
                referrers[related_id].append(item_id)
        for organisation_id in register.organisation_ids(item):
            by_organisation[organisation_id].append(item_id)
    for item_id in broken:
        del items[item_id]
    if broken:
        referrers = defaultdict(list, {k: [i for i in v if i in items] for k, v in referrers.items()})
        by_organisation = defaultdict(list, {k: [i for i in v if i in items] for k, v in by_organisation.items()})
    register.referrers = dict(referrers)
    register.by_organisation = dict(by_organisation)


def _references(data: ItemData) -> list[Reference]:
    return [(loc, value, marker) for marker in (OrganisationRef, ItemRef) for loc, value in marked_values(data, marker)]


def reference_problems(
    references: Iterable[Reference],
    origin: dict[str, Loaded],
    organisations: dict[str, Organisation],
    known: dict[str, str],
    excused: frozenset[str] | None,
) -> list[Diagnostic]:
    """``excused``: organisation ids not to report (see :func:`load._load_organisations`)."""
    found: list[tuple[Loc, str, str]] = []  # (where, code, message)
    for loc, value, marker in references:
        if marker is OrganisationRef:
            if value in organisations or excused is None or value in excused:
                continue
            if value in known:
                message = _e(NOT_AN_ORGANISATION[known[value]]).format(value=value)
                found.append((loc, "not-an-organisation", message))
            else:
                message = _e("unknown organisation '{value}'{suggestion}").format(
                    value=value, suggestion=did_you_mean(value, organisations)
                )
                found.append((loc, "unknown-organisation", message))
            continue
        own_id = origin[str(loc[0])].source.id
        if value == own_id:
            found.append((loc, "related-to-itself", _e("an item cannot be related to itself")))
        elif value in organisations and value not in known:
            message = _e("'{value}' is an organisation; related lists projects, meetings and networks").format(
                value=value
            )
            found.append((loc, "not-an-item", message))
        elif value not in known:
            message = _e("unknown item '{value}'{suggestion}").format(
                value=value, suggestion=did_you_mean(value, known)
            )
            found.append((loc, "unknown-item", message))
    diagnostics = []
    for loc, code, message in found:
        located = origin[str(loc[0])].parsed.frontmatter
        rel = origin[str(loc[0])].source.rel
        diagnostics.append(
            Diagnostic(rel, located.line_of(loc), field_name(loc), message, column=located.column_of(loc), code=code)
        )
    return diagnostics


def unlink_drafts(joined: dict[str, Joined], register: Register, draft_only: set[str]) -> list[Diagnostic]:
    """A published item naming an item that is still a draft: the id is left out of its
    ``related`` (no page, list or data file may name what is not published) and the editor
    told, as a warning, because publishing the draft brings the link back by itself.  The
    register gets a changed copy; the cached item keeps what the file says."""
    found = []
    for item_id, j in joined.items():
        item = register.items.get(item_id)
        if item is None or not draft_only.intersection(item.data.related):
            continue
        register.items[item_id] = Item(
            item.kind,
            item.id,
            {
                lang: replace(
                    version,
                    data=version.data.model_copy(
                        update={"related": [i for i in version.data.related if i not in draft_only]}
                    ),
                )
                for lang, version in item.versions.items()
            },
            item.drafts,
        )
        for lang, version in j.item.versions.items():
            for loc, value in marked_values(version.data, ItemRef):
                if value not in draft_only:
                    continue
                origin = j.origin[lang][str(loc[0])]
                located = origin.parsed.frontmatter
                found.append(
                    Diagnostic(
                        origin.source.rel,
                        located.line_of(loc),
                        field_name(loc),
                        _e("'{value}' is a draft; the link to it is left out until it is published").format(
                            value=value
                        ),
                        Severity.WARNING,
                        located.column_of(loc),
                        code="draft-link",
                    )
                )
    return found
