"""What every page family shares: the register, settings, catalogs and the work kept between rebuilds.

``PageContext`` is handed to each page maker; the helpers here (list entries,
sorting by collation key, organisation names, terms, bodies) are the ones more
than one family (and the search records) need, so each is written once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import urls
from ..read.bodylinks import PageLinks
from ..read.model import LANGS, Item, Register, Version, item_date, owner_of
from ..read.schema import Network, Organisation, Project
from ..read.settings import Settings
from ..read.translations import TranslationReport, translation_report
from ..text.i18n import date, sort_key
from ..text.markdown import MarkdownRenderer
from .labels import IN_LANGUAGE, KIND_SINGULAR, STATUS
from .views import Entry, Gettext, Value


class PageContext:
    """One build's inputs to page making; one instance per rebuild."""

    def __init__(
        self,
        register: Register,
        settings: Settings,
        gettexts: dict[str, Gettext],
        markdown: MarkdownRenderer,
        translations: TranslationReport | None = None,
        updated: Mapping[Path, dt.date] | None = None,
        memo: dict[Any, Any] | None = None,
    ) -> None:
        self.register = register
        self.settings = settings
        self.gettexts = gettexts
        self.markdown = markdown
        self.translations = translations or translation_report(register)[0]
        self.updated = updated or {}
        self.memo = (
            memo if memo is not None else {}
        )  # work kept between rebuilds, by whoever keeps the planner's inputs

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
        """Collation keys are slow to make and every list sorts by them: kept per title."""
        title = item.version(lang).data.title
        key = ("title-key", title)
        cached = self.memo.get(key)
        if cached is None:
            cached = self.memo[key] = sort_key(title)
        return cached
