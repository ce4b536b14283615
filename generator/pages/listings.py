"""The browsable lists: each kind's items, by organisation, status or year, page by page.

Readers without JavaScript (and search engines) narrow lists through plain
links; search adds to this, it does not replace it.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from .. import urls
from ..read.model import LANGS, Item
from ..text.i18n import sort_key
from .contexts import ListContext
from .dependencies import FACETS, facet_values, facets_key, item_key, selection_key
from .descriptions import in_all, shorten
from .labels import KIND_PLURAL, N_, STATUS
from .views import FacetGroup, Page, PageSpec, Pagination, Value

if TYPE_CHECKING:
    from .context import PageContext

FACET_LABELS = {"status": N_("Status"), "organisation": N_("Organisation"), "year": N_("Year")}
PAGE_OF = N_("Page %(number)d of %(count)d")
#: A list's meta description: its title (with the page number), its length and what its entries show.
LIST_DESCRIPTION = {
    "projects": N_("%(title)s, %(count)s: projects with their terms, appointing organisations, people and documents."),
    "meetings": N_("%(title)s, %(count)s: meetings with their dates, organisers, participants and documents."),
    "networks": N_("%(title)s, %(count)s: networks with their organisations, schedules and people."),
}


class Listings:
    """All list pages of one build; what every page of a kind shares is worked out once."""

    def __init__(self, planner: PageContext) -> None:
        self.planner = planner
        self._selections: dict[str, dict[tuple[str | None, str | None], list[Item]]] = {}
        self._sorted: dict[tuple[str, str, str | None, str | None], list[Item]] = {}
        self._groups: dict[tuple[str, str], list[FacetGroup]] = {}

    def following(self, planner: PageContext, changed: dict[str, Item]) -> Listings:
        """These lists for ``planner``'s register, where the ``changed`` items (by id) kept
        their places (see ``PagePlanner.follow``): only the lists holding one are copied,
        with the new item in the old one's place, instead of selecting and sorting again."""
        new = Listings(planner)
        new._selections = {kind: dict(chosen) for kind, chosen in self._selections.items()}
        new._sorted = dict(self._sorted)
        new._groups = dict(self._groups)  # labels and counts only: the same while no item moved
        for item in changed.values():
            chosen = new._selections.get(item.kind)
            if chosen is None:
                continue
            register = planner.register
            for facet, value in [(None, None), *((f, v) for f in FACETS for v in facet_values(item, f, register))]:
                if (facet, value) in chosen:
                    chosen[(facet, value)] = _replaced(chosen[(facet, value)], item)
                for lang in LANGS:
                    key = (lang, item.kind, facet, value)
                    if key in new._sorted:
                        new._sorted[key] = _replaced(new._sorted[key], item)
        return new

    def selections(self, kind: str) -> dict[tuple[str | None, str | None], list[Item]]:
        """(facet, value) → the kind's items it selects; (None, None) → all of them."""
        if kind not in self._selections:
            items = self.planner.register.of_kind(kind)
            chosen: dict[tuple[str | None, str | None], list[Item]] = {(None, None): items}
            for name in FACETS:
                for item in items:
                    for value in facet_values(item, name, self.planner.register):
                        chosen.setdefault((name, value), []).append(item)
            self._selections[kind] = dict(sorted(chosen.items(), key=lambda pair: (pair[0][0] or "", pair[0][1] or "")))
        return self._selections[kind]

    def specs(self, lang: str, kind: str) -> list[PageSpec]:
        """A spec per page of every selection.  A page depends on the items it shows, on
        its selection's order (``sel:`` keys) and on the kind's facet counts, which every page
        shows (``facets:`` key), so an edit re-renders the one page showing the item unless it
        moves the item within, into or out of a list."""
        size = self.planner.settings.page_size
        specs = []
        for facet, value in self.selections(kind):
            items = self.sorted(lang, kind, facet, value)
            for number in range(1, max(1, math.ceil(len(items) / size)) + 1):
                shown = items[(number - 1) * size : number * size]
                specs.append(
                    PageSpec(
                        urls.listing(lang, kind, facet, value, number),
                        frozenset(
                            {selection_key(kind, facet, value), facets_key(kind), *(item_key(i.id) for i in shown)}
                        ),
                        partial(self.page, lang, kind, facet, value, number),
                        {other: urls.listing(other, kind, facet, value, number) for other in LANGS},
                    )
                )
        return specs

    def sorted(self, lang: str, kind: str, facet: str | None, value: str | None) -> list[Item]:
        key = (lang, kind, facet, value)
        if key not in self._sorted:
            chosen = self.selections(kind)[(facet, value)]
            self._sorted[key] = self.planner.sorted_items(lang, chosen, newest_first=kind == "meetings")
        return self._sorted[key]

    def page(self, lang: str, kind: str, facet: str | None, value: str | None, number: int) -> Page:
        planner = self.planner
        _ = planner.gettexts[lang]
        items = self.sorted(lang, kind, facet, value)
        size = planner.settings.page_size
        pages = max(1, math.ceil(len(items) / size))
        shown = items[(number - 1) * size : number * size]
        title = _(KIND_PLURAL[kind])
        if facet is not None and value is not None:
            title = f"{title}: {self._value_label(lang, facet, value)}"
        pagination = Pagination(
            _(PAGE_OF) % {"number": number, "count": pages},
            urls.listing(lang, kind, facet, value, number - 1) if number > 1 else None,
            urls.listing(lang, kind, facet, value, number + 1) if number < pages else None,
        )
        full_title = title if number == 1 else f"{title} ({pagination.label.lower()})"
        description = _(LIST_DESCRIPTION[kind]) % {"title": full_title, "count": in_all(_, len(items))}
        return Page(
            urls.listing(lang, kind, facet, value, number),
            lang,
            full_title,
            {other: urls.listing(other, kind, facet, value, number) for other in LANGS},
            ListContext(
                heading=title,
                entries=[planner.entry(lang, item) for item in shown],
                count=len(items),
                facets=self._facet_groups(lang, kind, facet, value),
                pagination=pagination if pages > 1 else None,
                all_url=urls.listing(lang, kind) if facet else None,
            ),
            description=shorten(description),
            feeds=[Value(f"{planner.settings.title.for_lang(lang)}: {_(KIND_PLURAL[kind])}", urls.feed(lang, kind))],
        )

    def _value_label(self, lang: str, facet: str, value: str) -> str:
        _ = self.planner.gettexts[lang]
        if facet == "status":
            return _(STATUS[value])
        if facet == "organisation":
            return self.planner.register.organisations[value].name.for_lang(lang)
        return value

    def _facet_groups(self, lang: str, kind: str, facet: str | None, value: str | None) -> list[FacetGroup]:
        if (lang, kind) not in self._groups:
            self._groups[(lang, kind)] = self._all_groups(lang, kind)
        current = urls.listing(lang, kind, facet, value) if facet and value else None
        return [
            FacetGroup(g.label, g.links, current if g.name == facet else None, g.name)
            for g in self._groups[(lang, kind)]
        ]

    def _all_groups(self, lang: str, kind: str) -> list[FacetGroup]:
        _ = self.planner.gettexts[lang]
        counted = Counter({key: len(items) for key, items in self.selections(kind).items()})
        groups = []
        for name in FACETS:
            counts = {value: count for (facet, value), count in counted.items() if facet == name and value}
            if not counts:
                continue
            ordered = (
                sorted(counts, reverse=True)
                if name == "year"
                else sorted(counts, key=lambda v: sort_key(self._value_label(lang, name, v)))
            )
            links = [
                Value(f"{self._value_label(lang, name, v)} ({counts[v]})", urls.listing(lang, kind, name, v))
                for v in ordered
            ]
            groups.append(FacetGroup(_(FACET_LABELS[name]), links, None, name))
        return groups


def _replaced(items: list[Item], item: Item) -> list[Item]:
    """A copy of ``items`` with ``item`` in the place of the one of its id."""
    copy = list(items)
    for index, one in enumerate(copy):
        if one.id == item.id:
            copy[index] = item
    return copy
