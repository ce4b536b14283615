"""Dependency keys: what each page shows, and which pages an edit of the register touches.

Every :class:`PageSpec` names what it shows with keys made here; a rebuild compares
the register before and after an edit, makes the keys of what changed, and re-plans
only the specs naming one of them.  Both halves are in this one module so that a
key cannot be made one way and read another.

The lists are cut by :data:`FACETS` and sorted by :func:`order_of`; these live here
too because they decide which lists an edit changes as much as what the lists show.
"""

from __future__ import annotations

from collections.abc import Collection

from .. import urls
from ..read.model import LANGS, Item, Register, Version, item_date, years_of
from ..read.schema import Meeting
from ..read.translations import ItemTranslation, TranslationReport
from .views import PageSpec

#: Any item at all changed (the home page, feeds of everything, the sitemap).
ANY_ITEM = "items"

#: Any item's facts changed: anything but its body texts, or its translation states.  The pages
#: summing up the register (the overview, people, themes, the translation status…) show
#: nothing else of an item, so a save that only changes a body does not redraw them.
FACTS = "facts"

#: The list of pages itself may have changed (an item added, removed, or moved in a list): the
#: sitemap, which lists nothing else.
PAGES = "pages"

#: The register's git history moved (a new commit, a shallow clone…): the changes feeds and changes.json.
HISTORY = "history"

FACETS = ("status", "organisation", "year")


def item_key(item_id: str) -> str:
    """That item's content."""
    return f"item:{item_id}"


def kind_key(kind: str) -> str:
    """Any item of the kind."""
    return f"kind:{kind}"


def organisation_key(organisation_id: str) -> str:
    """Any item naming the organisation."""
    return f"org:{organisation_id}"


def theme_key(theme_id: str) -> str:
    """Any item carrying the theme (its page lists them; the list of themes counts them)."""
    return f"theme:{theme_id}"


def history_key(item_id: str) -> str:
    """That item's commits, or the time its files last changed: its page's change history and
    every feed dating it."""
    return f"history:{item_id}"


def selection_key(kind: str, facet: str | None, value: str | None) -> str:
    """Which items a list selects, and their order in it."""
    return f"sel:{kind}:{facet or ''}:{value or ''}"


def facets_key(kind: str) -> str:
    """An item of the kind joining or leaving a facet value: the counts every list of the kind shows."""
    return f"facets:{kind}"


def facet_values(item: Item, facet: str, register: Register) -> list[str]:
    data = item.data
    if facet == "status":
        return [data.status.value] if not isinstance(data, Meeting) else []
    if facet == "organisation":
        return register.organisation_ids(item)
    return [str(year) for year in years_of(data)]


def order_of(item: Item) -> tuple[object, ...]:
    """What places an item in a list: its titles and its date."""
    return (item.kind, *(item.version(lang).data.title for lang in LANGS), item_date(item))


def selections_of(register: Register, item: Item) -> set[str]:
    """The keys of every list the item is on."""
    return {selection_key(item.kind, None, None)} | {
        selection_key(item.kind, facet, value) for facet in FACETS for value in facet_values(item, facet, register)
    }


def _version_facts(version: Version) -> tuple[object, ...]:
    return (version.lang, version.source, version.data, version.inherited)


def facts_of(item: Item, translation: ItemTranslation | None) -> tuple[object, ...]:
    """What the summary pages (:data:`FACTS`) can show of an item: all but its body texts
    (and where they are in the file), with its translation states, which a body edit can change."""
    return (
        item.kind,
        tuple(_version_facts(v) for v in item.versions.values()),
        tuple(_version_facts(v) for v in item.drafts.values()),
        None if translation is None else (translation.source_lang, tuple(translation.states.items())),
    )


def family(register: Register, item: Item) -> list[Item]:
    """The item's parent and children: each page shows the others' titles."""
    parent = register.parent(item)
    return [*([parent] if parent is not None else []), *register.children_of(item)]


def affected(
    specs: list[PageSpec],
    old: Register,
    new: Register,
    known: Collection[str],
    unfinished: Collection[str],
    touched: Collection[str] = (),
    translations: tuple[TranslationReport, TranslationReport] | None = None,
    planned_anew: bool = True,
    index: SpecIndex | None = None,
) -> list[PageSpec]:
    """Specs that show anything that differs between ``old`` and ``new``, plus new pages
    (URLs not in ``known``), those an unfinished deferred rebuild left (``unfinished``) and
    those naming a key in ``touched`` (what changed outside the register: its git history).
    ``translations``: the old and new registers' states; without them any change of an item
    counts as a change of its :data:`FACTS`.  ``planned_anew``: ``specs`` were planned for
    ``new`` rather than kept from ``old`` (``PagePlanner.follow``), so the list of pages may
    differ (:data:`PAGES`).  ``index``: :func:`spec_index` of ``specs``, whose URLs are all
    ``known``, to find the specs of the keys without looking at every one."""
    keys: set[str] = set(touched)
    item_pages: set[str] = set()
    for item_id in old.items.keys() | new.items.keys():
        before, after = old.items.get(item_id), new.items.get(item_id)
        if before is after or (before is not None and after is not None and before == after):
            continue
        keys |= {ANY_ITEM, item_key(item_id), *([PAGES] if planned_anew else [])}
        if (
            translations is None
            or before is None
            or after is None
            or facts_of(before, translations[0].of(item_id)) != facts_of(after, translations[1].of(item_id))
        ):
            keys.add(FACTS)
            keys |= {theme_key(t) for one in (before, after) if one is not None for t in one.data.themes}
        # New, gone, or sorted elsewhere: every list it is on is redrawn.
        moved = before is None or after is None or order_of(before) != order_of(after)
        selections: list[set[str]] = []
        for register, item in ((old, before), (new, after)):
            if item is None:
                selections.append(set())
                continue
            keys.add(kind_key(item.kind))
            keys |= {organisation_key(o) for o in register.organisation_ids(item)}
            selections.append(selections_of(register, item))
            # Pages that show this item as related, as their parent or as one of their children,
            # before or after (an item that leaves a parent is gone from its page, say).
            shown_on = [*register.related(item), *family(register, item)]
            item_pages |= {urls.item(lang, other.kind, other.id) for other in shown_on for lang in LANGS}
        # Lists it joined or left change, and so do all its lists if it moved in them; every
        # list of its kind shows the facets' counts (an item published from a draft, say).
        keys |= selections[0] ^ selections[1]
        if selections[0] != selections[1]:
            keys |= {facets_key(one.kind) for one in (before, after) if one is not None}
        if moved:
            keys |= selections[0] | selections[1]
    if index is not None and not planned_anew:
        by_key, by_url = index
        chosen = {at for key in keys for at in by_key.get(key, ())}
        chosen |= {by_url[url] for url in (*item_pages, *unfinished) if url in by_url}
        return [specs[at] for at in sorted(chosen)]
    return [s for s in specs if s.depends_on & keys or s.url in item_pages or s.url not in known or s.url in unfinished]


#: Positions of specs in their list by each key they depend on, and by URL.
SpecIndex = tuple[dict[str, list[int]], dict[str, int]]


def spec_index(specs: list[PageSpec]) -> SpecIndex:
    by_key: dict[str, list[int]] = {}
    for at, spec in enumerate(specs):
        for key in spec.depends_on:
            by_key.setdefault(key, []).append(at)
    return by_key, {spec.url: at for at, spec in enumerate(specs)}
