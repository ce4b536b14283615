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
from .model import PARENT_KINDS, Item, Register
from .problems import did_you_mean, field_name
from .schema import ItemData, ItemRef, Organisation, OrganisationRef, ThemeRef
from .yamlsource import Loc

#: An organisation field naming an item, per the item's kind: whole sentences, so that each
#: language words the kind as its grammar needs.
NOT_AN_ORGANISATION = {
    "projects": N_e("'{value}' is a project, not an organisation"),
    "meetings": N_e("'{value}' is a meeting, not an organisation"),
    "networks": N_e("'{value}' is a network, not an organisation"),
}

#: A parent that cannot hold the item, per the parent's kind.
CANNOT_CONTAIN = {
    "projects": N_e("'{value}' is a project, which cannot contain this item"),
    "meetings": N_e("'{value}' is a meeting; a meeting cannot contain other items"),
    "networks": N_e("'{value}' is a network, which cannot contain this item"),
}


@dataclass
class ReferenceMemo:
    """Each item's reference problems as last checked, and the ids they were checked against."""

    checked: dict[str, tuple[Joined, list[Diagnostic]]] = field(default_factory=dict)
    context: tuple[frozenset[str], dict[str, str], frozenset[str] | None, frozenset[str] | None] | None = None


def resolve_references(
    joined: dict[str, Joined],
    register: Register,
    known: dict[str, str],
    diagnostics: list[Diagnostic],
    memo: ReferenceMemo,
    excused: frozenset[str] | None,
    themes_readable: bool = True,
) -> None:
    """Drops the items whose references are broken and gives ``register`` its back-links.

    An item's reference problems depend only on it and on which ids exist: while neither
    changed they are taken from ``memo`` (kept in the load cache) instead of walking every
    item's fields again.  ``excused``: see :func:`reference_problems`."""
    items = register.items
    referrers: dict[str, list[str]] = defaultdict(list)
    by_organisation: dict[str, list[str]] = defaultdict(list)
    broken: set[str] = set()
    themes = frozenset(register.themes) if themes_readable else None
    context = (frozenset(register.organisations), known, excused, themes)
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
                    _references(version.data), j.origin[lang], register.organisations, known, excused, themes
                )
            ]
        checked[item_id] = (j, problems)
        diagnostics.extend(problems)
        if problems:
            broken.add(item_id)
    memo.checked, memo.context = checked, context
    for item_id, problems in _cycles(joined, broken).items():
        diagnostics.extend(problems)
        broken.add(item_id)
    children: dict[str, list[str]] = defaultdict(list)
    by_theme: dict[str, list[str]] = defaultdict(list)
    for item_id, item in items.items():
        for related_id in dict.fromkeys(item.data.related):
            if related_id in items and related_id != item_id:
                referrers[related_id].append(item_id)
        for organisation_id in register.organisation_ids(item):
            by_organisation[organisation_id].append(item_id)
        if item.data.parent is not None:
            children[item.data.parent].append(item_id)
        for theme_id in dict.fromkeys(item.data.themes):
            by_theme[theme_id].append(item_id)
    for item_id in broken:
        del items[item_id]

    def kept(links: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: [i for i in v if i in items] for k, v in links.items()} if broken else dict(links)

    register.referrers = kept(referrers)
    register.by_organisation = kept(by_organisation)
    register.children = kept(children)
    register.by_theme = kept(by_theme)


def _cycles(joined: dict[str, Joined], broken: set[str]) -> dict[str, list[Diagnostic]]:
    """Items whose chain of parents comes back to them: each is told, at its own ``parent``,
    the whole loop, since breaking it at any one item is enough."""
    parent_of = {i: j.item.data.parent for i, j in joined.items() if j.item.data.parent and i not in broken}
    found: dict[str, list[Diagnostic]] = {}
    finished: set[str] = set()
    for start in parent_of:
        path: list[str] = []
        current: str | None = start
        while current is not None and current not in finished and current not in path:
            path.append(current)
            current = parent_of.get(current)
        finished.update(path)
        if current is None or current not in path:
            continue
        loop = path[path.index(current) :]
        shown = " → ".join([*loop, loop[0]])
        for item_id in loop:
            j = joined[item_id]
            for lang, origin in j.origin.items():
                source = origin.get("parent")
                if source is None or source.source.lang != lang:
                    continue
                located = source.parsed.frontmatter
                found.setdefault(item_id, []).append(
                    Diagnostic(
                        source.source.rel,
                        located.line_of(("parent",)),
                        "parent",
                        _e("the parents form a loop: {loop}").format(loop=shown),
                        column=located.column_of(("parent",)),
                        code="parent-loop",
                    )
                )
    return found


def _references(data: ItemData) -> list[Reference]:
    return [
        (loc, value, marker)
        for marker in (OrganisationRef, ItemRef, ThemeRef)
        for loc, value in marked_values(data, marker)
    ]


def reference_problems(
    references: Iterable[Reference],
    origin: dict[str, Loaded],
    organisations: dict[str, Organisation],
    known: dict[str, str],
    excused: frozenset[str] | None,
    themes: frozenset[str] | None = frozenset(),
) -> list[Diagnostic]:
    """``excused``: organisation ids not to report (see :func:`load._load_organisations`).
    ``themes``: the theme ids of themes.yaml; ``None`` when that file could not be read (its
    own error says so, and the ids are not checked)."""
    found: list[tuple[Loc, str, str]] = []  # (where, code, message)
    for loc, value, marker in references:
        if marker is ThemeRef:
            if themes is None or value in themes:
                continue
            if not themes:
                message = _e("unknown theme '{value}': content/themes.yaml lists no themes").format(value=value)
            else:
                message = _e("unknown theme '{value}'{suggestion}").format(
                    value=value, suggestion=did_you_mean(value, themes)
                )
            found.append((loc, "unknown-theme", message))
            continue
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
        own = origin[str(loc[0])].source
        if loc[0] == "parent" and value == own.id:
            found.append((loc, "own-parent", _e("an item cannot be its own parent")))
        elif loc[0] == "parent" and value in known and known[value] not in PARENT_KINDS[own.kind]:
            found.append((loc, "parent-kind", _e(CANNOT_CONTAIN[known[value]]).format(value=value)))
        elif value == own.id:
            found.append((loc, "related-to-itself", _e("an item cannot be related to itself")))
        elif value in organisations and value not in known and loc[0] == "parent":
            message = _e("'{value}' is an organisation; parent names the project or network this item is part of")
            found.append((loc, "not-an-item", message.format(value=value)))
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
        if item is None or not draft_only.intersection([*item.data.related, item.data.parent]):
            continue
        register.items[item_id] = Item(
            item.kind,
            item.id,
            {
                lang: replace(
                    version,
                    data=version.data.model_copy(
                        update={
                            "related": [i for i in version.data.related if i not in draft_only],
                            "parent": None if version.data.parent in draft_only else version.data.parent,
                        }
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
