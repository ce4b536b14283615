"""The browsable lists: each kind's items, by organisation, status or year, page by page.

Readers without JavaScript (and search engines) narrow lists through plain
links; search adds to this, it does not replace it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from . import urls
from .i18n import sort_key
from .pages import KIND_PLURAL, N_, STATUS, Page, PageSpec, Value, years_of
from .register import LANGS, Item
from .schema import Meeting

if TYPE_CHECKING:
    from .pages import PagePlanner

FACETS = ("status", "organisation", "year")
FACET_LABELS = {"status": N_("Status"), "organisation": N_("Organisation"), "year": N_("Year")}
PAGE_OF = N_("Page %(number)d of %(count)d")


@dataclass(frozen=True)
class FacetGroup:
    label: str
    links: list[Value]
    current: str | None


@dataclass(frozen=True)
class Pagination:
    label: str
    previous: str | None
    next: str | None


def facet_values(item: Item, facet: str, planner: PagePlanner) -> list[str]:
    data = item.data
    if facet == "status":
        return [data.status.value] if not isinstance(data, Meeting) else []
    if facet == "organisation":
        return planner.register.organisation_ids(item)
    return [str(year) for year in years_of(data)]


class Listings:
    def __init__(self, planner: PagePlanner) -> None:
        self.planner = planner

    def specs(self, lang: str, kind: str) -> list[PageSpec]:
        items = self.planner.register.of_kind(kind)
        size = self.planner.settings.page_size
        selections: list[tuple[str | None, str | None, int]] = [(None, None, len(items))]
        for name in FACETS:
            counts = Counter(v for item in items for v in facet_values(item, name, self.planner))
            selections += [(name, value, count) for value, count in sorted(counts.items())]
        specs = []
        for facet, value, count in selections:
            for number in range(1, max(1, math.ceil(count / size)) + 1):
                url = urls.listing(lang, kind, facet, value, number)
                specs.append(
                    PageSpec(url, frozenset({f"kind:{kind}"}), partial(self.page, lang, kind, facet, value, number))
                )
        return specs

    def page(self, lang: str, kind: str, facet: str | None, value: str | None, number: int) -> Page:
        planner = self.planner
        _ = planner.gettexts[lang]
        everything = planner.register.of_kind(kind)
        chosen = [i for i in everything if facet is None or value in facet_values(i, facet, planner)]
        items = planner.sorted_items(lang, chosen, newest_first=kind == "meetings")
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
        return Page(
            urls.listing(lang, kind, facet, value, number),
            "list.html",
            lang,
            title if number == 1 else f"{title} ({pagination.label.lower()})",
            {other: urls.listing(other, kind, facet, value, number) for other in LANGS},
            {
                "heading": title,
                "entries": [planner.entry(lang, item) for item in shown],
                "count": len(items),
                "facets": self._facet_groups(lang, kind, everything, facet, value),
                "pagination": pagination if pages > 1 else None,
                "all_url": urls.listing(lang, kind) if facet else None,
            },
            feeds=[Value(f"{planner.settings.title.for_lang(lang)}: {_(KIND_PLURAL[kind])}", urls.feed(lang, kind))],
        )

    def _value_label(self, lang: str, facet: str, value: str) -> str:
        _ = self.planner.gettexts[lang]
        if facet == "status":
            return _(STATUS[value])
        if facet == "organisation":
            return self.planner.register.organisations[value].name.for_lang(lang)
        return value

    def _facet_groups(
        self, lang: str, kind: str, items: Iterable[Item], facet: str | None, value: str | None
    ) -> list[FacetGroup]:
        _ = self.planner.gettexts[lang]
        items = list(items)
        groups = []
        for name in FACETS:
            counts = Counter(v for item in items for v in facet_values(item, name, self.planner))
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
            current = urls.listing(lang, kind, name, value) if name == facet and value else None
            groups.append(FacetGroup(_(FACET_LABELS[name]), links, current))
        return groups
