"""What the search index holds for each item page, per language.

Each item page gets a small *index document*: the same URL as the page, its
text, and Pagefind's filters (kind, theme, organisation, status, year), sort key and
result metadata, plus base forms and compound parts of its words
(:mod:`wordforms`).  Index documents are written only for Pagefind and never
published, so the reader's pages carry no indexing markup or hidden words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import jinja2
from markupsafe import Markup

from .. import urls
from ..pages import item as item_pages
from ..pages.context import MemoTable
from ..pages.labels import DOCUMENT_TYPE, KIND_PLURAL, KIND_SINGULAR, MILESTONE, ROLE, STATUS
from ..pages.planner import PagePlanner
from ..read.model import LANGS, Item, Version, item_date, owner_of, years_of
from ..read.schema import Network, Project
from ..read.translations import State
from ..text.i18n import date
from .wordforms import WordForms

#: Filter names in the index; their labels come from the catalogs.
FILTERS = ("kind", "theme", "organisation", "status", "year")

_DOCUMENT = jinja2.Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="{{ r.lang }}">
<head><meta charset="utf-8"><title>{{ r.title }}</title></head>
<body data-pagefind-body>
<h1 data-pagefind-meta="title">{{ r.title }}</h1>
{% for name, value in r.meta.items() %}
<span data-pagefind-meta="{{ name }}:{{ value | replace(',', '\\\\,') }}"></span>
{% endfor %}
{% for name, values in r.filters.items() %}{% for value in values %}
<span data-pagefind-filter="{{ name }}:{{ value | replace(',', '\\\\,') }}"></span>
{% endfor %}{% endfor %}
{% if r.sort_date %}<span data-pagefind-sort="date:{{ r.sort_date }}"></span>{% endif %}
<p data-pagefind-meta="summary">{{ r.summary }}</p>
{% for line in r.facts %}<p>{{ line }}</p>
{% endfor %}
<div>{{ r.body }}</div>
<p data-pagefind-weight="0.5">{{ r.kind_words }} {{ r.extra_terms | join(" ") }}</p>
</body>
</html>
"""
)


@dataclass(frozen=True)
class SearchRecord:
    url: str
    lang: str
    title: str
    summary: str
    kind_words: str
    facts: list[str]
    body: Markup
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort_date: str
    extra_terms: list[str] = field(default_factory=list)

    def document(self) -> str:
        return _DOCUMENT.render(r=self)


#: Kept between rebuilds while an item, its translation states and its date stay (states and
#: dates are made again on every rebuild: compared by value).  Not saved between command runs:
#: each holds its page's whole rendered body, more to store than to make again.
RECORDS: MemoTable[tuple[str, str], tuple[Item, dict[str, State] | None, dt.date | None], SearchRecord] = MemoTable(
    "search records", saved=False
)


def search_records(planner: PagePlanner, forms: WordForms | Callable[[], WordForms]) -> list[SearchRecord]:
    """One record per item page (every item, in both languages).

    Records are kept in the planner's memo while their inputs stay the same; word
    forms load only if some record has to be made (``forms`` may be a loader)."""
    records = []
    loaded: list[WordForms] = []

    def make(lang: str, item: Item) -> SearchRecord:
        if not loaded:
            loaded.append(forms() if callable(forms) else forms)
        return _record(planner, loaded[0], lang, item)

    for lang in LANGS:
        for item in planner.register.items.values():
            translation = planner.translations.of(item.id)
            version = item.version(lang)
            fingerprint = (item, translation.states if translation else None, planner.updated.get(version.source.path))
            records.append(planner.memo.get_or_make(RECORDS, (lang, item.id), fingerprint, partial(make, lang, item)))
    return records


def _record(planner: PagePlanner, forms: WordForms, lang: str, item: Item) -> SearchRecord:
    _ = planner.gettexts[lang]
    version = item.version(lang)
    data = version.data
    register = planner.register
    organisations = [register.organisations[o] for o in register.organisation_ids(item)]
    owner = register.organisations.get(owner_of(data))
    when = item_date(item)
    meta = {"kind": _(KIND_SINGULAR[item.kind])}
    if isinstance(data, Project):
        meta["date"] = planner.term(lang, data)
    elif when is not None:
        meta["date"] = date(when, lang)
    if owner is not None:
        meta["organisation"] = owner.name.for_lang(lang)
    if version.lang != lang:
        meta["language"] = version.lang
        meta["language_note"] = planner.language_note(lang, version.lang)
    filters: dict[str, list[str]] = {
        "kind": [_(KIND_SINGULAR[item.kind])],
        "organisation": sorted({o.name.for_lang(lang) for o in organisations}),
    }
    themes = [register.themes[t] for t in data.themes if t in register.themes]
    if themes:
        filters["theme"] = sorted({t.label.for_lang(lang) for t in themes})
    if isinstance(data, Project | Network):
        filters["status"] = [_(STATUS[data.status.value])]
    years = years_of(data)
    if years:
        filters["year"] = [str(y) for y in years]
    facts = [
        f"{fact.label}: {' '.join(value.text for value in fact.values)}"
        for fact in item_pages.facts(planner, lang, item, version)
    ]
    facts += _listed(planner, lang, version)
    facts += [", ".join(data.tags)] if data.tags else []
    body = planner.body(version, lang)
    text_for_forms = [data.title, data.summary, *facts, Markup(body).striptags()]
    extra = forms.extra_terms(text_for_forms, version.lang)
    kind_words = f"{_(KIND_SINGULAR[item.kind])} {_(KIND_PLURAL[item.kind])}"
    # Words added only for finding (kind names, base forms) come last; the UI
    # uses their count to tell a hit in them from a hit in the text.
    meta["extra_words"] = str(len(kind_words.split()) + len(extra))
    return SearchRecord(
        url=urls.item(lang, item.kind, item.id),
        lang=lang,
        title=data.title,
        summary=data.summary,
        kind_words=kind_words,
        facts=facts,
        body=body,
        meta=meta,
        filters=filters,
        sort_date=when.isoformat() if when else "",
        extra_terms=extra,
    )


def _listed(planner: PagePlanner, lang: str, version: Version) -> list[str]:
    """People, documents, milestones and themes as lines of text, read from the item itself
    rather than from how its page lays them out: a reader searching for a person or a
    document's title finds the item whatever the page's markup."""
    _ = planner.gettexts[lang]
    data = version.data
    organisations = planner.register.organisations
    lines = []
    for person in data.people:
        organisation = organisations.get(person.organisation)
        words = [person.name, _(ROLE[person.role.value]), person.title]
        words += [organisation.name.for_lang(lang) if organisation else None, person.phone, person.email]
        lines.append(" ".join(word for word in words if word))
    for document in data.documents:
        lines.append(f"{_(DOCUMENT_TYPE[document.type.value])}: {document.title}")
    for milestone in data.milestones if isinstance(data, Project | Network) else []:
        words = [_(MILESTONE[milestone.type.value]), milestone.title, milestone.note]
        lines.append(" ".join(word for word in words if word))
    themes = planner.register.themes
    lines += [themes[theme].label.for_lang(lang) for theme in data.themes if theme in themes]
    return lines


def documents(records: list[SearchRecord]) -> dict[str, bytes]:
    """Index documents by site path, ready to be written where Pagefind reads them.

    Records live in the planner's memo while their item is unchanged, and so do their
    documents here: a refresh after one edit renders only that item's two documents."""
    made = {id(record): _RENDERED[id(record)] for record in records if id(record) in _RENDERED}
    for record in records:
        if id(record) not in made or made[id(record)][0] is not record:
            made[id(record)] = (record, record.document().encode("utf-8"))
    _RENDERED.clear()
    _RENDERED.update(made)  # only the current records: the others are gone from the memo too
    return {urls.output_path(record.url): made[id(record)][1] for record in records}


_RENDERED: dict[int, tuple[SearchRecord, bytes]] = {}  # by id: a record holds lists, so is not hashable
