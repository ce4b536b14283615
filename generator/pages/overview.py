"""The register overview: the register's figures as pictures, each with its words and its table.

Two halves.  The geometry functions (:func:`layout_bars`, :func:`layout_timeline`,
:func:`year_ticks`, :func:`fit`) are pure: figures in, coordinates out, so the templates
only draw and the tests can measure a picture without rendering it.  The page maker
(:func:`overview_page`) counts the register and words the figures in the page's language.

The pictures are drawn in their own units (a viewBox :data:`WIDTH` wide) and scale to
the page; text in them is sized for a phone's width, and every row that names a page
links to it from a layer drawn over the picture (a picture with ``role="img"`` may hold
no links itself).  Nothing depends on the day of the build: a term without an end runs
to the end of the axis, which ends with the last year the register names.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import urls
from ..read.model import KINDS, LANGS, Item, owner_of, years_of
from ..read.schema import Meeting, Network, Project
from ..read.translations import State
from ..text.i18n import date, sort_key
from .context import PageContext
from .contexts import OverviewContext
from .descriptions import shorten
from .labels import KIND_PLURAL, MILESTONE, STATE_LABELS, STATUS, VERSIONS_IN
from .views import (
    Area,
    BarChart,
    BarRow,
    Figure,
    Gettext,
    LegendKey,
    Marker,
    Page,
    Segment,
    Table,
    TextLine,
    Tick,
    Timeline,
    TimelineBar,
    TimelineGroup,
    Value,
)

#: The pictures' width in their own units.  Narrow on purpose: on a phone a picture this wide
#: is drawn at about 0.8 of its size, so its 15-unit labels stay about 12 pixels tall.
WIDTH = 400.0
LABEL_SIZE = 15.0  # the stylesheet's font sizes in picture units (.chart-label, .chart-small)
SMALL_SIZE = 13.0
TIMELINE_LABEL_SIZE = 14.0
#: How wide a character is, on average, as a share of the font size (system sans-serif
#: fonts, mixed case): enough to keep labels inside the picture, which cannot wrap them.
CHAR_WIDTH = 0.6
DIGIT_WIDTH = 0.62  # figures: digits are wider than the average letter
#: Labels this short go beside their bars (years, statuses); longer ones above them.
SHORT_LABEL = 14
#: An organisation chart shows this many organisations; the rest are summed in one row.
ORGANISATION_ROWS = 15
THEME_ROWS = 30
#: The timeline draws about this many bars at most: each organisation's latest projects,
#: at least :data:`MIN_BARS_PER_GROUP` and at most :data:`MAX_BARS_PER_GROUP` of them.
TIMELINE_BARS = 80
MIN_BARS_PER_GROUP = 3
MAX_BARS_PER_GROUP = 12
#: On a timeline with more rows than this the years are written at the bottom too.
BOTTOM_AXIS_ROWS = 10
#: A timeline of this many bars or fewer writes long titles on two lines; a longer one keeps
#: each title to one line, so that the picture shows its shape on a screen or two.
TWO_LINE_TITLES = 20


# --- geometry ------------------------------------------------------------------------------


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def fit(text: str, width: float, size: float = LABEL_SIZE) -> str:
    """``text`` as it fits on one line ``width`` units wide: cut at a word with "…" if it
    must be (SVG text does not wrap; the link's name and the table keep it whole)."""
    if text_width(text, size) <= width:
        return text
    room = max(1, int(width / (size * CHAR_WIDTH)) - 1)
    cut = text[:room]
    space = cut.rfind(" ")
    if space > room * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def wrap(text: str, width: float, size: float = LABEL_SIZE, lines: int = 2) -> list[str]:
    """``text`` broken at spaces into lines ``width`` units wide, at most ``lines`` of them
    (the last one cut with "…" when the text is longer still)."""
    room = max(1, int(width / (size * CHAR_WIDTH)))
    found: list[str] = []
    rest = text.strip()
    while rest and len(found) < lines - 1 and len(rest) > room:
        cut = rest.rfind(" ", 0, room + 1)
        if cut <= 0:
            cut = room
        found.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        found.append(fit(rest, width, size))
    return found


@dataclass(frozen=True)
class Count:
    """One row's figures before they are drawn: a value per series, stacked in this order;
    ``out_of`` makes the row a share of that many (a bar on a full-width track)."""

    label: Value
    values: tuple[tuple[str, int], ...]
    figure: str = ""  # what the bar's end says; the total when empty
    out_of: int = 0

    @property
    def total(self) -> int:
        return sum(value for _, value in self.values)


# Rows with their label above the bar (one line or two), and rows with a short label beside it.
_ABOVE = {"label_y": 15.0, "bar_y": 21.0, "bar": 12.0, "gap": 8.0}
_BESIDE = {"label_y": 16.0, "bar_y": 4.0, "bar": 14.0, "gap": 4.0}
_LINE = 18.0  # from one line of a label to the next
_PAD = 4.0


def layout_bars(counts: Sequence[Count], width: float = WIDTH) -> tuple[list[BarRow], float]:
    """Horizontal bars, one row per count, all on one scale (the largest total, or the
    whole of a share, fills the room left by the labels and the figures); the picture's
    height comes with them.  Short labels go beside their bars, long ones above (on two
    lines when they must)."""
    if not counts:
        return [], 0.0
    beside = all(len(count.label.text) <= SHORT_LABEL for count in counts)
    shape = _BESIDE if beside else _ABOVE
    label_room = max(text_width(count.label.text) for count in counts) + 8 if beside else 0.0
    figures = [count.figure or str(count.total) for count in counts]
    figure_room = max(len(figure) * SMALL_SIZE * DIGIT_WIDTH for figure in figures) + 8
    plot = max(width - label_room - figure_room, 1.0)
    scale = max(max(count.out_of or count.total for count in counts), 1)
    rows = []
    top = _PAD
    for count, figure in zip(counts, figures, strict=True):
        texts = [count.label.text] if beside else wrap(count.label.text, width)
        lines = [TextLine(text, _r(top + shape["label_y"] + n * _LINE)) for n, text in enumerate(texts)]
        bar_y = top + shape["bar_y"] + (len(lines) - 1) * _LINE
        whole = count.out_of or scale
        x = label_room
        segments = []
        for series, value in count.values:
            length = plot * value / whole
            segments.append(Segment(series, _r(x), _r(length), value))
            x += length
        end = label_room + plot if count.out_of else x
        bottom = bar_y + shape["bar"]
        rows.append(
            BarRow(
                label=count.label,
                lines=lines,
                y=_r(bar_y),
                height=shape["bar"],
                segments=segments,
                track=_r(plot) if count.out_of else 0.0,
                figure=figure,
                figure_x=_r(end + 6),
                figure_y=_r(bar_y + shape["bar"] / 2 + SMALL_SIZE * 0.35),
                area=Area(0.0, _r(top), width, _r(bottom + 2 - top)),
            )
        )
        top = bottom + shape["gap"] + (6.0 if not beside else 0.0)
    return rows, _r(top - shape["gap"] + _PAD)


def _r(value: float) -> float:
    return round(value, 2)


@dataclass(frozen=True)
class Axis:
    """Where dates fall across the picture: 1 January of ``first`` at ``x``, 1 January of the
    year after ``last`` at ``x + width``."""

    first: int
    last: int
    x: float
    width: float

    def at(self, day: dt.date) -> float:
        start = dt.date(self.first, 1, 1)
        days = (dt.date(self.last + 1, 1, 1) - start).days
        return self.x + self.width * (day - start).days / days


def year_ticks(axis: Axis, min_label_gap: float = 38.0) -> list[Tick]:
    """A gridline at every new year; the years named at the middle of their span, every
    year when there is room, else every second, fifth or tenth (round years)."""
    years = axis.last - axis.first + 1
    band = axis.width / years
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if band * s >= min_label_gap), 100)
    ticks = []
    for year in range(axis.first, axis.last + 2):
        x = axis.at(dt.date(year, 1, 1))
        named = year <= axis.last and year % step == 0
        ticks.append(Tick(_r(x), str(year) if named else "", _r(x + band / 2) if named else 0.0))
    return ticks


@dataclass(frozen=True)
class Span:
    """A project's term before it is drawn."""

    label: Value
    name: str  # title and term in words
    start: dt.date
    end: dt.date | None
    status: str
    milestones: tuple[tuple[dt.date, bool], ...] = ()  # (date, reached)

    def dates(self) -> list[dt.date]:
        return [self.start, *([self.end] if self.end else []), *(day for day, _ in self.milestones)]


def _dates(project: Project) -> list[dt.date]:
    """Every date a project's term names: its start, its end, its milestones."""
    end = [project.term.end] if project.term.end else []
    return [project.term.start, *end, *(milestone.date for milestone in project.milestones)]


@dataclass(frozen=True)
class SpanGroup:
    heading: Value
    spans: list[Span]
    more: Value | None = None  # the projects left out of the picture, as a link to them all


@dataclass(frozen=True)
class TimelineLayout:
    ticks: list[Tick]
    groups: list[TimelineGroup]
    axis_y: float
    bottom_axis_y: float
    grid_top: float
    grid_bottom: float
    height: float


_ARROW = 8.0  # how far an open term's arrow reaches past the axis's end
_BAR = 10.0
_GROUP_PITCH = 26.0
_ROW_GAP = 6.0  # below a bar, before the next title
_TIMELINE_LINE = 17.0
_MORE_PITCH = 24.0
_GROUP_GAP = 8.0
_MIN_BAR = 3.0  # a term of a few days is still seen


def layout_timeline(groups: Sequence[SpanGroup], width: float = WIDTH) -> TimelineLayout:
    """The terms of every span on one year axis (from the first date any of them names to
    the last), group under group, each bar under its title."""
    spans = [span for group in groups for span in group.spans]
    if not spans:
        return TimelineLayout([], [], 0.0, 0.0, 0.0, 0.0, 0.0)
    title_lines = 2 if len(spans) <= TWO_LINE_TITLES else 1
    first = min(day for span in spans for day in span.dates()).year  # a milestone may precede the term
    last = max(day for span in spans for day in span.dates()).year
    axis = Axis(first, last, 1.0, width - 2.0 - _ARROW)
    axis_end = axis.x + axis.width
    ticks = year_ticks(axis)
    axis_y = SMALL_SIZE + 1
    y = axis_y + 7
    grid_top = y
    laid: list[TimelineGroup] = []
    rows = 0
    for group in groups:
        heading_y = y + 17
        area = Area(0.0, _r(y + 2), width, 20.0)
        y += _GROUP_PITCH
        bars = []
        for span in group.spans:
            rows += 1
            texts = wrap(span.label.text, width, TIMELINE_LABEL_SIZE, title_lines)
            lines = [TextLine(text, _r(y + 14 + n * _TIMELINE_LINE)) for n, text in enumerate(texts)]
            bar_y = y + 19 + (len(lines) - 1) * _TIMELINE_LINE
            x = axis.at(span.start)
            end = axis.at(span.end + dt.timedelta(days=1)) if span.end else axis_end
            bar_width = max(end - x, _MIN_BAR)
            middle = bar_y + _BAR / 2
            arrow = "" if span.end else _arrow(axis_end, bar_y)
            markers = [Marker(_diamond(axis.at(day), middle), reached) for day, reached in span.milestones]
            bars.append(
                TimelineBar(
                    label=span.label,
                    name=span.name,
                    lines=lines,
                    x=_r(x),
                    y=_r(bar_y),
                    width=_r(bar_width),
                    height=_BAR,
                    status=span.status,
                    arrow=arrow,
                    markers=markers,
                    area=Area(0.0, _r(y), width, _r(bar_y + _BAR + 3 - y)),
                )
            )
            y = bar_y + _BAR + _ROW_GAP
        more_y, more_area = 0.0, None
        if group.more is not None:
            rows += 1
            more_y, more_area = y + 14, Area(0.0, _r(y), width, 20.0)
            y += _MORE_PITCH
        laid.append(
            TimelineGroup(
                heading=group.heading,
                text=fit(group.heading.text, width, LABEL_SIZE * 1.1),  # bold
                heading_y=_r(heading_y),
                area=area,
                bars=bars,
                more=group.more,
                more_y=_r(more_y),
                more_area=more_area,
            )
        )
        y += _GROUP_GAP
    grid_bottom = y - _GROUP_GAP + 2
    bottom_axis_y = 0.0
    if rows > BOTTOM_AXIS_ROWS:
        bottom_axis_y = grid_bottom + SMALL_SIZE + 2
        y = bottom_axis_y + 4
    return TimelineLayout(ticks, laid, axis_y, bottom_axis_y, _r(grid_top), _r(grid_bottom), _r(y))


def _arrow(x: float, bar_y: float) -> str:
    """A triangle past the bar's end, a little taller than the bar: the term goes on."""
    top, middle, bottom = bar_y - 2, bar_y + _BAR / 2, bar_y + _BAR + 2
    return f"{_r(x)},{_r(top)} {_r(x + _ARROW)},{_r(middle)} {_r(x)},{_r(bottom)}"


def _diamond(x: float, y: float, size: float = 6.0) -> str:
    half = size * 0.8
    return f"{_r(x)},{_r(y - size)} {_r(x + half)},{_r(y)} {_r(x)},{_r(y + size)} {_r(x - half)},{_r(y)}"


def bars_per_group(groups: int) -> int:
    """How many of each organisation's projects the timeline draws."""
    if not groups:
        return MAX_BARS_PER_GROUP
    return max(MIN_BARS_PER_GROUP, min(MAX_BARS_PER_GROUP, TIMELINE_BARS // groups))


# --- the page ------------------------------------------------------------------------------


def overview_page(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    register = ctx.register
    items = list(register.items.values())
    by_kind = Counter(item.kind for item in items)
    figures = [Figure(_(KIND_PLURAL[kind]), by_kind[kind], urls.section(lang, kind)) for kind in KINDS]
    figures.append(Figure(_("Organisations"), len(register.organisations), urls.section(lang, "organisations")))
    if register.themes:
        figures.append(Figure(_("Themes"), len(register.themes), urls.section(lang, "themes")))
    charts = [
        chart
        for chart in (
            _organisations_chart(ctx, lang, items),
            _status_chart(ctx, lang, items),
            _years_chart(ctx, lang, items),
            _themes_chart(ctx, lang, items),
            _translations_chart(ctx, lang),
        )
        if chart is not None
    ]
    title = _("Overview")
    summary = "; ".join(f"{figure.label}: {figure.count}" for figure in figures)
    return Page(
        urls.overview(lang),
        lang,
        title,
        {other: urls.overview(other) for other in LANGS},
        OverviewContext(figures=figures, timeline=_timeline(ctx, lang), charts=charts),
        description=shorten(_("The register at a glance: %(figures)s.") % {"figures": summary}),
    )


def _kind_counts(items: Iterable[Item], kinds: Sequence[str] = KINDS) -> tuple[tuple[str, int], ...]:
    counted = Counter(item.kind for item in items)
    return tuple((kind, counted[kind]) for kind in kinds)


def _legend(_: Gettext, counts: Sequence[Count]) -> list[LegendKey]:
    """The kinds some row has, in their order: each kind is a series, a colour of its own."""
    present = {series for count in counts for series, value in count.values if value}
    return [LegendKey(kind, _(KIND_PLURAL[kind])) for kind in KINDS if kind in present]


def _kind_table(_: Gettext, caption: str, first: str, counts: Sequence[Count], kinds: Sequence[str] = KINDS) -> Table:
    headers = [first, *(_(KIND_PLURAL[kind]) for kind in kinds), _("Total")]
    rows = [[count.label, *(Value(str(n)) for _kind, n in count.values), Value(str(count.total))] for count in counts]
    return Table(caption, headers, rows)


def _in_words(counts: Sequence[Count], limit: int = 10) -> str:
    """``label: total`` for the first rows, as the picture's description lists them."""
    words = "; ".join(f"{count.label.text}: {count.figure or count.total}" for count in counts[:limit])
    return words + ("; …" if len(counts) > limit else "")


def _chart(
    chart_id: str,
    heading: str,
    desc: str,
    shown: Sequence[Count],
    legend: list[LegendKey],
    table: Table,
    note: str = "",
) -> BarChart:
    """A bar chart named by its heading (the section's heading and the picture's title)."""
    rows, height = layout_bars(shown)
    return BarChart(chart_id, heading, heading, desc, WIDTH, height, rows, legend, table, note)


def _capped(counts: list[Count], limit: int, other: str) -> list[Count]:
    """The first ``limit`` rows, and one row summing the rest (so the bars still add up)."""
    if len(counts) <= limit:
        return counts
    kept, rest = counts[: limit - 1], counts[limit - 1 :]
    series = [name for name, _ in rest[0].values]
    summed = tuple((name, sum(dict(count.values)[name] for count in rest)) for name in series)
    return [*kept, Count(Value(other % {"count": len(rest)}), summed)]


def _by_total(counts: Iterable[Count]) -> list[Count]:
    return sorted(counts, key=lambda count: (-count.total, sort_key(count.label.text)))


def _organisations_chart(ctx: PageContext, lang: str, items: list[Item]) -> BarChart | None:
    _ = ctx.gettexts[lang]
    owned: dict[str, list[Item]] = {}
    for item in items:
        owned.setdefault(owner_of(item.data), []).append(item)
    counts = _by_total(
        Count(ctx.organisation_value(owner, lang), _kind_counts(mine))
        for owner, mine in owned.items()
        if owner in ctx.register.organisations
    )
    if not counts:
        return None
    shown = _capped(counts, ORGANISATION_ROWS, _("Other organisations (%(count)d)"))
    heading = _("Items by organisation")
    note = (
        _("The organisation that appointed a project, organised a meeting or runs a network.")
        if len(shown) == len(counts)
        else _(
            "The organisation that appointed a project, organised a meeting or runs a network; "
            "the last bar sums the organisations with fewer items, which the table lists one by one."
        )
    )
    return _chart(
        "organisations",
        heading,
        _("Items per organisation: %(figures)s.") % {"figures": _in_words(counts)},
        shown,
        _legend(_, shown),
        _kind_table(_, heading, _("Organisation"), counts),
        note,
    )


def _status_chart(ctx: PageContext, lang: str, items: list[Item]) -> BarChart | None:
    _ = ctx.gettexts[lang]
    status_of = {item.id: item.data.status.value for item in items if isinstance(item.data, Project | Network)}
    if not status_of:
        return None
    kinds = ("projects", "networks")
    counts = [
        Count(Value(_(label)), _kind_counts((item for item in items if status_of.get(item.id) == status), kinds))
        for status, label in STATUS.items()
    ]
    heading = _("Projects and networks by status")
    return _chart(
        "status",
        heading,
        _("Projects and networks per status: %(figures)s.") % {"figures": _in_words(counts)},
        counts,
        _legend(_, counts),
        _kind_table(_, heading, _("Status"), counts, kinds),
        _("Meetings have no status."),
    )


def _years_chart(ctx: PageContext, lang: str, items: list[Item]) -> BarChart | None:
    _ = ctx.gettexts[lang]
    kinds = ("projects", "meetings")
    per_year: dict[int, list[Item]] = {}
    for item in items:
        if isinstance(item.data, Project | Meeting):
            for year in years_of(item.data):
                per_year.setdefault(year, []).append(item)
    if not per_year:
        return None
    counts = [
        Count(Value(str(year)), _kind_counts(per_year.get(year, []), kinds))
        for year in range(min(per_year), max(per_year) + 1)
    ]
    heading = _("Projects and meetings by year")
    return _chart(
        "years",
        heading,
        _("Projects running and meetings held per year: %(figures)s.") % {"figures": _in_words(counts, 50)},
        counts,
        _legend(_, counts),
        _kind_table(_, heading, _("Year"), counts, kinds),
        _("A project counts in every year of its term, a meeting in the year it was held; networks have no years."),
    )


def _themes_chart(ctx: PageContext, lang: str, items: list[Item]) -> BarChart | None:
    _ = ctx.gettexts[lang]
    themes = ctx.register.themes
    if not themes:
        return None
    tagged: dict[str, list[Item]] = {theme_id: [] for theme_id in themes}
    untagged = []
    for item in items:
        known = [theme_id for theme_id in dict.fromkeys(item.data.themes) if theme_id in tagged]  # each once
        for theme_id in known:
            tagged[theme_id].append(item)
        if not known:
            untagged.append(item)
    counts = _by_total(
        Count(Value(theme.label.for_lang(lang), urls.theme(lang, theme.id)), _kind_counts(tagged[theme.id]))
        for theme in themes.values()
    )
    shown = _capped(counts, THEME_ROWS, _("Other themes (%(count)d)"))
    if untagged:
        without = Count(Value(_("No theme")), _kind_counts(untagged))
        counts.append(without)
        shown.append(without)
    heading = _("Items by theme")
    return _chart(
        "themes",
        heading,
        _("Items per theme: %(figures)s.") % {"figures": _in_words(counts, 50)},
        shown,
        _legend(_, shown),
        _kind_table(_, heading, _("Theme"), counts),
        _("An item may have several themes, so the bars add up to more than the items."),
    )


def _percent(done: int, total: int) -> str:
    return f"{round(100 * done / total) if total else 100}\u00a0%"


def _translations_chart(ctx: PageContext, lang: str) -> BarChart | None:
    _ = ctx.gettexts[lang]
    report = ctx.translations.items
    if not report:
        return None
    counts = []
    rows = []
    for target in LANGS:
        states = Counter(translation.states[target] for translation in report)
        current = sum(n for state, n in states.items() if state.current)
        label = Value(_(VERSIONS_IN[target]), urls.translation_status(lang))
        counts.append(Count(label, (("current", current),), _percent(current, len(report)), len(report)))
        rows.append(
            [
                label,
                *(Value(str(states[state])) for state in State),
                Value(f"{current} / {len(report)} ({_percent(current, len(report))})"),
            ]
        )
    heading = _("Translation coverage")
    words = "; ".join(
        _("%(versions)s: %(done)d of %(total)d up to date (%(percent)s)")
        % {"versions": count.label.text, "done": count.total, "total": count.out_of, "percent": count.figure}
        for count in counts
    )
    table = Table(heading, [_("Versions"), *(_(STATE_LABELS[state]) for state in State), _("Up to date")], rows)
    return _chart(
        "translations",
        heading,
        _("Items readable in an up-to-date text: %(figures)s.") % {"figures": words},
        counts,
        [LegendKey("current", _("Up to date"))],
        table,
        _("An item's version is up to date when it is the original or a translation of the original's current text."),
    )


def _timeline(ctx: PageContext, lang: str) -> Timeline | None:
    _ = ctx.gettexts[lang]
    register = ctx.register
    projects = [item for item in register.items.values() if isinstance(item.data, Project)]
    if not projects:
        return None
    by_owner: dict[str, list[Item]] = {}
    for item in projects:
        by_owner.setdefault(owner_of(item.data), []).append(item)
    owners = sorted(by_owner, key=lambda owner: sort_key(_organisation_name(ctx, owner, lang)))
    limit = bars_per_group(len(owners))
    groups, table_rows, shown_spans = [], [], []
    for owner in owners:
        mine = sorted(ctx.sorted_items(lang, by_owner[owner]), key=lambda item: _project(item).term.start)
        spans = [_span(ctx, lang, item) for item in mine]
        table_rows += [_timeline_row(ctx, lang, item, owner) for item in mine]
        drawn = spans[-limit:]
        shown_spans += drawn
        name = _organisation_name(ctx, owner, lang)
        label = Value(
            f"{name} ({len(spans)})", urls.organisation(lang, owner) if owner in register.organisations else None
        )
        more = None
        if len(drawn) < len(spans):
            more = Value(
                _("Earlier projects: %(count)d more in the list") % {"count": len(spans) - len(drawn)},
                urls.listing(lang, "projects", "organisation", owner),
            )
        groups.append(SpanGroup(label, drawn, more))
    layout = layout_timeline(groups)
    statuses = Counter(_project(item).status.value for item in projects)
    first = min(day.year for item in projects for day in _dates(_project(item)))
    last = max(day.year for item in projects for day in _dates(_project(item)))
    desc = " ".join(
        [
            _("Projects: %(count)d; terms between %(first)d and %(last)d; appointing organisations: %(owners)d.")
            % {"count": len(projects), "first": first, "last": last, "owners": len(owners)},
            "; ".join(f"{_(STATUS[status])}: {statuses[status]}" for status in STATUS) + ".",
            _("Terms without an end: %(count)d.")
            % {"count": sum(1 for item in projects if _project(item).term.end is None)},
            *([" ".join(span.name + "." for span in shown_spans)] if len(shown_spans) <= 10 else []),
        ]
    )
    truncated = any(group.more for group in groups)
    note = (
        _(
            "The picture shows each organisation's %(count)d latest projects; the table and each "
            "organisation's list of projects have them all."
        )
        % {"count": limit}
        if truncated
        else ""
    )
    heading = _("Projects' terms")
    legend = [LegendKey(f"status-{status}", _(STATUS[status])) for status in STATUS if statuses[status]]
    if any(span.end is None for span in shown_spans):
        legend.append(LegendKey("open", _("No end date yet"), "arrow"))
    if any(reached for span in shown_spans for _day, reached in span.milestones):
        legend.append(LegendKey("milestone-reached", _("Milestone reached"), "diamond"))
    if any(not reached for span in shown_spans for _day, reached in span.milestones):
        legend.append(LegendKey("milestone-planned", _("Milestone planned"), "diamond"))
    headers = [_("Project"), _("Appointed by"), _("Start"), _("End"), _("Status"), _("Milestones")]
    return Timeline(
        id="timeline",
        heading=heading,
        title=_("Projects' terms on a timeline, by the appointing organisation"),
        desc=desc,
        width=WIDTH,
        height=layout.height,
        ticks=layout.ticks,
        axis_y=layout.axis_y,
        bottom_axis_y=layout.bottom_axis_y,
        grid_top=layout.grid_top,
        grid_bottom=layout.grid_bottom,
        groups=layout.groups,
        legend=legend,
        table=Table(heading, headers, table_rows),
        note=note,
    )


def _project(item: Item) -> Project:
    data = item.data
    assert isinstance(data, Project)
    return data


def _organisation_name(ctx: PageContext, organisation_id: str, lang: str) -> str:
    organisation = ctx.register.organisations.get(organisation_id)
    return organisation.name.for_lang(lang) if organisation else organisation_id


def _span(ctx: PageContext, lang: str, item: Item) -> Span:
    version = item.version(lang)
    data = version.data
    assert isinstance(data, Project)
    title = data.title
    return Span(
        label=Value(title, urls.item(lang, item.kind, item.id), version.lang if version.lang != lang else None),
        name=f"{title}, {ctx.term(lang, data)}",
        start=data.term.start,
        end=data.term.end,
        status=data.status.value,
        milestones=tuple((milestone.date, milestone.is_reached) for milestone in data.milestones),
    )


def _timeline_row(ctx: PageContext, lang: str, item: Item, owner: str) -> list[Value]:
    _ = ctx.gettexts[lang]
    version = item.version(lang)
    data = version.data
    assert isinstance(data, Project)
    planned = _("planned")
    milestones = "; ".join(
        f"{_(MILESTONE[m.type.value])} {date(m.date, lang)}" + ("" if m.is_reached else f" ({planned})")
        for m in data.milestones
    )
    return [
        Value(data.title, urls.item(lang, item.kind, item.id), version.lang if version.lang != lang else None),
        Value(_organisation_name(ctx, owner, lang)),
        Value(date(data.term.start, lang)),
        Value(date(data.term.end, lang) if data.term.end else "–"),
        Value(_(STATUS[data.status.value])),
        Value(milestones),
    ]
