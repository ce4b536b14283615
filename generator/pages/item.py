"""An item's page: its facts, timeline, people, documents, place in a hierarchy and body, in the reader's language."""

from __future__ import annotations

import dataclasses
import datetime as dt

from .. import urls
from ..read.model import KINDS, LANGS, Item, Version, owner_of
from ..read.schema import DocumentType, Meeting, Network, Person, Project, Role, phone_uri
from ..read.translations import State
from ..text.i18n import date, language_name, money
from .context import PageContext
from .contexts import ItemContext
from .descriptions import first_paragraph, shorten
from .labels import (
    CATEGORY,
    DOCUMENT_TYPE,
    KIND_PLURAL,
    KIND_SINGULAR,
    N_,
    NO_VERSION,
    ROLE,
    ROLE_PLURAL,
    SOURCE_VERSION,
    STATUS,
)
from .views import (
    DocumentEntry,
    DocumentGroup,
    Fact,
    Group,
    HistoryEntry,
    MilestoneEntry,
    Page,
    PeopleGroup,
    PersonInRole,
    Value,
)

#: Commits shown on an item's page, newest first; changes.json lists them all.
HISTORY_SHOWN = 10

UNTIL = N_("until %(date)s")
FROM = N_("from %(date)s")
NOT_ONLINE = N_("not online")
HISTORY_UNAVAILABLE = N_("The history of changes is not available in this copy of the register.")
HISTORY_NONE = N_("No changes to this item have been recorded yet.")
HISTORY_EARLIER = N_("Earlier changes: %(count)d.")


def item_page(ctx: PageContext, lang: str, item: Item) -> Page:
    _ = ctx.gettexts[lang]
    version = item.version(lang)
    fallback = version.lang != lang
    text_lang = version.lang if fallback else None
    related = [ctx.entry(lang, other) for other in ctx.register.related(item)]
    history, history_note, history_more = change_history(ctx, lang, item)
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
        parent=_parent(ctx, lang, item),
        facts=facts(ctx, lang, item, version),
        milestones=milestones(ctx, lang, version),
        people=people(ctx, lang, version),
        documents=documents(ctx, lang, version),
        children=_children(ctx, lang, item),
        body=ctx.body(version, lang),
        related=related,
        themes=_themes(ctx, lang, item),
        tags=version.data.tags,
        history=history,
        history_note=history_note,
        history_more=history_more,
    )
    return Page(
        urls.item(lang, item.kind, item.id),
        lang,
        version.data.title,
        {o: urls.item(o, item.kind, item.id) for o in LANGS},
        context,
        description=shorten(version.data.summary or first_paragraph(version.body) or _facts_sentence(ctx, lang, item)),
        # A fallback page shows the original's text under this language's navigation: readers
        # find it through the language switch, search engines only the original.
        noindex=fallback,
        canonical=urls.item(version.lang, item.kind, item.id) if fallback else "",
        hreflang=versions(item),
        og_type="article",
    )


def versions(item: Item) -> dict[str, str]:
    """The item's pages in the languages it has text in: what search engines are told are its
    versions (a page in the other language is a fallback, no version of its own).  Both the
    page's head and the sitemap (``PageSpec.alternates``) declare these."""
    return {lang: urls.item(lang, item.kind, item.id) for lang in LANGS if lang in item.versions}


def _facts_sentence(ctx: PageContext, lang: str, item: Item) -> str:
    """What the item is and whose, for an item with neither summary nor body text."""
    _ = ctx.gettexts[lang]
    owner = ctx.register.organisations.get(owner_of(item.data))
    kind = _(KIND_SINGULAR[item.kind])
    return f"{kind} \u2013 {owner.name.for_lang(lang)}" if owner else kind


def facts(ctx: PageContext, lang: str, item: Item, version: Version) -> list[Fact]:
    """The basic information table.  Only the item's own content: the search records reuse
    these and are kept while the item is unchanged (so the parent's title is not a fact)."""
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
        if data.budget is not None:
            budget = data.budget
            amount = money(budget.amount, budget.currency, lang)
            shown = [Value(f"{amount} ({budget.period})" if budget.period else amount)]
            if budget.note:
                shown.append(Value(budget.note, lang=ctx.lang_of("budget", version, lang)))
            add(_("Budget"), *shown)
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


def milestones(ctx: PageContext, lang: str, version: Version) -> list[MilestoneEntry]:
    """The timeline, in date order (milestones of one day in the order written)."""
    data = version.data
    if not isinstance(data, Project | Network):
        return []
    text_lang = ctx.lang_of("milestones", version, lang)
    return [ctx.milestone(lang, m, text_lang) for m in sorted(data.milestones, key=lambda m: m.date)]


def people(ctx: PageContext, lang: str, version: Version) -> list[PeopleGroup]:
    """One group per role present, in the order roles are defined (chair first); within a
    role, people in the order the file lists them.  A person with two roles is in both."""
    _ = ctx.gettexts[lang]
    title_lang = ctx.lang_of("people", version, lang)
    groups = []
    for role in Role:
        chosen = [p for p in version.data.people if p.role is role]
        if chosen:
            heading = _(ROLE[role.value] if len(chosen) == 1 else ROLE_PLURAL[role.value])
            groups.append(PeopleGroup(heading, role.value, [_person(ctx, lang, p, title_lang) for p in chosen]))
    return groups


def _person(ctx: PageContext, lang: str, person: Person, title_lang: str | None) -> PersonInRole:
    return PersonInRole(
        name=person.name,
        title=Value(person.title, lang=title_lang) if person.title else None,
        organisation=ctx.organisation_value(person.organisation, lang),
        phone=Value(person.phone, phone_uri(person.phone)) if person.phone else None,
        email=Value(person.email, f"mailto:{person.email}") if person.email else None,
        period=_period(ctx, lang, person.from_, person.until),
    )


def _period(ctx: PageContext, lang: str, start: dt.date | None, end: dt.date | None) -> str:
    _ = ctx.gettexts[lang]
    if start and end:
        return f"{date(start, lang)}\u2013{date(end, lang)}"
    if start:
        return _(FROM) % {"date": date(start, lang)}
    if end:
        return _(UNTIL) % {"date": date(end, lang)}
    return ""


def documents(ctx: PageContext, lang: str, version: Version) -> list[DocumentGroup]:
    """One group per document type present, in the order types are defined; within a type,
    as the file lists them.  A document with no address is listed and said to be not online."""
    _ = ctx.gettexts[lang]
    title_lang = ctx.lang_of("documents", version, lang)
    groups = []
    for doc_type in DocumentType:
        chosen = [
            DocumentEntry(
                title=Value(d.title, d.href, title_lang),
                date=date(d.date, lang) if d.date else "",
                iso_date=d.date.isoformat() if d.date else "",
                language=language_name(d.language, lang) if d.language else "",
                language_code=d.language or "",
                offline_note="" if d.href else _(NOT_ONLINE),
            )
            for d in version.data.documents
            if d.type is doc_type
        ]
        if chosen:
            groups.append(DocumentGroup(_(DOCUMENT_TYPE[doc_type.value]), doc_type.value, chosen))
    return groups


def _parent(ctx: PageContext, lang: str, item: Item) -> Value | None:
    parent = ctx.register.parent(item)
    if parent is None:
        return None
    shown = parent.version(lang)
    text_lang = shown.lang if shown.lang != lang else None
    return Value(shown.data.title, urls.item(lang, parent.kind, parent.id), text_lang)


def _children(ctx: PageContext, lang: str, item: Item) -> list[Group]:
    """The items that are part of this one, by kind; within a kind sorted as its list is."""
    _ = ctx.gettexts[lang]
    children = ctx.register.children_of(item)
    groups = []
    for kind in KINDS:
        of_kind = [child for child in children if child.kind == kind]
        if of_kind:
            ordered = ctx.sorted_items(lang, of_kind, newest_first=kind == "meetings")
            # The group's heading names the kind, so each entry's meta leaves it out.
            entries = [ctx.entry(lang, child) for child in ordered]
            groups.append(Group(_(KIND_PLURAL[kind]), [dataclasses.replace(e, meta=e.meta[1:]) for e in entries]))
    return groups


def _themes(ctx: PageContext, lang: str, item: Item) -> list[Value]:
    themes = ctx.register.themes
    return [
        Value(themes[theme_id].label.for_lang(lang), urls.theme(lang, theme_id))
        for theme_id in item.data.themes
        if theme_id in themes
    ]


def _outdated_link(ctx: PageContext, lang: str, item: Item) -> Value | None:
    translation = ctx.translations.of(item.id)
    if translation is None or translation.states[lang] is not State.OUTDATED:
        return None
    source = translation.source_lang
    return Value(ctx.gettexts[lang](SOURCE_VERSION[source]), urls.item(source, item.kind, item.id), source)


def _updated(ctx: PageContext, version: Version, lang: str) -> str:
    when = ctx.updated.get(version.source.path)
    return date(when.date(), lang) if when else ""


def change_history(ctx: PageContext, lang: str, item: Item) -> tuple[list[HistoryEntry], str, Value | None]:
    """The commits that changed the item's published files (either language's), newest first:
    the page's ``history``, ``history_note`` and ``history_more`` (see :class:`ItemContext`).  Only what git knows: an
    edit not yet committed is not history yet."""
    _ = ctx.gettexts[lang]
    history = ctx.history
    if not history.available:
        return [], _(HISTORY_UNAVAILABLE), None
    touched: dict[int, list[str]] = {}
    for one in LANGS:
        if one in item.versions:
            for index in history.by_file.get(item.versions[one].source.rel, ()):
                touched.setdefault(index, []).append(one)
    if not touched:
        return [], _(HISTORY_NONE), None
    newest = sorted(touched)
    entries = []
    for index in newest[:HISTORY_SHOWN]:
        commit = history.commits[index]
        entries.append(
            HistoryEntry(
                date=date(commit.date.date(), lang),
                iso_date=commit.date.isoformat(),
                subject=commit.subject,
                sha=commit.short,
                url=ctx.settings.commit_link(commit.sha),
                languages=[language_name(one, lang) for one in touched[index]],
            )
        )
    left = len(newest) - HISTORY_SHOWN
    more = Value(_(HISTORY_EARLIER) % {"count": left}, urls.CHANGES_JSON) if left > 0 else None
    return entries, "", more
