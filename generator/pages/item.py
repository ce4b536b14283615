"""An item's page: its facts, people, attachments and body, in the reader's language."""

from __future__ import annotations

from .. import urls
from ..read.model import LANGS, Item, Version
from ..read.schema import Meeting, Network, Project, phone_uri
from ..read.translations import State
from ..text.i18n import date
from .context import PageContext
from .contexts import ItemContext
from .labels import CATEGORY, KIND_PLURAL, NO_VERSION, ROLE, SOURCE_VERSION, STATUS
from .views import Fact, Page, Table, Value


def item_page(ctx: PageContext, lang: str, item: Item) -> Page:
    _ = ctx.gettexts[lang]
    version = item.version(lang)
    fallback = version.lang != lang
    text_lang = version.lang if fallback else None
    related = [ctx.entry(lang, other) for other in ctx.register.related(item)]
    context = ItemContext(
        item=item,
        kind_url=urls.section(lang, item.kind),
        kind_plural=_(KIND_PLURAL[item.kind]),
        summary=version.data.summary,
        text_lang=text_lang,
        fallback_notice=_(NO_VERSION[lang]) if fallback else "",
        # Only a preview has draft versions at all; the banner keeps one from being taken for the real page.
        draft=version.data.draft,
        outdated=_outdated_link(ctx, lang, item),
        updated=_updated(ctx, version, lang),
        edit_url=ctx.settings.edit_link(version.source.rel),
        facts=facts(ctx, lang, item, version),
        tables=tables(ctx, lang, version),
        attachments=_documents(ctx, version, lang),
        body=ctx.body(version, lang),
        related=related,
        tags=version.data.tags,
    )
    return Page(
        urls.item(lang, item.kind, item.id),
        lang,
        version.data.title,
        {o: urls.item(o, item.kind, item.id) for o in LANGS},
        context,
        description=version.data.summary,
        og_type="article",
    )


def facts(ctx: PageContext, lang: str, item: Item, version: Version) -> list[Fact]:
    _ = ctx.gettexts[lang]
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
        add(_("Appointed by"), ctx.organisation_value(data.appointed_by, lang))
        add(_("Appointed on"), Value(date(data.appointed_on, lang)))
        add(_("Term"), Value(ctx.term(lang, data)))
    elif isinstance(data, Meeting):
        add(_("Date"), Value(date(data.date, lang)))
        if data.time:
            add(_("Time"), Value(data.time))
        if data.venue:
            add(_("Venue"), Value(data.venue, lang=ctx.lang_of("venue", version, lang)))
        add(_("Organiser"), ctx.organisation_value(data.organiser, lang))
    elif isinstance(data, Network):
        add(_("Status"), Value(_(STATUS[data.status.value])))
        add(_("Organisation"), ctx.organisation_value(data.organisation, lang))
        if data.schedule:
            add(_("Schedule"), Value(data.schedule, lang=ctx.lang_of("schedule", version, lang)))
        if data.website:
            add(_("Website"), Value(data.website, data.website))
    return facts


def tables(ctx: PageContext, lang: str, version: Version) -> list[Table]:
    _ = ctx.gettexts[lang]
    data = version.data
    tables = []
    if data.people:
        title_lang = ctx.lang_of("people", version, lang)
        tables.append(
            Table.without_empty_columns(
                _("People"),
                [_("Name"), _("Role"), _("Title"), _("Organisation"), _("Phone"), _("Email")],
                [
                    [
                        Value(p.name),
                        Value(_(ROLE[p.role.value])),
                        Value(p.title or "", lang=title_lang),
                        ctx.organisation_value(p.organisation, lang),
                        Value(p.phone or "", phone_uri(p.phone) if p.phone else None),
                        Value(p.email or "", f"mailto:{p.email}" if p.email else None),
                    ]
                    for p in data.people
                ],
            )
        )
    return tables


def _documents(ctx: PageContext, version: Version, lang: str) -> list[Value]:
    text_lang = ctx.lang_of("documents", version, lang)
    return [Value(d.title, d.href, text_lang) for d in version.data.documents]


def _outdated_link(ctx: PageContext, lang: str, item: Item) -> Value | None:
    translation = ctx.translations.of(item.id)
    if translation is None or translation.states[lang] is not State.OUTDATED:
        return None
    source = translation.source_lang
    return Value(ctx.gettexts[lang](SOURCE_VERSION[source]), urls.item(source, item.kind, item.id), source)


def _updated(ctx: PageContext, version: Version, lang: str) -> str:
    when = ctx.updated.get(version.source.path)
    return date(when, lang) if when else ""
