"""Which pages the site has, and what each one shows.

This is where register data becomes presentation-ready view objects: labels
translated, dates formatted, lists sorted, links chosen for the reader's
language.  Templates receive these objects and only lay them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import urls
from ..read.bodylinks import PageLinks
from ..read.model import KINDS, LANGS, Item, Register, Version, item_date, owner_of
from ..read.schema import Contact, Meeting, Network, Organisation, Participant, Project, phone_uri
from ..read.settings import Settings
from ..read.translations import ItemTranslation, State, TranslationReport, translation_report
from ..text.i18n import date, sort_key
from ..text.markdown import MarkdownRenderer

Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Marks a message for the catalogs; translated later, in the page's language."""
    return message


KIND_PLURAL = {"projects": N_("Projects"), "meetings": N_("Meetings"), "networks": N_("Networks")}
KIND_SINGULAR = {"projects": N_("Project"), "meetings": N_("Meeting"), "networks": N_("Network")}
STATUS = {"planned": N_("Planned"), "active": N_("Active"), "ended": N_("Ended")}
CATEGORY = {
    "development": N_("Development"),
    "legislation": N_("Legislative drafting"),
    "study": N_("Study"),
    "strategy": N_("Strategy"),
    "other": N_("Other"),
}
IN_LANGUAGE = {"fi": N_("in Finnish"), "sv": N_("in Swedish")}
NAME_IN = {"fi": N_("Name in Finnish"), "sv": N_("Name in Swedish")}
NO_VERSION = {
    "fi": N_("This item has no Finnish version yet; it is shown in Swedish."),
    "sv": N_("This item has no Swedish version yet; it is shown in Finnish."),
}
SEARCH_STRINGS = {
    "results": N_("{count} results for “{query}”"),
    "result": N_("1 result for “{query}”"),
    "filtered": N_("{count} results"),
    "none": N_("No results for “{query}”."),
    "searching": N_("Searching…"),
    "more": N_("Show more results"),
    "failed": N_("The search could not be loaded. Browse the lists instead."),
    "clear": N_("Clear filters"),
    "kind": N_("Kind"),
    "organisation": N_("Organisation"),
    "status": N_("Status"),
    "year": N_("Year"),
}
STATE_LABELS = {
    State.SOURCE: N_("Original"),
    State.TRANSLATED: N_("Translated"),
    State.OUTDATED: N_("Outdated"),
    State.UNTRACKED: N_("Not tracked"),
    State.MISSING: N_("Missing"),
    State.DRAFT: N_("In progress"),
}
VERSIONS_IN = {"fi": N_("Finnish versions"), "sv": N_("Swedish versions")}
LANGUAGE_COLUMN = {"fi": N_("Finnish"), "sv": N_("Swedish")}
SOURCE_VERSION = {"fi": N_("the current Finnish version"), "sv": N_("the current Swedish version")}
HOME_LATEST = 5


@dataclass(frozen=True)
class Value:
    """A piece of text on a page, maybe a link, maybe in another language than the page."""

    text: str
    url: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Fact:
    label: str
    values: list[Value]


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Value]]

    @classmethod
    def without_empty_columns(cls, caption: str, headers: list[str], rows: list[list[Value]]) -> Table:
        """A column nobody filled in (say, no e-mail addresses at all) is left out."""
        keep = [i for i in range(len(headers)) if any(row[i].text for row in rows)]
        return cls(caption, [headers[i] for i in keep], [[row[i] for i in keep] for row in rows])


@dataclass(frozen=True)
class Entry:
    """An item as it appears in a list."""

    title: str
    url: str
    summary: str
    lang: str | None
    meta: list[str]
    language_note: str = ""


@dataclass(frozen=True)
class Group:
    heading: str
    entries: list[Entry]
    url: str | None = None


@dataclass(frozen=True)
class Progress:
    label: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


@dataclass(frozen=True)
class TranslationSection:
    heading: str
    progress: list[Progress]
    table: Table


ANY_ITEM = frozenset({"items"})


@dataclass(frozen=True)
class PageSpec:
    """A page before it is planned: its URL, what it depends on, and how to plan it.

    Dependencies are keys: ``item:<id>`` (that item's content), ``kind:<kind>``
    (any item of the kind), ``org:<id>`` (items naming the organisation),
    ``facets:<kind>`` (an item of the kind joining or leaving a facet value: the counts
    every list shows) and ``items`` (any item).  Settings, theme and organisations concern
    every page.
    """

    url: str
    depends_on: frozenset[str]
    make: Callable[[], Page]
    alternates: Mapping[str, str] = field(default_factory=dict)  # language → URL of the same page
    indexable: bool = True  # listed in the sitemap


@dataclass
class Page:
    url: str
    template: str
    lang: str
    title: str
    alternates: dict[str, str]
    context: dict[str, Any] = field(default_factory=dict)
    absolute_links: bool = False
    description: str = ""
    noindex: bool = False
    content: str | bytes | list[bytes] | None = None  # a file made without a template (sitemap, data)
    digest: str = ""  # of ``content``, when its maker knows it from the parts (see opendata.register_json_page)
    feeds: list[Value] = field(default_factory=list)  # Atom feeds to announce in the page's head

    @classmethod
    def in_each_language(
        cls,
        url_of: Callable[[str], str],
        template: str,
        lang: str,
        title: str,
        context: dict[str, Any],
        noindex: bool = False,
    ) -> Page:
        """A page every language has, at ``url_of(lang)``; each names the others as alternates."""
        return cls(url_of(lang), template, lang, title, {o: url_of(o) for o in LANGS}, context, noindex=noindex)


class PagePlanner:
    """Builds every page of one register; one instance per build."""

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

    # --- the page list -------------------------------------------------------------

    def pages(self) -> list[Page]:
        return [spec.make() for spec in self.specs()]

    def specs(self) -> list[PageSpec]:
        """Every page, not yet planned, with what it shows (for rebuilding only what changed)."""
        from . import feeds, opendata  # they build on this module's view objects
        from .listings import Listings

        self.listings = Listings(self)
        register = self.register
        specs: list[PageSpec] = []

        def both(
            url_of: Callable[[str], str],
            depends_on: Iterable[str],
            make: Callable[..., Page],
            *args: Any,
            indexable: bool = True,
        ) -> None:
            """The same page in each language, each knowing the other's address."""
            alternates = {lang: url_of(lang) for lang in LANGS}
            specs.extend(
                PageSpec(alternates[lang], frozenset(depends_on), partial(make, lang, *args), alternates, indexable)
                for lang in LANGS
            )

        def one(url: str, depends_on: Iterable[str], make: Callable[..., Page], *args: Any) -> None:
            specs.append(PageSpec(url, frozenset(depends_on), partial(make, *args), {}, False))

        one(urls.ROOT, (), self.language_choice)
        one(urls.NOT_FOUND, (), self.not_found)
        both(urls.home, ANY_ITEM, self.home)
        for lang in LANGS:
            specs.extend(spec for kind in KINDS for spec in self.listings.specs(lang, kind))
        both(partial(urls.section, kind="organisations"), ANY_ITEM, self.organisation_list)
        both(urls.search, (), self.search_page)
        both(urls.translation_status, ANY_ITEM, self.translation_status_page, indexable=False)
        both(urls.accessibility, (), self.accessibility_statement)
        both(urls.data_page, (), self.data_page)
        for organisation in register.organisations.values():
            both(
                partial(urls.organisation, organisation_id=organisation.id),
                [f"org:{organisation.id}"],
                self.organisation_page,
                organisation,
            )
        for item in register.items.values():
            depends_on = [f"item:{item.id}", *(f"item:{r.id}" for r in register.related(item))]
            both(partial(urls.item, kind=item.kind, item_id=item.id), depends_on, self.item_page, item)
        for lang in LANGS:
            one(urls.feed(lang), ANY_ITEM, feeds.feed, self, lang, None)
            for kind in KINDS:
                one(urls.feed(lang, kind), [f"kind:{kind}"], feeds.feed, self, lang, kind)
        one(urls.DATA_JSON, ANY_ITEM, opendata.register_json_page, self)
        one(urls.DATA_SCHEMA, (), opendata.register_schema_page)
        for kind in KINDS:
            one(urls.data_csv(kind), [f"kind:{kind}"], opendata.csv_page, self, kind)
        one(urls.ROBOTS, (), feeds.robots, self.settings)
        listed = [spec for spec in specs if spec.indexable]
        one(urls.SITEMAP, ANY_ITEM, feeds.sitemap, self.settings, listed)
        return specs

    def language_choice(self) -> Page:
        continue_in = {"fi": N_("Continue in Finnish"), "sv": N_("Continue in Swedish")}
        choices = [
            Value(
                f"{self.gettexts[lang](continue_in[lang])}: {self.settings.title.for_lang(lang)}",
                urls.home(lang),
                lang,
            )
            for lang in LANGS
        ]
        return Page(
            urls.ROOT,
            "choose.html",
            "fi",
            f"{self.settings.title.fi} \u2013 {self.settings.title.sv}",
            {lang: urls.home(lang) for lang in LANGS},
            {"choices": choices},
        )

    def not_found(self) -> Page:
        return Page(
            urls.NOT_FOUND,
            "404.html",
            "fi",
            "404",
            {},
            {
                "homes": [Value(self.settings.title.for_lang(lang), urls.home(lang), lang) for lang in LANGS],
                "gettexts": self.gettexts,
            },
            absolute_links=True,
        )

    def home(self, lang: str) -> Page:
        _ = self.gettexts[lang]
        groups = []
        for kind in KINDS:
            items = self.sorted_items(lang, self.register.of_kind(kind), newest_first=True)
            groups.append(
                Group(
                    f"{_(KIND_PLURAL[kind])} ({len(items)})",
                    [self.entry(lang, item) for item in items[:HOME_LATEST]],
                    urls.section(lang, kind),
                )
            )
        return Page.in_each_language(
            urls.home, "home.html", lang, self.settings.title.for_lang(lang), {"groups": groups}
        )

    def translation_status_page(self, lang: str) -> Page:
        """For translators: what is missing or behind, per language and kind (not for search engines)."""
        _ = self.gettexts[lang]
        labels = {state: _(label) for state, label in STATE_LABELS.items()}  # once, not per row
        kinds = {kind: _(KIND_SINGULAR[kind]) for kind in KINDS}
        sections = []
        for target in LANGS:
            progress = []
            for kind in KINDS:
                of_kind = [t for t in self.translations.items if t.item.kind == kind]
                current = sum(t.states[target].current for t in of_kind)
                progress.append(Progress(_(KIND_PLURAL[kind]), current, len(of_kind)))
            rows = [
                self._translation_row(t, lang, labels, kinds[t.item.kind], labels[t.states[target]])
                for t in self.translations.items
                if not t.states[target].current  # the work to do; the bars above count the rest
            ]
            headers = [_("Kind"), _("Item"), *(_(LANGUAGE_COLUMN[one]) for one in LANGS), _("State")]
            sections.append(
                TranslationSection(
                    _(VERSIONS_IN[target]),
                    progress,
                    Table(_(VERSIONS_IN[target]), headers, rows),
                )
            )
        return Page.in_each_language(
            urls.translation_status, "translations.html", lang, _("Translation status"), {"sections": sections}, True
        )

    def _translation_row(
        self, translation: ItemTranslation, lang: str, labels: dict[State, str], kind: str, state: str
    ) -> list[Value]:
        """Kept between rebuilds while the item and its states stay (the table lists thousands)."""
        key = ("translation-row", lang, translation.item.id)
        fingerprint = (translation.item, tuple(translation.states.items()), state)
        cached = self.memo.get(key)
        if cached is None or cached[0] != fingerprint:
            cached = self.memo[key] = (fingerprint, self._make_translation_row(translation, lang, labels, kind, state))
        return cached[1]

    def _make_translation_row(
        self, translation: ItemTranslation, lang: str, labels: dict[State, str], kind: str, state: str
    ) -> list[Value]:
        item = translation.item
        shown = item.version(lang)
        cells = [
            Value(kind),
            Value(shown.data.title, urls.item(lang, item.kind, item.id), shown.lang if shown.lang != lang else None),
        ]
        for one in LANGS:  # each language version's state, linking to its page or its file's editor
            label = labels[translation.states[one]]
            if one not in item.versions:
                cells.append(Value(label))
            else:
                edit = self.settings.edit_link(translation.path(one))
                cells.append(Value(label, edit or urls.item(one, item.kind, item.id)))
        cells.append(Value(state))
        return cells

    def _updated(self, version: Version, lang: str) -> str:
        when = self.updated.get(version.source.path)
        return date(when, lang) if when else ""

    def _outdated_link(self, lang: str, item: Item) -> Value | None:
        translation = self.translations.of(item.id)
        if translation is None or translation.states[lang] is not State.OUTDATED:
            return None
        source = translation.source_lang
        return Value(self.gettexts[lang](SOURCE_VERSION[source]), urls.item(source, item.kind, item.id), source)

    def accessibility_statement(self, lang: str) -> Page:
        _ = self.gettexts[lang]
        settings = self.settings.accessibility
        self_assessed = settings.assessed_by == "self-assessment"
        return Page.in_each_language(
            urls.accessibility,
            "accessibility.html",
            lang,
            _("Accessibility statement"),
            {
                "site_name": self.settings.title.for_lang(lang),
                "assessed_on": date(settings.assessed_on, lang),
                "assessed_by": _("the site's own team") if self_assessed else settings.assessed_by,
                "contact": Value(settings.contact, f"mailto:{settings.contact}"),
            },
        )

    def data_page(self, lang: str) -> Page:
        _ = self.gettexts[lang]
        downloads = [
            Value(_("The whole register (JSON)"), urls.DATA_JSON),
            Value(_("Its JSON Schema"), urls.DATA_SCHEMA),
            *(Value(f"{_(KIND_PLURAL[kind])} (CSV)", urls.data_csv(kind)) for kind in KINDS),
        ]
        feeds = [Value(_("Everything (Atom)"), urls.feed(lang))] + [
            Value(f"{_(KIND_PLURAL[kind])} (Atom)", urls.feed(lang, kind)) for kind in KINDS
        ]
        return Page.in_each_language(
            urls.data_page,
            "data.html",
            lang,
            _("Open data"),
            {
                "downloads": downloads,
                "feeds": feeds,
                "license": self.settings.data_license,
                "sitemap": Value("sitemap.xml", urls.SITEMAP),
            },
        )

    def search_page(self, lang: str) -> Page:
        _ = self.gettexts[lang]
        browse = [Value(_(KIND_PLURAL[kind]), urls.section(lang, kind)) for kind in KINDS]
        browse.append(Value(_("Organisations"), urls.section(lang, "organisations")))
        return Page.in_each_language(
            urls.search,
            "search.html",
            lang,
            _("Search"),
            {
                "browse": browse,
                "strings": {key: _(message) for key, message in SEARCH_STRINGS.items()},
                "bundle_url": urls.search_bundle(),
                "site_root": urls.ROOT,
            },
        )

    def organisation_list(self, lang: str) -> Page:
        _ = self.gettexts[lang]
        organisations = sorted(self.register.organisations.values(), key=lambda o: sort_key(o.name.for_lang(lang)))
        entries = [
            Entry(
                self._organisation_label(o, lang),
                urls.organisation(lang, o.id),
                "",
                None,
                [_("Items: %(count)d") % {"count": len(self.register.items_of(o.id))}],
            )
            for o in organisations
        ]
        url_of = partial(urls.section, kind="organisations")
        return Page.in_each_language(url_of, "list.html", lang, _("Organisations"), {"entries": entries})

    def organisation_page(self, lang: str, organisation: Organisation) -> Page:
        _ = self.gettexts[lang]
        facts = []
        if organisation.abbreviation:
            facts.append(Fact(_("Abbreviation"), [Value(organisation.abbreviation.for_lang(lang))]))
        other = next(o for o in LANGS if o != lang)
        facts.append(Fact(_(NAME_IN[other]), [Value(organisation.name.for_lang(other), lang=other)]))
        if organisation.website:
            facts.append(Fact(_("Website"), [Value(organisation.website, organisation.website)]))
        items = self.register.items_of(organisation.id)
        groups = []
        for kind in KINDS:
            mine = [i for i in items if i.kind == kind]
            of_kind = self.sorted_items(lang, mine, newest_first=kind == "meetings")
            if of_kind:
                groups.append(Group(_(KIND_PLURAL[kind]), [self.entry(lang, i) for i in of_kind]))
        return Page(
            urls.organisation(lang, organisation.id),
            "organisation.html",
            lang,
            organisation.name.for_lang(lang),
            {o: urls.organisation(o, organisation.id) for o in LANGS},
            {"facts": facts, "groups": groups},
        )

    def item_page(self, lang: str, item: Item) -> Page:
        _ = self.gettexts[lang]
        version = item.version(lang)
        fallback = version.lang != lang
        text_lang = version.lang if fallback else None
        related = [self.entry(lang, other) for other in self.register.related(item)]
        context = {
            "item": item,
            "kind_url": urls.section(lang, item.kind),
            "kind_plural": _(KIND_PLURAL[item.kind]),
            "summary": version.data.summary,
            "text_lang": text_lang,
            "fallback_notice": _(NO_VERSION[lang]) if fallback else "",
            # Only a preview has draft versions at all; the banner keeps one from being taken for the real page.
            "draft": version.data.draft,
            "outdated": self._outdated_link(lang, item),
            "updated": self._updated(version, lang),
            "edit_url": self.settings.edit_link(version.source.rel),
            "facts": self.facts(lang, item, version),
            "tables": self.tables(lang, version),
            "attachments": self._attachments(version, lang),
            "body": self.body(version, lang),
            "related": related,
            "tags": version.data.tags,
        }
        return Page(
            urls.item(lang, item.kind, item.id),
            "item.html",
            lang,
            version.data.title,
            {o: urls.item(o, item.kind, item.id) for o in LANGS},
            context,
            description=version.data.summary,
        )

    # --- pieces of pages -----------------------------------------------------------

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

    def facts(self, lang: str, item: Item, version: Version) -> list[Fact]:
        _ = self.gettexts[lang]
        data = version.data
        facts: list[Fact] = []

        def add(label: str, *values: Value) -> None:
            if values:
                facts.append(Fact(label, list(values)))

        if isinstance(data, Project):
            add(_("Status"), Value(_(STATUS[data.status.value])))
            add(_("Project number"), Value(data.project_number))
            add(_("Case numbers"), *(Value(n) for n in data.case_numbers))
            add(_("Category"), Value(_(CATEGORY[data.category.value])))
            add(_("Appointed by"), self._organisation_value(data.appointed_by, lang))
            add(_("Appointed on"), Value(date(data.appointed_on, lang)))
            add(_("Term"), Value(self.term(lang, data)))
        elif isinstance(data, Meeting):
            add(_("Date"), Value(date(data.date, lang)))
            if data.time:
                add(_("Time"), Value(data.time))
            if data.venue:
                add(_("Venue"), Value(data.venue, lang=self._lang_of("venue", version, lang)))
            add(_("Organiser"), self._organisation_value(data.organiser, lang))
        elif isinstance(data, Network):
            add(_("Status"), Value(_(STATUS[data.status.value])))
            add(_("Organisation"), self._organisation_value(data.organisation, lang))
            add(_("Lead"), Value(data.lead.name), self._organisation_value(data.lead.organisation, lang))
            if data.schedule:
                add(_("Schedule"), Value(data.schedule, lang=self._lang_of("schedule", version, lang)))
            if data.website:
                add(_("Website"), Value(data.website, data.website))
        return facts

    def tables(self, lang: str, version: Version) -> list[Table]:
        _ = self.gettexts[lang]
        data = version.data
        tables = []
        contacts: list[Contact] = list(getattr(data, "contacts", []))
        if contacts:
            role_lang = self._lang_of("contacts", version, lang)
            tables.append(
                Table.without_empty_columns(
                    _("Contacts"),
                    [_("Name"), _("Title"), _("Organisation"), _("Phone"), _("Email")],
                    [
                        [
                            Value(c.name),
                            Value(c.title, lang=role_lang),
                            self._organisation_value(c.organisation, lang),
                            Value(c.phone or "", phone_uri(c.phone) if c.phone else None),
                            Value(c.email or "", f"mailto:{c.email}" if c.email else None),
                        ]
                        for c in contacts
                    ],
                )
            )
        participants: list[Participant] = list(getattr(data, "participants", []))
        if participants:
            role_lang = self._lang_of("participants", version, lang)
            tables.append(
                Table.without_empty_columns(
                    _("Participants"),
                    [_("Name"), _("Role"), _("Organisation")],
                    [
                        [
                            Value(p.name),
                            Value(p.role or "", lang=role_lang),
                            self._organisation_value(p.organisation, lang),
                        ]
                        for p in participants
                    ],
                )
            )
        return tables

    def body(self, version: Version, lang: str) -> Markup:
        """The body as the item's page in ``lang`` shows it (links rewritten for that page)."""
        source = version.source
        page = urls.item(lang, source.kind, source.id)
        return Markup(self.markdown.render(version.body, PageLinks(f"{source.lang}/{source.kind}", lang, page)))

    def language_note(self, lang: str, text_lang: str) -> str:
        """ "på finska": said of a text shown on the other language's site."""
        return self.gettexts[lang](IN_LANGUAGE[text_lang])

    # --- helpers -------------------------------------------------------------------

    def _attachments(self, version: Version, lang: str) -> list[Value]:
        data = version.data
        if not isinstance(data, Meeting):
            return []
        text_lang = self._lang_of("attachments", version, lang)
        return [Value(a.title, a.href, text_lang) for a in data.attachments]

    def _lang_of(self, field_name: str, version: Version, lang: str) -> str | None:
        """Language of a translatable field's text, when it differs from the page's."""
        if field_name in version.inherited:
            other = next(o for o in LANGS if o != version.lang)
            return None if other == lang else other
        return None if version.lang == lang else version.lang

    def term(self, lang: str, project: Project) -> str:
        start = date(project.term.start, lang)
        end = date(project.term.end, lang) if project.term.end else ""
        return f"{start}\u2013{end}" if end else f"{start}\u2013"

    def _organisation_value(self, organisation_id: str, lang: str) -> Value:
        organisation = self.register.organisations[organisation_id]
        return Value(organisation.name.for_lang(lang), urls.organisation(lang, organisation_id))

    def _organisation_label(self, organisation: Organisation, lang: str) -> str:
        name = organisation.name.for_lang(lang)
        if organisation.abbreviation:
            return f"{name} ({organisation.abbreviation.for_lang(lang)})"
        return name

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
