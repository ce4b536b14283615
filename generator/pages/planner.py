"""The site's table of contents: every page it has, what each shows, and who makes it.

``PagePlanner.specs()`` lists a :class:`PageSpec` per page — URL, dependency keys
and the page family function that plans it — without planning any; a rebuild
plans only the specs an edit touches.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from .. import urls
from ..read.model import KINDS, LANGS, Item, Register
from . import catalog, changes, datafiles, feeds, opendata, overview, people, sections, themes
from .context import PageContext
from .dependencies import (
    ANY_ITEM,
    FACTS,
    HISTORY,
    PAGES,
    SpecIndex,
    family,
    history_key,
    item_key,
    kind_key,
    order_of,
    organisation_key,
    selection_key,
    selections_of,
    spec_index,
    theme_key,
)
from .item import item_page, versions
from .listings import Listings
from .views import File, Page, PageSpec


def _place(register: Register, item: Item) -> tuple[object, ...]:
    """What of an item decides which pages the site has and what each depends on: its lists
    and its place in them, the items its page shows, the languages it has text in."""
    return (
        order_of(item),
        selections_of(register, item),
        [other.id for other in register.related(item)],
        [other.id for other in family(register, item)],
        versions(item),
    )


class PagePlanner(PageContext):
    """Plans every page of one register; one instance per build."""

    _specs: list[PageSpec] | None = None
    _index: SpecIndex | None = None
    listings: Listings

    def index(self) -> SpecIndex:
        """:func:`spec_index` of the specs, made once for every planner that follows this one's."""
        assert self._specs is not None
        if self._index is None:
            self._index = spec_index(self._specs)
        return self._index

    def follow(self, previous: PagePlanner, old: Register) -> list[PageSpec] | None:
        """The ``previous`` planner's specs when they still hold for this register: the same
        items, and none that changed moved in a list, gained or lost a related item or a
        language; else ``None`` (:meth:`specs` plans them again).  Specs name the planner and
        the items they were planned with, so each must go through :meth:`bind` before it is
        planned.  Costs what the changed items touch, not the whole register."""
        new = self.register
        if previous._specs is None or old.items.keys() != new.items.keys():
            return None
        changed = {item_id: item for item_id, item in new.items.items() if old.items[item_id] is not item}
        if any(_place(old, old.items[item_id]) != _place(new, item) for item_id, item in changed.items()):
            return None
        self.listings = previous.listings.following(self, changed)
        self._specs, self._index = previous._specs, previous.index()
        return self._specs

    def __getstate__(self) -> dict[str, object]:
        """Kept between command runs only as what :meth:`follow` reads of a previous planner:
        its specs and lists (whose items the saved register holds anyway), so that the next
        run's edit need not plan every page again.  Not its theme's gettexts, Markdown renderer,
        memo or history: a loaded planner plans nothing itself (``specs`` are bound to the
        following planner before any is planned); the index is quicker to make than to load."""
        return {"register": self.register, "listings": self.listings, "_specs": self._specs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def bind(self, spec: PageSpec) -> PageSpec:
        """``spec`` planned by this planner, with this register's items (see :meth:`follow`)."""
        make = spec.make
        if not isinstance(make, partial):
            return spec
        func = make.func
        owner = getattr(func, "__self__", None)
        if isinstance(owner, Listings):
            func = getattr(self.listings, func.__name__)
        args = tuple(self._current(value) for value in make.args)
        return dataclasses.replace(spec, make=partial(func, *args, **make.keywords))

    def _current(self, value: object) -> object:
        if isinstance(value, PageContext):
            return self
        if isinstance(value, Item):
            return self.register.items[value.id]
        return value

    def specs(self) -> list[PageSpec]:
        """Every page, not yet planned, with what it shows (for rebuilding only what changed)."""
        self.listings = Listings(self)
        register = self.register
        specs: list[PageSpec] = []

        def both(
            url_of: Callable[[str], str],
            depends_on: Iterable[str],
            make: Callable[..., Page],
            *args: Any,
            indexable: bool = True,
            summary: bool = False,
            declared: dict[str, str] | None = None,
        ) -> None:
            """The same page in each language, each knowing the other's address."""
            alternates = {lang: url_of(lang) for lang in LANGS}
            specs.extend(
                PageSpec(
                    alternates[lang],
                    frozenset(depends_on),
                    partial(make, self, lang, *args),
                    alternates if declared is None else declared,
                    indexable,
                    summary,
                )
                for lang in LANGS
            )

        def one(url: str, depends_on: Iterable[str], make: Callable[..., Page | File], *args: Any) -> None:
            specs.append(PageSpec(url, frozenset(depends_on), partial(make, *args), {}, False))

        # The language choice is the home pages' version for readers of neither language, so it is listed too.
        choice = partial(sections.language_choice, self)
        specs.append(PageSpec(urls.ROOT, frozenset(), choice, sections.home_versions()))
        one(urls.NOT_FOUND, (), sections.not_found, self)
        both(urls.home, [FACTS], sections.home, declared=sections.home_versions())
        for lang in LANGS:
            specs.extend(spec for kind in KINDS for spec in self.listings.specs(lang, kind))
        both(partial(urls.section, kind="organisations"), [FACTS], sections.organisation_list)
        both(partial(urls.section, kind="people"), [FACTS], people.people_page, summary=True)
        theme_keys = [theme_key(t) for t in register.themes]
        both(partial(urls.section, kind="themes"), theme_keys, themes.theme_list, summary=True)
        for theme in register.themes.values():
            both(partial(urls.theme, theme_id=theme.id), [theme_key(theme.id)], themes.theme_page, theme, summary=True)
        both(urls.search, (), sections.search_page)
        both(urls.translation_status, [FACTS], sections.translation_status_page, indexable=False, summary=True)
        both(urls.overview, [FACTS], overview.overview_page, summary=True)
        both(urls.accessibility, (), sections.accessibility_statement)
        # Its example item is the first by kind and id: only an item joining or leaving a kind's
        # list can change which, and that touches the kind's whole-list selection.
        both(urls.data_page, [selection_key(kind, None, None) for kind in KINDS], sections.data_page)
        for organisation in register.organisations.values():
            both(
                partial(urls.organisation, organisation_id=organisation.id),
                [organisation_key(organisation.id)],
                sections.organisation_page,
                organisation,
            )
        for item in register.items.values():
            # The page shows its related items, its parent and its children: their titles at least.
            shown = [*register.related(item), *family(register, item)]
            depends_on = frozenset([item_key(item.id), history_key(item.id), *(item_key(other.id) for other in shown)])
            # A page in a language the item has no text in is a fallback: out of the sitemap and
            # no version of the item's.  Adding the missing file touches item_key, so the pages
            # of both languages are made again, and the sitemap (PAGES: the site plans its pages anew).
            declared = versions(item)
            specs.extend(
                PageSpec(
                    urls.item(lang, item.kind, item.id),
                    depends_on,
                    partial(item_page, self, lang, item),
                    declared if lang in declared else {},
                    indexable=lang in declared,
                )
                for lang in LANGS
            )
            for lang in LANGS:  # the item's own facts and texts only: its page shows more
                one(
                    urls.item_json(lang, item.kind, item.id),
                    [item_key(item.id)],
                    opendata.item_json_page,
                    self,
                    lang,
                    item,
                )
        for lang in LANGS:
            one(urls.feed(lang), [ANY_ITEM], feeds.feed, self, lang, None)
            for kind in KINDS:
                one(urls.feed(lang, kind), [kind_key(kind)], feeds.feed, self, lang, kind)
            for organisation in register.organisations.values():
                key = organisation_key(organisation.id)
                url = urls.organisation_feed(lang, organisation.id)
                one(url, [key], feeds.organisation_feed, self, lang, organisation)
            # Commits change them, and so does an item published, left out or renamed.
            one(urls.changes_feed(lang), [HISTORY, ANY_ITEM], changes.changes_feed, self, lang)
        for data_file in datafiles.data_files():
            one(data_file.url, data_file.depends_on, datafiles.made, self, data_file)
        # After the data files: it describes them, sizes too (see datafiles.SIZES).
        one(urls.CATALOG_TTL, [ANY_ITEM], catalog.catalog_turtle, self)
        one(urls.CATALOG_JSONLD, [ANY_ITEM], catalog.catalog_jsonld, self)
        one(urls.ROBOTS, (), feeds.robots, self.settings)
        listed = [spec for spec in specs if spec.indexable]
        one(urls.SITEMAP, [PAGES], feeds.sitemap, self.settings, listed)
        self._specs = specs
        return specs
