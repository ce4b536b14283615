"""The site's own pages: language choice, 404, home, organisations, search, open data,
accessibility statement and translation status."""

from __future__ import annotations

from functools import partial

from .. import urls
from ..read.model import KINDS, LANGS, Item
from ..read.schema import Organisation, phone_uri
from ..read.settings import ANSWER_DAYS, Accessibility, AssessmentMethod, BarrierReason
from ..read.translations import ItemTranslation, State
from ..text.i18n import date, sort_key
from .changes import CHANGES
from .context import MemoTable, PageContext
from .contexts import (
    AccessibilityContext,
    ChooseContext,
    DataContext,
    HomeContext,
    ListContext,
    NotFoundContext,
    OrganisationContext,
    SearchContext,
    TranslationsContext,
)
from .datafiles import data_files
from .descriptions import in_all, joined, shorten
from .labels import (
    KIND_PLURAL,
    KIND_SINGULAR,
    LANGUAGE_COLUMN,
    N_,
    NAME_IN,
    SEARCH_STRINGS,
    STATE_LABELS,
    VERSIONS_IN,
)
from .views import (
    X_DEFAULT,
    Barrier,
    BarrierGroup,
    Endpoint,
    Entry,
    Fact,
    Gettext,
    Group,
    Page,
    Progress,
    Table,
    TranslationSection,
    Value,
)

HOME_LATEST = 5
CHOOSE = N_("Choose the language of the site: Finnish or Swedish.")
HOME_DESCRIPTION = N_("%(site)s: %(counts)s, with their organisations, people and documents.")
TRANSLATIONS_DESCRIPTION = N_("What is still to be translated or brought up to date, per language and kind.")
ACCESSIBILITY_DESCRIPTION = N_(
    "How the site meets the accessibility requirements, what is not accessible yet, and how to give feedback."
)
DATA_DESCRIPTION = N_("The register as open data: machine-readable files, their schemas and licence (%(license)s).")
SEARCH_DESCRIPTION = N_(
    "Search the projects, meetings and networks by word, and narrow the results by kind, theme, "
    "organisation, status and year."
)
ORGANISATIONS_DESCRIPTION = N_("%(title)s, %(count)s: the projects, meetings and networks of each.")
ORGANISATION_DESCRIPTION = N_("%(name)s in %(site)s: its projects, meetings and networks, %(count)s.")


def home_versions() -> dict[str, str]:
    """The home pages and the language choice are one page to search engines, the choice
    being the version for readers of neither language (``x-default``); every other page has
    no such version, so only these three name it and the cluster is the same from each."""
    return {**{lang: urls.home(lang) for lang in LANGS}, X_DEFAULT: urls.ROOT}


def language_choice(ctx: PageContext) -> Page:
    continue_in = {"fi": N_("Continue in Finnish"), "sv": N_("Continue in Swedish")}
    choices = [
        Value(
            f"{ctx.gettexts[lang](continue_in[lang])}: {ctx.settings.title.for_lang(lang)}",
            urls.home(lang),
            lang,
        )
        for lang in LANGS
    ]
    return Page(
        urls.ROOT,
        "fi",
        f"{ctx.settings.title.fi} \u2013 {ctx.settings.title.sv}",
        {lang: urls.home(lang) for lang in LANGS},
        ChooseContext(choices),
        description=shorten(
            " ".join(f"{ctx.settings.title.for_lang(lang)}. {ctx.gettexts[lang](CHOOSE)}" for lang in LANGS)
        ),
        hreflang=home_versions(),
    )


def not_found(ctx: PageContext) -> Page:
    return Page(
        urls.NOT_FOUND,
        "fi",
        "404",
        {},
        NotFoundContext(
            homes=[Value(ctx.settings.title.for_lang(lang), urls.home(lang), lang) for lang in LANGS],
            gettexts=ctx.gettexts,
        ),
        absolute_links=True,
    )


def home(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    groups = []
    for kind in KINDS:
        items = ctx.sorted_items(lang, ctx.register.of_kind(kind), newest_first=True)
        groups.append(
            Group(
                f"{_(KIND_PLURAL[kind])} ({len(items)})",
                [ctx.entry(lang, item) for item in items[:HOME_LATEST]],
                urls.section(lang, kind),
            )
        )
    overview = Value(_("The register at a glance: its projects on a timeline, and its figures"), urls.overview(lang))
    site = ctx.settings.title.for_lang(lang)
    counts = [f"{_(KIND_PLURAL[kind]).lower()} ({len(ctx.register.of_kind(kind))})" for kind in KINDS]
    return Page(
        urls.home(lang),
        lang,
        site,
        {one: urls.home(one) for one in LANGS},
        HomeContext(groups, overview),
        description=shorten(_(HOME_DESCRIPTION) % {"site": site, "counts": joined(_, counts)}),
        hreflang=home_versions(),
    )


def translation_status_page(ctx: PageContext, lang: str) -> Page:
    """For translators: what is missing or behind, per language and kind (not for search engines)."""
    _ = ctx.gettexts[lang]
    labels = {state: _(label) for state, label in STATE_LABELS.items()}  # once, not per row
    kinds = {kind: _(KIND_SINGULAR[kind]) for kind in KINDS}
    sections = []
    for target in LANGS:
        progress = []
        for kind in KINDS:
            of_kind = [t for t in ctx.translations.items if t.item.kind == kind]
            current = sum(t.states[target].current for t in of_kind)
            progress.append(Progress(_(KIND_PLURAL[kind]), current, len(of_kind)))
        rows = [
            _translation_row(ctx, t, lang, labels, kinds[t.item.kind], labels[t.states[target]])
            for t in ctx.translations.items
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
        urls.translation_status,
        lang,
        _("Translation status"),
        TranslationsContext(sections),
        shorten(_(TRANSLATIONS_DESCRIPTION)),
        noindex=True,
    )


#: The translation status table lists thousands of rows: each is kept while its item and
#: states stay (states are made again on every rebuild, so they are compared by value).
TRANSLATION_ROWS: MemoTable[tuple[str, str], tuple[Item, tuple[tuple[str, State], ...], str], list[Value]] = MemoTable(
    "translation rows", saved=True
)


def _translation_row(
    ctx: PageContext, translation: ItemTranslation, lang: str, labels: dict[State, str], kind: str, state: str
) -> list[Value]:
    fingerprint = (translation.item, tuple(translation.states.items()), state)
    make = partial(_make_translation_row, ctx, translation, lang, labels, kind, state)
    return ctx.memo.get_or_make(TRANSLATION_ROWS, (lang, translation.item.id), fingerprint, make)


def _make_translation_row(
    ctx: PageContext, translation: ItemTranslation, lang: str, labels: dict[State, str], kind: str, state: str
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
            edit = ctx.settings.edit_link(translation.path(one))
            cells.append(Value(label, edit or urls.item(one, item.kind, item.id)))
    cells.append(Value(state))
    return cells


#: The EU model statement's three cases of non-accessible content, in its order.
BARRIER_HEADINGS = {
    BarrierReason.NON_COMPLIANCE: N_("Non-compliance with the accessibility requirements"),
    BarrierReason.DISPROPORTIONATE_BURDEN: N_("Disproportionate burden"),
    BarrierReason.OUT_OF_SCOPE: N_("Content outside the scope of the law"),
}


def _assessment(settings: Accessibility, lang: str, _: Gettext) -> str:
    """One sentence for whatever of the date and the method is given: never a guessed part."""
    when = date(settings.assessed_on, lang) if settings.assessed_on else ""
    if settings.assessment is AssessmentMethod.SELF:
        if when:
            return _("On %(date)s the site's own team assessed its accessibility (self-assessment).") % {"date": when}
        return _("The site's own team assessed its accessibility (self-assessment).")
    if settings.assessment is AssessmentMethod.EXTERNAL:
        values = {"date": when, "auditor": settings.auditor or ""}
        if settings.auditor and when:
            return _("On %(date)s %(auditor)s assessed the site's accessibility in an external audit.") % values
        if settings.auditor:
            return _("%(auditor)s assessed the site's accessibility in an external audit.") % values
        if when:
            return _("On %(date)s the site's accessibility was assessed in an external audit.") % values
        return _("The site's accessibility was assessed in an external audit.")
    return _("The site's accessibility was last assessed on %(date)s.") % {"date": when} if when else ""


def _address(url: str) -> str:
    """A web address as readers say it: without the scheme and the closing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def accessibility_statement(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    settings = ctx.settings.accessibility
    barriers = [
        BarrierGroup(
            _(heading),
            reason.value,
            [Barrier(b.what.for_lang(lang), b.criteria) for b in settings.non_accessible or [] if b.reason is reason],
        )
        for reason, heading in BARRIER_HEADINGS.items()
    ]
    channel, feedback = settings.feedback, list[Value]()
    if channel and channel.email:
        feedback.append(Value(channel.email, f"mailto:{channel.email}"))
    if channel and channel.form:
        feedback.append(Value(_("Feedback form"), channel.form))
    authority, contacts = None, list[Value]()
    if settings.authority:
        found = settings.authority
        url = found.url if isinstance(found.url, str) else found.url.for_lang(lang)
        authority = Value(found.name.for_lang(lang), url)
        contacts.append(Value(_address(url), url))
        if found.email:
            email = found.email if isinstance(found.email, str) else found.email.for_lang(lang)
            contacts.append(Value(email, f"mailto:{email}"))
        if found.phone:
            contacts.append(Value(found.phone, phone_uri(found.phone)))
    return Page.in_each_language(
        urls.accessibility,
        lang,
        _("Accessibility statement"),
        AccessibilityContext(
            site_name=ctx.settings.title.for_lang(lang),
            complete=not settings.gaps(),
            status=settings.status.value if settings.status else "",
            barriers=[group for group in barriers if group.barriers],
            assessment=_assessment(settings, lang, _),
            assessment_note=settings.assessment_note.for_lang(lang) if settings.assessment_note else "",
            prepared_on=date(settings.prepared_on, lang) if settings.prepared_on else "",
            reviewed_on=date(settings.reviewed_on, lang) if settings.reviewed_on else "",
            feedback=feedback,
            feedback_name=channel.name.for_lang(lang) if channel and channel.name else "",
            answer_days=channel.answer_days if channel else ANSWER_DAYS,
            authority=authority,
            authority_contacts=contacts,
        ),
        shorten(_(ACCESSIBILITY_DESCRIPTION)),
    )


def data_page(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    downloads = [Endpoint(entry.title(_), entry.url, entry.description(_), entry.file_type) for entry in data_files()]
    # The first item by kind and id shows what an item's address looks like, with a placeholder
    # for its id (the planner says which edits can change which item that is).
    first = min(ctx.register.items.values(), key=lambda i: (i.kind, i.id), default=None)
    pattern = urls.item_json(lang, first.kind if first else KINDS[0], _("<id>"))
    item_json = Endpoint(
        urls.absolute(ctx.settings.base_url, pattern),
        urls.item_json(lang, first.kind, first.id) if first else "",
        _("Each item's facts and both languages' texts, as in register.json, beside the item's page."),
        "JSON",
    )
    catalog = [
        Endpoint(
            _("Catalogue record (Turtle)"),
            urls.CATALOG_TTL,
            _(
                "The register described for open data portals such as avoindata.fi (DCAT-AP): publisher, "
                "licence, themes, and each file above with its format and size."
            ),
            "Turtle",
        ),
        Endpoint(_("Catalogue record (JSON-LD)"), urls.CATALOG_JSONLD, _("The same record as JSON-LD."), "JSON-LD"),
    ]
    site = ctx.settings.title.for_lang(lang)
    feed_list = [
        Endpoint(site, urls.feed(lang), _("The latest additions and changes of every kind."), "Atom"),
        *(
            Endpoint(
                f"{site}: {_(KIND_PLURAL[kind])}", urls.feed(lang, kind), _("The latest additions and changes."), "Atom"
            )
            for kind in KINDS
        ),
        Endpoint(f"{site}: {_(CHANGES)}", urls.changes_feed(lang), _("The newest commits, one entry each."), "Atom"),
    ]
    organisations = sorted(ctx.register.organisations)
    if organisations:  # one feed per organisation, at its page's address: the first shows where
        example = ctx.register.organisations[organisations[0]].name.for_lang(lang)
        feed_list.append(
            Endpoint(
                f"{site}: {example}",
                urls.organisation_feed(lang, organisations[0]),
                _(
                    "Each organisation's page has a feed of the items naming it, "
                    "at the page's address followed by feed.xml."
                ),
                "Atom",
            )
        )
    page = Page.in_each_language(
        urls.data_page,
        lang,
        _("Open data"),
        DataContext(
            downloads=downloads,
            item_json=item_json,
            catalog=catalog,
            feed_list=feed_list,
            license=Value(ctx.settings.license.title, ctx.settings.license.url),
            license_id=ctx.settings.license.id,
            sitemap=Endpoint("sitemap.xml", urls.SITEMAP, _("Every page of the site, for search engines."), "XML"),
            changes=Value("changes.json", urls.CHANGES_JSON),
        ),
        shorten(_(DATA_DESCRIPTION) % {"license": ctx.settings.license.title}),
    )
    changes = _(CHANGES)
    page.feeds.append(Value(f"{ctx.settings.title.for_lang(lang)}: {changes}", urls.changes_feed(lang)))
    return page


def search_page(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    browse = [Value(_(KIND_PLURAL[kind]), urls.section(lang, kind)) for kind in KINDS]
    browse.append(Value(_("Organisations"), urls.section(lang, "organisations")))
    return Page.in_each_language(
        urls.search,
        lang,
        _("Search"),
        SearchContext(
            browse=browse,
            strings={key: _(message) for key, message in SEARCH_STRINGS.items()},
            bundle_url=urls.search_bundle(),
            site_root=urls.ROOT,
        ),
        shorten(_(SEARCH_DESCRIPTION)),
    )


def organisation_list(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    organisations = sorted(ctx.register.organisations.values(), key=lambda o: sort_key(o.name.for_lang(lang)))
    entries = [
        Entry(
            _organisation_label(ctx, o, lang),
            urls.organisation(lang, o.id),
            "",
            None,
            [_("Items: %(count)d") % {"count": len(ctx.register.items_of(o.id))}],
        )
        for o in organisations
    ]
    url_of = partial(urls.section, kind="organisations")
    title = _("Organisations")
    description = _(ORGANISATIONS_DESCRIPTION) % {"title": title, "count": in_all(_, len(entries))}
    return Page.in_each_language(url_of, lang, title, ListContext(heading=title, entries=entries), shorten(description))


def organisation_page(ctx: PageContext, lang: str, organisation: Organisation) -> Page:
    _ = ctx.gettexts[lang]
    name = organisation.name.for_lang(lang)
    facts = []
    if organisation.abbreviation:
        facts.append(Fact(_("Abbreviation"), [Value(organisation.abbreviation.for_lang(lang))]))
    other = next(o for o in LANGS if o != lang)
    facts.append(Fact(_(NAME_IN[other]), [Value(organisation.name.for_lang(other), lang=other)]))
    if organisation.website:
        facts.append(Fact(_("Website"), [Value(organisation.website, organisation.website)]))
    items = ctx.register.items_of(organisation.id)
    groups = []
    for kind in KINDS:
        mine = [i for i in items if i.kind == kind]
        of_kind = ctx.sorted_items(lang, mine, newest_first=kind == "meetings")
        if of_kind:
            groups.append(Group(_(KIND_PLURAL[kind]), [ctx.entry(lang, i) for i in of_kind]))
    feed = Value(f"{ctx.settings.title.for_lang(lang)}: {name}", urls.organisation_feed(lang, organisation.id))
    return Page(
        urls.organisation(lang, organisation.id),
        lang,
        name,
        {o: urls.organisation(o, organisation.id) for o in LANGS},
        OrganisationContext(facts, groups, feed),
        description=shorten(
            _(ORGANISATION_DESCRIPTION)
            % {
                "name": organisation.name.for_lang(lang),
                "site": ctx.settings.title.for_lang(lang),
                "count": in_all(_, len(items)),
            }
        ),
        feeds=[feed],
    )


def _organisation_label(ctx: PageContext, organisation: Organisation, lang: str) -> str:
    name = organisation.name.for_lang(lang)
    if organisation.abbreviation:
        return f"{name} ({organisation.abbreviation.for_lang(lang)})"
    return name
