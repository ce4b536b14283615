"""The template contract: what each template of a theme receives, one class per template.

Besides these fields every template gets the common variables (``render.SiteContext``:
the page, its language, navigation, links in the head...).  docs/themes.md documents
each field for theme authors, and a test keeps the two in step.  Defaults stand for
what a page does not have, so a template needs no ``is defined`` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from markupsafe import Markup

from ..read.model import Item
from .views import (
    BarChart,
    BarrierGroup,
    DocumentGroup,
    Endpoint,
    Entry,
    FacetGroup,
    Fact,
    FeedEntry,
    Figure,
    Gettext,
    Group,
    HistoryEntry,
    Letter,
    MilestoneEntry,
    Pagination,
    PeopleGroup,
    TemplateContext,
    ThemeEntry,
    Timeline,
    TranslationSection,
    Value,
)


@dataclass(frozen=True)
class ChooseContext(TemplateContext):
    template: ClassVar[str] = "choose.html"
    choices: list[Value]


@dataclass(frozen=True)
class NotFoundContext(TemplateContext):
    """Served at any address in either language, so it speaks both."""

    template: ClassVar[str] = "404.html"
    homes: list[Value]
    gettexts: Mapping[str, Gettext]


@dataclass(frozen=True)
class HomeContext(TemplateContext):
    template: ClassVar[str] = "home.html"
    groups: list[Group]
    overview: Value


@dataclass(frozen=True)
class ListContext(TemplateContext):
    """A kind's list (narrowed by facets, page by page) or the organisations' list, which
    has neither facets nor pages nor a count."""

    template: ClassVar[str] = "list.html"
    heading: str
    entries: list[Entry]
    count: int | None = None
    facets: list[FacetGroup] = field(default_factory=list)
    pagination: Pagination | None = None
    all_url: str | None = None


@dataclass(frozen=True)
class OrganisationContext(TemplateContext):
    template: ClassVar[str] = "organisation.html"
    facts: list[Fact]
    groups: list[Group]
    feed: Value  # the organisation's Atom feed


@dataclass(frozen=True)
class PeopleContext(TemplateContext):
    """Everyone the register names, filed by surname under its initial letter."""

    template: ClassVar[str] = "people.html"
    letters: list[Letter]
    count: int


@dataclass(frozen=True)
class ThemesContext(TemplateContext):
    template: ClassVar[str] = "themes.html"
    themes: list[ThemeEntry]


@dataclass(frozen=True)
class ThemeContext(TemplateContext):
    template: ClassVar[str] = "theme.html"
    description: str
    facts: list[Fact]
    groups: list[Group]
    themes_url: str


@dataclass(frozen=True)
class ItemContext(TemplateContext):
    template: ClassVar[str] = "item.html"
    item: Item
    kind_url: str
    kind_plural: str
    summary: str
    text_lang: str | None
    fallback_notice: str
    draft: bool
    outdated: Value | None
    updated: str
    edit_url: str | None
    parent: Value | None
    facts: list[Fact]
    milestones: list[MilestoneEntry]
    people: list[PeopleGroup]
    documents: list[DocumentGroup]
    children: list[Group]
    body: Markup
    related: list[Entry]
    themes: list[Value]
    tags: list[str]
    history: list[HistoryEntry]  # the newest commits that changed the item's files
    history_note: str  # when ``history`` is empty: why (no git history here, nothing committed yet)
    history_more: Value | None  # how many older commits are left out, and where all are listed


@dataclass(frozen=True)
class SearchContext(TemplateContext):
    template: ClassVar[str] = "search.html"
    browse: list[Value]
    strings: dict[str, str]
    bundle_url: str
    site_root: str


@dataclass(frozen=True)
class DataContext(TemplateContext):
    template: ClassVar[str] = "data.html"
    downloads: list[Endpoint]
    item_json: Endpoint  # an example item's file; its title is the address pattern
    catalog: list[Endpoint]
    feed_list: list[Endpoint]
    license: Value  # the licence's title and the address of its text
    license_id: str
    sitemap: Endpoint
    changes: Value  # changes.json: every commit that changed the register


@dataclass(frozen=True)
class AccessibilityContext(TemplateContext):
    """The accessibility statement: each part the register's settings give, none invented (an
    empty value or list is a part not given yet, and ``complete`` says whether any is missing)."""

    template: ClassVar[str] = "accessibility.html"
    site_name: str
    complete: bool
    status: str  # fully-compliant, partially-compliant, not-compliant or ""
    barriers: list[BarrierGroup]
    assessment: str  # how and when the site was assessed, a sentence
    assessment_note: str  # what the assessment covered, in the register's words
    prepared_on: str
    reviewed_on: str
    feedback: list[Value]
    feedback_name: str
    answer_days: int
    authority: Value | None
    authority_contacts: list[Value]


@dataclass(frozen=True)
class TranslationsContext(TemplateContext):
    template: ClassVar[str] = "translations.html"
    sections: list[TranslationSection]


@dataclass(frozen=True)
class OverviewContext(TemplateContext):
    """The register in pictures: each picture with its words (title, description) and its
    figures as a table; ``timeline`` is none when the register has no projects."""

    template: ClassVar[str] = "overview.html"
    figures: list[Figure]
    timeline: Timeline | None
    charts: list[BarChart]


@dataclass(frozen=True)
class FeedContext(TemplateContext):
    template: ClassVar[str] = "feed.xml"
    entries: list[FeedEntry]
    updated: str
    self_url: str
    html_url: str
    feed_id: str
