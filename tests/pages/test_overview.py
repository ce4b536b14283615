"""The overview's geometry: figures in, coordinates out, measured without drawing anything.

The rendered page (its SVG read back, axe, screenshots) is tested in
tests/render/test_overview_page.py; here the pure layout functions keep their promises:
bars on one scale inside the picture, years where their dates are, labels that fit.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from generator.pages.overview import (
    BOTTOM_AXIS_ROWS,
    CHAR_WIDTH,
    LABEL_SIZE,
    MAX_BARS_PER_GROUP,
    MIN_BARS_PER_GROUP,
    TIMELINE_LABEL_SIZE,
    TWO_LINE_TITLES,
    WIDTH,
    Axis,
    Count,
    Span,
    SpanGroup,
    bars_per_group,
    fit,
    layout_bars,
    layout_timeline,
    text_width,
    wrap,
    year_ticks,
)
from generator.pages.views import Area, Value

D = dt.date


def kinds(projects: int, meetings: int = 0, networks: int = 0) -> tuple[tuple[str, int], ...]:
    return (("projects", projects), ("meetings", meetings), ("networks", networks))


def inside(area: Area, width: float, height: float) -> bool:
    return area.x >= 0 and area.y >= 0 and area.x + area.width <= width and area.y + area.height <= height


def no_overlap(areas: list[Area]) -> bool:
    """Rows follow each other down the picture, none reaching into the next."""
    return all(a.y + a.height <= b.y for a, b in itertools.pairwise(areas))


# --- text that cannot wrap by itself ---------------------------------------------------------


def test_a_label_that_fits_is_left_whole() -> None:
    assert fit("Kunnat", WIDTH) == "Kunnat"


def test_a_long_label_is_cut_at_a_word_and_still_fits() -> None:
    text = "Digitaaliset keinot koronaviruskriisin jälkihoidossa -työryhmä ja sen laaja jatkoselvitys"
    shown = fit(text, 200)
    assert shown.endswith("…")
    assert text.startswith(shown[:-1])
    assert text[len(shown) - 1] == " "  # cut between words
    assert text_width(shown) <= 200


def test_a_long_title_wraps_onto_two_lines_without_losing_a_word() -> None:
    text = "Digitaaliset keinot koronaviruskriisin jälkihoidossa -työryhmä"
    lines = wrap(text, WIDTH, TIMELINE_LABEL_SIZE)
    assert len(lines) == 2
    assert " ".join(lines) == text
    assert all(text_width(line, TIMELINE_LABEL_SIZE) <= WIDTH for line in lines)


def test_a_title_longer_than_two_lines_ends_in_an_ellipsis() -> None:
    text = " ".join(["hallinnonalojenvälinen yhteistyö"] * 8)
    lines = wrap(text, WIDTH)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line) <= WIDTH for line in lines)


def test_a_word_longer_than_a_line_is_broken_rather_than_overflowing() -> None:
    word = "tietojärjestelmäarkkitehtuurikokonaisuus" * 3
    lines = wrap(word, 150)
    assert all(text_width(line) <= 150 for line in lines)


# --- bar charts -------------------------------------------------------------------------------


def test_bars_share_one_scale_and_the_largest_fills_the_room() -> None:
    counts = [Count(Value("valtiovarainministeriö"), kinds(2, 3, 5)), Count(Value("opetusministeriö"), kinds(1, 1, 0))]
    rows, height = layout_bars(counts)
    ends = [row.segments[-1].x + row.segments[-1].width for row in rows]
    assert ends[0] == max(ends)
    assert ends[0] < WIDTH - text_width("10", 13)  # room left for the figure
    lengths = [sum(segment.width for segment in row.segments) for row in rows]
    assert lengths[1] / lengths[0] == pytest.approx(2 / 10, abs=0.01)
    assert [row.figure for row in rows] == ["10", "2"]
    assert all(row.figure_x + text_width(row.figure, 13) <= WIDTH + 1 for row in rows)
    assert height > rows[-1].y + rows[-1].height


def test_segments_are_stacked_end_to_end_in_the_series_order() -> None:
    (row,), _ = layout_bars([Count(Value("Kunnat"), kinds(3, 2, 1))])
    assert [segment.series for segment in row.segments] == ["projects", "meetings", "networks"]
    for before, after in zip(row.segments, row.segments[1:], strict=False):
        assert after.x == pytest.approx(before.x + before.width, abs=0.02)
    assert [segment.value for segment in row.segments] == [3, 2, 1]


def test_a_zero_count_draws_no_bar_but_still_says_zero() -> None:
    rows, _ = layout_bars([Count(Value("Planned"), kinds(0)), Count(Value("Active"), kinds(4))])
    assert sum(segment.width for segment in rows[0].segments) == 0
    assert rows[0].figure == "0"


def test_short_labels_go_beside_their_bars_long_ones_above() -> None:
    beside, _ = layout_bars([Count(Value("2020"), kinds(1)), Count(Value("2021"), kinds(2))])
    assert all(row.segments[0].x > text_width("2021") for row in beside)
    assert all(len(row.lines) == 1 and row.lines[0].y > row.y for row in beside)  # baseline within the bar's row
    above, _ = layout_bars([Count(Value("Digitalisaation ohjaus ja strategia"), kinds(1))])
    assert above[0].segments[0].x == 0
    assert above[0].lines[-1].y < above[0].y  # the label, then the bar under it


def test_a_label_too_long_for_one_line_takes_two_and_the_row_grows() -> None:
    long = "Liikenne- ja viestintäministeriön hallinnonalan digitalisaation kehittämisen ohjausryhmä"
    rows, _ = layout_bars([Count(Value(long), kinds(1)), Count(Value("Kunnat"), kinds(1))])
    assert len(rows[0].lines) == 2 and len(rows[1].lines) == 1
    assert rows[0].area.height > rows[1].area.height
    assert no_overlap([row.area for row in rows])


def test_a_share_is_drawn_on_a_track_of_the_whole() -> None:
    rows, _ = layout_bars(
        [
            Count(Value("Suomenkieliset versiot"), (("current", 12),), "100 %", 12),
            Count(Value("Ruotsinkieliset versiot"), (("current", 3),), "25 %", 12),
        ]
    )
    assert rows[0].track == rows[1].track > 0
    assert rows[0].segments[0].width == pytest.approx(rows[0].track)
    assert rows[1].segments[0].width == pytest.approx(rows[1].track / 4, abs=0.01)
    assert rows[1].figure_x == rows[0].figure_x  # figures after the track, in one column


def test_rows_fit_the_picture_and_its_height_grows_with_them() -> None:
    _few, few_height = layout_bars([Count(Value(f"Teema {n}"), kinds(n)) for n in range(3)])
    many, many_height = layout_bars([Count(Value(f"Teema {n}"), kinds(n)) for n in range(30)])
    assert many_height > few_height * 5
    assert all(inside(row.area, WIDTH, many_height) for row in many)
    assert no_overlap([row.area for row in many])


def test_nothing_to_count_is_an_empty_picture() -> None:
    assert layout_bars([]) == ([], 0.0)


# --- the year axis ----------------------------------------------------------------------------


def test_the_axis_runs_from_the_first_new_year_to_the_one_after_the_last_year() -> None:
    axis = Axis(2020, 2022, 10.0, 300.0)
    assert axis.at(D(2020, 1, 1)) == 10.0
    assert axis.at(D(2023, 1, 1)) == pytest.approx(310.0)
    assert axis.at(D(2021, 7, 2)) == pytest.approx(10 + 300 * (366 + 182) / (366 + 365 + 365))


def test_every_year_has_a_line_and_a_label_centred_on_it_when_there_is_room() -> None:
    axis = Axis(2019, 2022, 0.0, 400.0)
    ticks = year_ticks(axis)
    assert [tick.x for tick in ticks] == [pytest.approx(axis.at(D(year, 1, 1)), abs=0.01) for year in range(2019, 2024)]
    named = [tick for tick in ticks if tick.label]
    assert [tick.label for tick in named] == ["2019", "2020", "2021", "2022"]
    for tick in named:
        assert tick.x < tick.label_x < tick.x + 100


def test_a_long_span_of_years_names_only_round_ones() -> None:
    ticks = year_ticks(Axis(1990, 2029, 0.0, 400.0))
    assert len(ticks) == 41  # a line at every new year still
    named = [tick for tick in ticks if tick.label]
    assert named and all(int(tick.label) % 5 == 0 for tick in named)
    assert min(b.label_x - a.label_x for a, b in itertools.pairwise(named)) >= 38


# --- the timeline -----------------------------------------------------------------------------


def span(title: str, start: dt.date, end: dt.date | None, *milestones: tuple[dt.date, bool]) -> Span:
    return Span(Value(title, f"/fi/hankkeet/{title}/"), title, start, end, "ended" if end else "active", milestones)


def test_each_bar_runs_from_its_start_to_the_end_of_its_last_day() -> None:
    layout = layout_timeline([SpanGroup(Value("LVM"), [span("a", D(2020, 5, 4), D(2020, 9, 30))])])
    (bar,) = layout.groups[0].bars
    first, after = layout.ticks[0], layout.ticks[-1]
    year = after.x - first.x
    assert bar.x == pytest.approx(first.x + year * (D(2020, 5, 4) - D(2020, 1, 1)).days / 366, abs=0.01)
    assert bar.x + bar.width == pytest.approx(first.x + year * (D(2020, 10, 1) - D(2020, 1, 1)).days / 366, abs=0.01)
    assert bar.arrow == ""
    assert [tick.label for tick in layout.ticks if tick.label] == ["2020"]


def test_an_open_term_runs_to_the_end_of_the_axis_and_ends_in_an_arrow() -> None:
    layout = layout_timeline(
        [SpanGroup(Value("VM"), [span("a", D(2019, 3, 1), D(2020, 6, 30)), span("b", D(2021, 2, 1), None)])]
    )
    closed, open_ = layout.groups[0].bars
    axis_end = layout.ticks[-1].x
    assert open_.x + open_.width == pytest.approx(axis_end)
    assert open_.arrow and all(float(point.split(",")[0]) >= axis_end for point in open_.arrow.split())
    assert max(float(point.split(",")[0]) for point in open_.arrow.split()) <= WIDTH
    assert closed.x + closed.width < axis_end


def test_milestones_sit_on_their_bar_at_their_dates_filled_when_reached() -> None:
    layout = layout_timeline(
        [
            SpanGroup(
                Value("LVM"),
                [span("a", D(2020, 1, 1), D(2021, 12, 31), (D(2020, 1, 1), True), (D(2021, 7, 1), False))],
            )
        ]
    )
    (bar,) = layout.groups[0].bars
    axis = Axis(2020, 2021, layout.ticks[0].x, layout.ticks[-1].x - layout.ticks[0].x)
    centres = [marker.points.split()[0] for marker in bar.markers]  # the top corner, above the centre
    assert [float(centre.split(",")[0]) for centre in centres] == [
        pytest.approx(axis.at(D(2020, 1, 1)), abs=0.01),
        pytest.approx(axis.at(D(2021, 7, 1)), abs=0.01),
    ]
    assert [marker.reached for marker in bar.markers] == [True, False]
    ys = [float(point.split(",")[1]) for marker in bar.markers for point in marker.points.split()]
    assert min(ys) < bar.y + bar.height / 2 < max(ys)


def test_a_milestone_before_the_term_widens_the_axis_instead_of_leaving_the_picture() -> None:
    layout = layout_timeline(
        [SpanGroup(Value("LVM"), [span("a", D(2020, 5, 1), D(2020, 9, 30), (D(2019, 11, 1), True))])]
    )
    assert [tick.label for tick in layout.ticks if tick.label] == ["2019", "2020"]
    xs = [float(point.split(",")[0]) for point in layout.groups[0].bars[0].markers[0].points.split()]
    assert min(xs) >= 0


def test_groups_and_bars_follow_each_other_down_the_picture() -> None:
    groups = [
        SpanGroup(Value(f"Ministeriö {g}"), [span(f"{g}-{n}", D(2015 + n, 1, 1), D(2016 + n, 6, 30)) for n in range(4)])
        for g in range(3)
    ]
    layout = layout_timeline(groups)
    areas = [area for group in layout.groups for area in (group.area, *(bar.area for bar in group.bars))]
    assert no_overlap(areas)
    assert all(inside(area, WIDTH, layout.height) for area in areas)
    for group in layout.groups:
        for bar in group.bars:
            assert bar.area.y < bar.lines[0].y < bar.y < bar.area.y + bar.area.height
            assert bar.x >= 0 and bar.x + bar.width <= WIDTH
    assert layout.grid_top < layout.groups[0].heading_y and layout.grid_bottom <= layout.height


def test_a_tall_timeline_names_the_years_at_the_bottom_too() -> None:
    def layout(rows: int) -> float:
        spans = [span(str(n), D(2020, 1, 1), D(2020, 12, 31)) for n in range(rows)]
        return layout_timeline([SpanGroup(Value("LVM"), spans)]).bottom_axis_y

    assert layout(BOTTOM_AXIS_ROWS) == 0.0
    assert layout(BOTTOM_AXIS_ROWS + 1) > 0.0


def test_a_long_timeline_keeps_each_title_to_one_line() -> None:
    title = "Digitaaliset keinot koronaviruskriisin jälkihoidossa -työryhmä"

    def lines(bars: int) -> set[int]:
        spans = [span(title, D(2020, 1, 1), None) for _ in range(bars)]
        return {len(bar.lines) for bar in layout_timeline([SpanGroup(Value("LVM"), spans)]).groups[0].bars}

    assert lines(TWO_LINE_TITLES) == {2}
    assert lines(TWO_LINE_TITLES + 1) == {1}


def test_projects_left_out_get_a_row_that_links_to_them_all() -> None:
    more = Value("Earlier projects: 7 more in the list", "/fi/hankkeet/organisaatio/lvm/")
    layout = layout_timeline([SpanGroup(Value("LVM"), [span("a", D(2020, 1, 1), None)], more)])
    group = layout.groups[0]
    assert group.more == more and group.more_area is not None
    assert group.more_area.y >= group.bars[-1].area.y + group.bars[-1].area.height
    assert group.more_y > group.more_area.y


def test_a_heading_too_long_for_the_picture_is_shortened() -> None:
    name = "Liikenne- ja viestintäministeriön hallinnonalan yhteinen ohjausryhmä (12)"
    layout = layout_timeline([SpanGroup(Value(name), [span("a", D(2020, 1, 1), None)])])
    assert layout.groups[0].text.endswith("…")
    assert text_width(layout.groups[0].text, LABEL_SIZE * 1.1) <= WIDTH


def test_no_projects_no_timeline() -> None:
    assert layout_timeline([]).groups == []


@pytest.mark.parametrize(
    ("groups", "expected"), [(0, MAX_BARS_PER_GROUP), (1, MAX_BARS_PER_GROUP), (10, 8), (1000, MIN_BARS_PER_GROUP)]
)
def test_the_more_organisations_the_fewer_bars_each_draws(groups: int, expected: int) -> None:
    assert bars_per_group(groups) == expected


def test_the_character_estimate_is_not_narrower_than_real_fonts() -> None:
    """DejaVu Sans (Linux's usual sans-serif, among the widest) averages 0.53 em a character in
    mixed-case Finnish and Swedish labels; the estimate keeps a margin above it."""
    assert CHAR_WIDTH >= 0.56
