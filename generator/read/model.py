"""What a register is once read: items joined across languages, and facts about them.

Every stage above ``read`` works with these types; they hold no loading logic
(see :mod:`load`), so a page, a feed or a search record can ask an item its
date or owner without knowing how it was read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .facts import marked_values
from .schema import MODELS, ItemData, Meeting, Network, Organisation, OrganisationRef, Project, Theme

LANGS: tuple[str, ...] = ("fi", "sv")
KINDS: tuple[str, ...] = tuple(MODELS)
ORGANISATIONS_FILE = "organisations.yaml"
THEMES_FILE = "themes.yaml"
#: Which kinds an item of each kind may be part of (``parent``): a project or a network may
#: hold sub-projects, its meetings and working groups; a meeting holds nothing.
PARENT_KINDS: dict[str, tuple[str, ...]] = {
    "projects": ("projects", "networks"),
    "meetings": ("projects", "networks"),
    "networks": ("projects", "networks"),
}


@dataclass(frozen=True)
class SourceFile:
    """Where one language version of an item lives."""

    path: Path
    rel: str
    lang: str
    kind: str
    id: str


@dataclass(frozen=True)
class Version:
    """One language's complete view of an item: its own file plus inherited facts."""

    lang: str
    source: SourceFile
    data: ItemData
    body: str
    body_line: int
    inherited: frozenset[str]
    raw: Mapping[str, Any] = field(default_factory=dict)  # this file's own frontmatter, as parsed
    text_hash: str = ""  # of the translatable text; see texthash.py
    lines: Mapping[tuple[str | int, ...], int] = field(default_factory=dict)  # any location → line in this file

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """Line of the deepest location this file wrote (a warning about ``milestones[1].date``
        points at that entry, not at the ``milestones:`` key)."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


@dataclass
class Item:
    """An item joined across languages; at least one version exists."""

    kind: str
    id: str
    versions: dict[str, Version]
    # Draft versions a published build leaves out: only the translation report looks at them.
    drafts: dict[str, Version] = field(default_factory=dict)

    def version(self, lang: str) -> Version:
        """The version to show a reader of ``lang``: its own, else the other language's."""
        if lang in self.versions:
            return self.versions[lang]
        return next(self.versions[other] for other in LANGS if other in self.versions)

    @property
    def data(self) -> ItemData:
        """Neutral facts, identical in every version once the join has passed."""
        return self.version(LANGS[0]).data


@dataclass
class Register:
    root: Path
    organisations: dict[str, Organisation]
    items: dict[str, Item]
    referrers: dict[str, list[str]] = field(default_factory=dict)
    by_organisation: dict[str, list[str]] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # parent id → ids of items naming it as parent
    by_theme: dict[str, list[str]] = field(default_factory=dict)
    drafts_only: frozenset[str] = frozenset()  # ids of items left out because every file is a draft
    _organisations_named: dict[str, tuple[Item, list[str]]] = field(default_factory=dict, repr=False)

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items.values() if item.kind == kind]

    def related(self, item: Item) -> list[Item]:
        """Items this one names, then items that name it, each once."""
        ids = dict.fromkeys([*item.data.related, *self.referrers.get(item.id, [])])
        return [self.items[i] for i in ids if i in self.items and i != item.id]

    def organisation_ids(self, item: Item) -> list[str]:
        """Every organisation an item names, in the order it names them."""
        known = self._organisations_named.get(item.id)
        if known is None or known[0] is not item:
            known = (item, list(dict.fromkeys(v for _, v in marked_values(item.data, OrganisationRef))))
            self._organisations_named[item.id] = known
        return known[1]

    def parent(self, item: Item) -> Item | None:
        parent_id = item.data.parent
        return self.items.get(parent_id) if parent_id else None

    def children_of(self, item: Item) -> list[Item]:
        return [self.items[i] for i in self.children.get(item.id, []) if i in self.items]

    def items_with_theme(self, theme_id: str) -> list[Item]:
        return [self.items[i] for i in self.by_theme.get(theme_id, []) if i in self.items]

    def items_of(self, organisation_id: str) -> list[Item]:
        return [self.items[i] for i in self.by_organisation.get(organisation_id, [])]


def item_date(item: Item) -> dt.date | None:
    data = item.data
    if isinstance(data, Project):
        return data.term.start
    if isinstance(data, Meeting):
        return data.date
    return None


def years_of(data: Project | Meeting | Network) -> list[int]:
    """Years an item belongs to: a meeting's year, every year of a project's term."""
    if isinstance(data, Meeting):
        return [data.date.year]
    if isinstance(data, Project):
        end = data.term.end or data.term.start
        return list(range(data.term.start.year, max(end, data.term.start).year + 1))
    return []


def owner_of(data: Project | Meeting | Network) -> str:
    if isinstance(data, Project):
        return data.appointed_by
    if isinstance(data, Meeting):
        return data.organiser
    return data.organisation
