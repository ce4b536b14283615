"""What pages are made of: plain values the planner fills and templates lay out.

Types only: every page family builds these, the renderer reads them, and
nothing here knows how a register is read or a page is planned.  What each
template receives is in :mod:`.contexts`; outputs that no template lays out
(sitemap, robots.txt, open data) are :class:`File` values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from ..read.model import LANGS

Gettext = Callable[[str], str]
#: The ``hreflang`` of the page for readers of none of the site's languages: the language choice.
X_DEFAULT = "x-default"
#: A file's bytes, or its pieces in order (a file too big to join in memory: register.json).
Content = bytes | list[bytes]


@dataclass(frozen=True)
class Value:
    """A piece of text on a page, maybe a link, maybe in another language than the page."""

    text: str
    url: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Endpoint:
    """An address data users can fetch, as the data page lists it."""

    title: str
    url: str
    description: str
    format: str  # "JSON", "CSV", "Atom"…


@dataclass(frozen=True)
class Fact:
    label: str
    values: list[Value]


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Value]]


@dataclass(frozen=True)
class MilestoneEntry:
    """A milestone as a reader sees it: a step on an item's timeline, or a list entry's next step.

    ``date`` is the day it happened when reached, else the day it is planned for; ``planned``
    is the planned day only when it was reached on another day, so that a delay shows."""

    label: str  # the type's word ("Loppuraportti")
    title: Value | None  # a name of its own, when given (its ``lang`` set when not the page's)
    reached: bool
    state: str  # "Toteutunut" or "Suunniteltu", in words: a marker's fill is not the only sign
    date: str
    iso_date: str  # for <time datetime>
    planned: str = ""
    planned_iso_date: str = ""
    note: Value | None = None


@dataclass(frozen=True)
class Entry:
    """An item as it appears in a list."""

    title: str
    url: str
    summary: str
    lang: str | None
    meta: list[str]
    language_note: str = ""
    next_milestone: MilestoneEntry | None = None  # the earliest not reached, of a project or network under way


@dataclass(frozen=True)
class PersonInRole:
    """One person in one role on an item's page."""

    name: str
    title: Value | None
    organisation: Value
    phone: Value | None
    email: Value | None
    period: str  # "31.3.2022 asti", "1.4.2022 alkaen", both, or empty


@dataclass(frozen=True)
class PeopleGroup:
    """The people of one role, headed by the role's name (plural when more than one)."""

    heading: str
    role: str  # the role's value (chair, secretary…), for a theme's classes and anchors
    people: list[PersonInRole]


@dataclass(frozen=True)
class DocumentEntry:
    """A document of an item; one with no address is listed all the same, marked as not online."""

    title: Value  # its ``url`` the document's address, or none
    date: str
    iso_date: str
    language: str  # the document's language, named in the page's ("suomi", "finska"), or empty
    language_code: str  # for ``hreflang``, or empty
    offline_note: str  # "ei verkossa" when it has no address, else empty


@dataclass(frozen=True)
class DocumentGroup:
    heading: str
    type: str  # the document type's value (memo, minutes…)
    documents: list[DocumentEntry]


@dataclass(frozen=True)
class Group:
    heading: str
    entries: list[Entry]
    url: str | None = None


@dataclass(frozen=True)
class Barrier:
    """Content of the site that is not accessible, as its accessibility statement lists it."""

    what: str
    criteria: list[str]  # WCAG success criteria it fails ("1.4.3"), or none


@dataclass(frozen=True)
class BarrierGroup:
    """The statement's non-accessible content for one reason (the EU model's three cases)."""

    heading: str
    reason: str  # non-compliance, disproportionate-burden or out-of-scope
    barriers: list[Barrier]


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


@dataclass(frozen=True)
class FacetGroup:
    label: str
    links: list[Value]
    current: str | None
    name: str = ""


@dataclass(frozen=True)
class Pagination:
    label: str
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class RoleEntry:
    """One role a person holds in one item, with what that item publishes of it: a phone
    number or an e-mail address given for one role is not shown beside the others."""

    role: str
    item: Value
    period: str = ""
    title: Value | None = None
    phone: Value | None = None
    email: Value | None = None


@dataclass(frozen=True)
class PersonEntry:
    """A person in the people index: one name at one organisation."""

    name: str
    anchor: str
    organisation: Value
    roles: list[RoleEntry]


@dataclass(frozen=True)
class Letter:
    """The people whose surnames an index files under one letter."""

    letter: str
    anchor: str
    people: list[PersonEntry]


@dataclass(frozen=True)
class ThemeEntry:
    """A theme in the list of themes."""

    label: str
    url: str
    description: str
    count: int
    yso: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """A commit that changed an item's files, on the item's page."""

    date: str  # the day, formatted for the page's language
    iso_date: str  # the commit's time with its zone, for <time datetime>
    subject: str  # the first line of the commit message, in whatever language it was written
    sha: str  # shortened
    url: str | None  # the commit's page in the repository, when the register names one
    languages: list[str]  # the versions it changed, named in the page's language


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str
    updated: str
    summary: str
    category: str
    lang: str


@dataclass(frozen=True)
class Figure:
    """A key figure shown large: how many of something, maybe linking to them."""

    label: str
    count: int
    url: str | None = None


# --- Pictures: geometry worked out in pages/overview.py, drawn by the templates as SVG. ---
# Coordinates are in the picture's own units (its viewBox); the picture scales to the page.


@dataclass(frozen=True)
class Area:
    """A rectangle of a picture: where a row's link lies over it."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class TextLine:
    """A line of a label: SVG text does not wrap, so long labels come as lines (the last one
    shortened with "…" if it must be; the link's name and the table keep the text whole)."""

    text: str
    y: float  # baseline


@dataclass(frozen=True)
class Segment:
    """One series' part of a bar (say, a row's projects); ``series`` names the stylesheet's colour."""

    series: str
    x: float
    width: float
    value: int


@dataclass(frozen=True)
class BarRow:
    """One row of a bar chart: its label (above the bar, or beside it when labels are short),
    the bar's segments (from the label's room on), and the figure written at the bar's end."""

    label: Value
    lines: list[TextLine]  # the label as drawn, at x 0
    y: float  # top of the bar
    height: float
    segments: list[Segment]
    track: float  # width of the whole when the bar is a share of it (0: a plain count)
    figure: str
    figure_x: float
    figure_y: float
    area: Area  # the whole row, for its link


@dataclass(frozen=True)
class LegendKey:
    """What a colour or a shape means: ``shape`` is ``bar``, ``diamond`` (a milestone) or
    ``arrow`` (a term without an end)."""

    series: str
    text: str
    shape: str = "bar"


@dataclass(frozen=True)
class BarChart:
    """Counts drawn as horizontal bars, with their text alternative and the same figures as a table."""

    id: str
    heading: str
    title: str  # the picture's accessible name
    desc: str  # its key figures in words
    width: float
    height: float
    rows: list[BarRow]
    legend: list[LegendKey]
    table: Table
    note: str = ""


@dataclass(frozen=True)
class Tick:
    """A year on the timeline's axis: its gridline at 1 January, its label (maybe empty when
    years are too narrow to name each) centred on the year."""

    x: float
    label: str
    label_x: float


@dataclass(frozen=True)
class Marker:
    """A milestone on a bar: a diamond, filled when reached."""

    points: str
    reached: bool


@dataclass(frozen=True)
class TimelineBar:
    """One project's term: its title above, the bar from start to end (an open term runs to
    the axis's end and ends in an arrow), its milestones on it."""

    label: Value
    name: str  # title and term in words: the link's name and tooltip
    lines: list[TextLine]  # the title as drawn
    x: float
    y: float
    width: float
    height: float
    status: str
    arrow: str  # points of the open end's arrow; empty when the term has an end
    markers: list[Marker]
    area: Area


@dataclass(frozen=True)
class TimelineGroup:
    """The projects one organisation appointed; ``more`` says how many are left out of the
    picture and links to all of them."""

    heading: Value
    text: str
    heading_y: float
    area: Area
    bars: list[TimelineBar]
    more: Value | None = None
    more_y: float = 0.0
    more_area: Area | None = None


@dataclass(frozen=True)
class Timeline:
    """Every project's term on a year axis, grouped by the organisation that appointed it."""

    id: str
    heading: str
    title: str
    desc: str
    width: float
    height: float
    ticks: list[Tick]
    axis_y: float  # baseline of the year labels at the top
    bottom_axis_y: float  # and at the bottom, on a tall picture (0: none)
    grid_top: float
    grid_bottom: float
    groups: list[TimelineGroup]
    legend: list[LegendKey]
    table: Table
    note: str = ""


@dataclass(frozen=True)
class TemplateContext:
    """What one template receives besides the variables every page gets (``render.SiteContext``).

    Each subclass in :mod:`.contexts` names its template, so a page cannot pair a template
    with another template's variables; docs/themes.md documents every field."""

    template: ClassVar[str]


@dataclass(frozen=True)
class File:
    """An output no template lays out: written as made, never rendered."""

    url: str
    content: Content
    digest: str = ""  # of ``content``, when its maker knows it from the parts (see opendata.register_json_page)


@dataclass(frozen=True)
class PageSpec:
    """A page before it is planned: its URL, what it depends on, and how to plan it.

    Dependencies are keys made by :mod:`pages.dependencies` (an item, a kind, an
    organisation, a theme, a list's selection, a kind's facet counts, any item), which also
    turns an edit into the keys it touches.  Settings, theme, organisations and themes.yaml
    concern every page.
    """

    url: str
    depends_on: frozenset[str]
    make: Callable[[], Page | File]
    #: language (or ``x-default``) → URL of the same page, as the sitemap declares it to search
    #: engines: the page's versions that are meant to be found (never a fallback page, see ``Page.hreflang``)
    alternates: Mapping[str, str] = field(default_factory=dict)
    indexable: bool = True  # listed in the sitemap
    #: A page that sums up the whole register (people, themes, the overview): every edit touches
    #: it, so ``serve`` writes it just after the edited pages instead of before the reload.
    summary: bool = False


@dataclass
class Page:
    """A page a template lays out: the template is its context's."""

    url: str
    lang: str
    title: str
    alternates: dict[str, str]
    context: TemplateContext
    absolute_links: bool = False
    description: str = ""  # the meta description, at most 160 characters (see descriptions.py)
    noindex: bool = False
    #: The site path search engines should take instead of this page (a fallback page's
    #: original); empty: the page itself.
    canonical: str = ""
    #: language (or ``x-default``) → site path, the versions the head declares to search engines,
    #: when they are not ``alternates`` (which the language switch shows): an item's page in a
    #: language it has no text in shows the other language's text, so it is no version of its own.
    hreflang: Mapping[str, str] | None = None
    og_type: str = "website"  # Open Graph's kind of page: an item's is an "article"
    feeds: list[Value] = field(default_factory=list)  # Atom feeds to announce in the page's head

    @property
    def template(self) -> str:
        return self.context.template

    @classmethod
    def in_each_language(
        cls,
        url_of: Callable[[str], str],
        lang: str,
        title: str,
        context: TemplateContext,
        description: str,
        noindex: bool = False,
    ) -> Page:
        """A page every language has, at ``url_of(lang)``; each names the others as alternates."""
        alternates = {o: url_of(o) for o in LANGS}
        return cls(url_of(lang), lang, title, alternates, context, description=description, noindex=noindex)
