"""What every page family shares: the register, settings, catalogs and the work kept between rebuilds.

``PageContext`` is handed to each page maker; the helpers here (list entries,
sorting by collation key, organisation names, terms, bodies) are the ones more
than one family (and the search records) need, so each is written once.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from markupsafe import Markup

from .. import urls
from ..read.bodylinks import PageLinks
from ..read.gitlog import UNAVAILABLE, ContentHistory
from ..read.model import LANGS, Item, Register, Version, item_date, owner_of
from ..read.schema import Milestone, Network, NetworkStatus, Organisation, Project, ProjectStatus
from ..read.settings import Settings
from ..read.translations import TranslationReport, translation_report
from ..text.i18n import date, sort_key
from ..text.markdown import MarkdownRenderer
from .labels import IN_LANGUAGE, KIND_SINGULAR, MILESTONE, MILESTONE_STATE, STATUS
from .views import Entry, Gettext, MilestoneEntry, Value

K = TypeVar("K", bound=Hashable)
F = TypeVar("F")
V = TypeVar("V")


@dataclass(frozen=True)
class MemoTable(Generic[K, F, V]):
    """One kind of work kept between rebuilds: values of type ``V`` by key ``K``, each kept
    with the fingerprint ``F`` of what it was made from.

    ``same`` says when a kept fingerprint still holds.  ``operator.eq`` where the fingerprint
    holds values made again on every rebuild (translation states, dates): an equal one is a hit.
    ``operator.is_`` where it is only the item, which the load cache hands back as the same
    object while its file is unchanged: a cheaper test, and an item re-read with equal
    content merely has its value made again.  ``saved``: kept in the builder's saved state
    between command runs; a table that is larger to store than to make again is not."""

    name: str
    saved: bool
    same: Callable[[F, F], bool] = field(default=operator.eq, compare=False)


class Memo:
    """The work page makers keep between rebuilds, one table per kind (see :class:`MemoTable`).

    Held by whoever keeps the planner's inputs (``SiteBuilder``), so that an edit redoes
    the work of the items it touched only."""

    def __init__(self) -> None:
        self._tables: dict[MemoTable[Any, Any, Any], dict[Any, tuple[Any, Any]]] = {}

    def get_or_make(self, table: MemoTable[K, F, V], key: K, fingerprint: F, make: Callable[[], V]) -> V:
        """The value kept for ``key`` while its fingerprint is the same, else ``make()``'s (kept)."""
        rows: dict[K, tuple[F, V]] = self._tables.setdefault(table, {})
        kept = rows.get(key)
        if kept is not None and table.same(kept[0], fingerprint):
            return kept[1]
        value = make()
        rows[key] = (fingerprint, value)
        return value

    def clear(self) -> None:
        self._tables.clear()

    def size(self) -> int:
        """Rows kept in all tables."""
        return sum(len(rows) for rows in self._tables.values())

    def saved(self) -> Memo:
        """The tables marked ``saved``, for the state kept between command runs."""
        kept = Memo()
        kept._tables = {table: rows for table, rows in self._tables.items() if table.saved}
        return kept


#: Collation keys are slow to make and every list sorts by them; one per title (whatever
#: the language), with nothing else to go stale.
TITLE_KEYS: MemoTable[str, None, tuple[str, str]] = MemoTable("title keys", saved=True, same=operator.is_)


class PageContext:
    """One build's inputs to page making; one instance per rebuild."""

    def __init__(
        self,
        register: Register,
        settings: Settings,
        gettexts: dict[str, Gettext],
        markdown: MarkdownRenderer,
        translations: TranslationReport | None = None,
        updated: Mapping[Path, dt.datetime] | None = None,
        memo: Memo | None = None,
        history: ContentHistory | None = None,
    ) -> None:
        """``updated``: when each content file last changed (its newest commit, else its
        modification time), where known; ``history``: the content's git history."""
        self.register = register
        self.settings = settings
        self.gettexts = gettexts
        self.markdown = markdown
        self.translations = translations or translation_report(register)[0]
        self.updated = updated or {}
        self.memo = memo if memo is not None else Memo()
        self.history = history if history is not None else ContentHistory(UNAVAILABLE)

    def entry(self, lang: str, item: Item) -> Entry:
        _ = self.gettexts[lang]
        version = item.version(lang)
        data = version.data
        meta = [_(KIND_SINGULAR[item.kind])]
        when = item_date(item)
        if isinstance(data, Project | Network):
            meta.append(_(STATUS[data.status.value]))
        if isinstance(data, Project):
            meta.append(self.term(lang, data))
        elif when is not None:
            meta.append(date(when, lang))
        owner = owner_of(data)
        if owner in self.register.organisations:
            meta.append(self._organisation_short(self.register.organisations[owner], lang))
        fallback = version.lang != lang
        note = self.language_note(lang, version.lang) if fallback else ""
        return Entry(
            data.title,
            urls.item(lang, item.kind, item.id),
            data.summary,
            version.lang if fallback else None,
            meta,
            note,
            self.next_milestone(lang, version),
        )

    def next_milestone(self, lang: str, version: Version) -> MilestoneEntry | None:
        """The earliest milestone not yet reached, of a project or network still under way.

        "Next" is by the milestones' own dates, not by the day of the build: a page must
        come out the same whenever it is built, and a planned date already past is still
        the next thing the register is waiting for (``check`` warns about it)."""
        data = version.data
        if not isinstance(data, Project | Network) or data.status in (ProjectStatus.ENDED, NetworkStatus.ENDED):
            return None
        waiting = [m for m in data.milestones if not m.is_reached]
        if not waiting:
            return None
        return self.milestone(lang, min(waiting, key=lambda m: m.date), self.lang_of("milestones", version, lang))

    def milestone(self, lang: str, milestone: Milestone, text_lang: str | None) -> MilestoneEntry:
        """A milestone in the reader's words; ``text_lang``: its title and note's language, if not ``lang``."""
        _ = self.gettexts[lang]
        reached = milestone.reached if isinstance(milestone.reached, dt.date) else None
        when = reached or milestone.date
        late = reached is not None and reached != milestone.date
        return MilestoneEntry(
            label=_(MILESTONE[milestone.type.value]),
            title=Value(milestone.title, lang=text_lang) if milestone.title else None,
            reached=reached is not None,
            state=_(MILESTONE_STATE["reached" if reached else "planned"]),
            date=date(when, lang),
            iso_date=when.isoformat(),
            planned=date(milestone.date, lang) if late else "",
            planned_iso_date=milestone.date.isoformat() if late else "",
            note=Value(milestone.note, lang=text_lang) if milestone.note else None,
        )

    def body(self, version: Version, lang: str) -> Markup:
        """The body as the item's page in ``lang`` shows it (links rewritten for that page)."""
        source = version.source
        page = urls.item(lang, source.kind, source.id)
        return Markup(self.markdown.render(version.body, PageLinks(f"{source.lang}/{source.kind}", lang, page)))

    def language_note(self, lang: str, text_lang: str) -> str:
        """ "på finska": said of a text shown on the other language's site."""
        return self.gettexts[lang](IN_LANGUAGE[text_lang])

    def lang_of(self, field_name: str, version: Version, lang: str) -> str | None:
        """Language of a translatable field's text, when it differs from the page's."""
        if field_name in version.inherited:
            other = next(o for o in LANGS if o != version.lang)
            return None if other == lang else other
        return None if version.lang == lang else version.lang

    def term(self, lang: str, project: Project) -> str:
        start = date(project.term.start, lang)
        end = date(project.term.end, lang) if project.term.end else ""
        return f"{start}\u2013{end}" if end else f"{start}\u2013"

    def organisation_value(self, organisation_id: str, lang: str) -> Value:
        organisation = self.register.organisations[organisation_id]
        return Value(organisation.name.for_lang(lang), urls.organisation(lang, organisation_id))

    def _organisation_short(self, organisation: Organisation, lang: str) -> str:
        if organisation.abbreviation:
            return organisation.abbreviation.for_lang(lang)
        return organisation.name.for_lang(lang)

    def sorted_items(self, lang: str, items: Iterable[Item], newest_first: bool = False) -> list[Item]:
        by_title = sorted(items, key=lambda i: self._title_key(lang, i))
        if not newest_first:
            return by_title
        return sorted(by_title, key=lambda i: item_date(i) or dt.date.min, reverse=True)

    def _title_key(self, lang: str, item: Item) -> tuple[str, str]:
        title = item.version(lang).data.title
        return self.memo.get_or_make(TITLE_KEYS, title, None, partial(sort_key, title))
