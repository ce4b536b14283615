"""What an item page's context holds: the timeline, people by role, documents by type, the budget,
parent and children, themes, and the next milestone a list entry shows."""

from __future__ import annotations

from typing import Any

from generator import urls
from generator.build.site import SiteBuilder
from generator.pages.contexts import ItemContext
from generator.pages.dependencies import item_key
from generator.pages.item import item_page
from generator.pages.planner import PagePlanner
from generator.pages.views import Value

from ..conftest import REPO, Site
from .planning import planner_for
from .rich import MEETING, NETWORK, PROJECT, make_rich

NBSP = "\xa0"


def context(planner: PagePlanner, lang: str, item_id: str) -> ItemContext:
    made = item_page(planner, lang, planner.register.items[item_id]).context
    assert isinstance(made, ItemContext)
    return made


def rich(site: Site) -> PagePlanner:
    return planner_for(make_rich(site).root)


def test_timeline_is_in_date_order_with_reached_and_planned_in_words(site: Site) -> None:
    fi = context(rich(site), "fi", PROJECT)
    steps = [(m.label, m.title.text if m.title else None, m.reached, m.state, m.date) for m in fi.milestones]
    assert steps == [
        ("Asetettu", None, True, "Toteutunut", "2.1.2024"),
        ("Käynnistetty", "Työ alkoi", True, "Toteutunut", "15.3.2024"),
        ("Väliraportti", None, False, "Suunniteltu", "30.6.2025"),  # overdue: still planned, not hidden
        ("Lausuntokierros", "Lausuntokierros kunnille", False, "Suunniteltu", "1.3.2030"),
        ("Loppuraportti", None, False, "Suunniteltu", "30.9.2030"),
    ]
    started = fi.milestones[1]
    # Reached later than planned: both days, each with its machine-readable form.
    assert (started.iso_date, started.planned, started.planned_iso_date) == ("2024-03-15", "1.2.2024", "2024-02-01")
    assert [m.planned for m in fi.milestones if m is not started] == ["", "", "", ""]
    assert fi.milestones[2].note == Value("Viivästyy")


def test_swedish_timeline_marks_the_finnish_titles_and_notes(site: Site) -> None:
    sv = context(rich(site), "sv", PROJECT)
    assert [m.state for m in sv.milestones] == ["Uppnått", "Uppnått", "Planerat", "Planerat", "Planerat"]
    assert sv.milestones[1].title == Value("Työ alkoi", lang="fi")
    assert sv.milestones[3].note == Value("Kaikille kunnille", lang="fi")
    assert sv.milestones[1].label == "Startat" and sv.milestones[1].planned == "1 feb. 2024"


def test_meetings_have_no_timeline(site: Site) -> None:
    assert context(rich(site), "fi", MEETING).milestones == []


def test_people_grouped_by_role_in_the_roles_order_one_person_under_each_of_her_roles(site: Site) -> None:
    fi = context(rich(site), "fi", PROJECT)
    groups = [(g.heading, g.role, [p.name for p in g.people]) for g in fi.people]
    assert groups == [
        ("Puheenjohtajat", "chair", ["Aino Alku", "Bertta Berg"]),
        ("Jäsen", "member", ["Aino Alku"]),
        ("Sihteeri", "secretary", ["Cecilia Chen"]),
        ("Yhteyshenkilö", "contact_person", ["Daniel Dahl"]),
    ]
    aino, bertta = fi.people[0].people
    assert (aino.period, bertta.period) == ("31.3.2025 asti", "1.4.2025 alkaen")
    assert aino.title == Value("osastopäällikkö") and aino.organisation.url == urls.organisation("fi", "vm")
    cecilia = fi.people[2].people[0]
    assert cecilia.title is None and cecilia.period == ""
    assert cecilia.phone == Value("0295 530 000", "tel:+358295530000")
    assert cecilia.email == Value("cecilia.chen@vm.fi", "mailto:cecilia.chen@vm.fi")
    # Contact details only where the item gives them.
    assert [(p.name, p.phone is not None, p.email is not None) for g in fi.people for p in g.people] == [
        ("Aino Alku", False, False),
        ("Bertta Berg", False, False),
        ("Aino Alku", False, False),
        ("Cecilia Chen", True, True),
        ("Daniel Dahl", False, True),
    ]


def test_swedish_people_have_their_swedish_titles_and_periods(site: Site) -> None:
    sv = context(rich(site), "sv", PROJECT)
    assert [g.heading for g in sv.people] == ["Ordförande", "Medlem", "Sekreterare", "Kontaktperson"]
    aino = sv.people[0].people[0]
    assert aino.title == Value("avdelningschef") and aino.period == "till och med 31 mars 2025"
    assert sv.people[1].people[0].period == "från och med 1 apr. 2025"


def test_a_period_with_both_ends_is_a_range() -> None:
    fi = context(planner_for(REPO), "fi", "digitalisaation-ministerityoryhma")
    chairs = {p.name: p.period for p in fi.people[0].people}
    assert chairs == {
        "Sirpa Paatero": "",
        "Timo Harakka": "31.3.2022 asti",
        "Mika Lintilä": "1.4.2022\u201330.9.2022",
    }


def test_documents_grouped_by_type_those_without_an_address_said_not_online(site: Site) -> None:
    planner = rich(site)
    fi = context(planner, "fi", PROJECT)
    assert [(g.heading, g.type) for g in fi.documents] == [
        ("Asettamispäätös", "appointment_decision"),
        ("Muistio", "memo"),
        ("Raportti", "report"),
    ]
    decision, memo, report = (g.documents[0] for g in fi.documents)
    assert decision.title == Value("Asettamispäätös", "https://vm.fi/paatos")
    assert (decision.date, decision.iso_date, decision.language, decision.offline_note) == (
        "2.1.2024",
        "2024-01-02",
        "suomi",
        "",
    )
    assert memo.title.url is None and memo.offline_note == "ei verkossa" and memo.language == ""
    assert (report.language, report.language_code, report.date) == ("englanti", "en", "")
    sv_memo = context(planner, "sv", PROJECT).documents[1].documents[0]
    assert (sv_memo.title.text, sv_memo.offline_note) == ("Startpromemoria", "inte på webben")


def test_budget_is_a_fact_in_each_languages_format(site: Site) -> None:
    planner = rich(site)
    facts = {lang: {f.label: f.values for f in context(planner, lang, PROJECT).facts} for lang in ("fi", "sv")}
    assert facts["fi"]["Budjetti"] == [Value(f"250{NBSP}000{NBSP}€ (2024–2031)"), Value("Valtionavustus")]
    # The note is Finnish only: marked as such on the Swedish page.
    assert facts["sv"]["Budget"] == [Value(f"250{NBSP}000{NBSP}€ (2024–2031)"), Value("Valtionavustus", lang="fi")]


def test_parent_and_children_by_kind(site: Site) -> None:
    planner = rich(site)
    meeting = context(planner, "sv", MEETING)
    assert meeting.parent == Value("Utvecklingsprojekt", urls.item("sv", "projects", PROJECT))
    network = context(planner, "fi", NETWORK)
    assert network.parent == Value("Kehityshanke", urls.item("fi", "projects", PROJECT))
    project = context(planner, "fi", PROJECT)
    assert project.parent is None
    vm = "valtiovarainministeriö"
    children: list[tuple[str, list[Any]]] = [
        (g.heading, [(e.title, e.url, e.meta) for e in g.entries]) for g in project.children
    ]
    assert children == [
        ("Kokoukset", [("Aloituskokous", urls.item("fi", "meetings", MEETING), ["1.2.2024", vm])]),
        ("Verkostot", [("Kehittäjäverkosto", urls.item("fi", "networks", NETWORK), ["Käynnissä", vm])]),
    ]
    # On the Swedish page a Finnish-only child is titled in Finnish, and says so.
    sv_child = context(planner, "sv", PROJECT).children[0].entries[0]
    assert (sv_child.title, sv_child.lang, sv_child.language_note) == ("Aloituskokous", "fi", "på finska")


def test_themes_link_to_their_pages_in_the_page_language(site: Site) -> None:
    planner = rich(site)
    assert context(planner, "fi", PROJECT).themes == [
        Value("Kehittäminen", "/fi/teemat/kehitys/"),
        Value("Kunnat", "/fi/teemat/kunnat/"),
    ]
    assert context(planner, "sv", PROJECT).themes == [
        Value("Utveckling", "/sv/teman/kehitys/"),
        Value("Kommuner", "/sv/teman/kunnat/"),
    ]
    assert context(planner, "fi", MEETING).themes == []


def test_item_pages_depend_on_their_parent_and_children(site: Site) -> None:
    specs = {spec.url: spec.depends_on for spec in rich(site).specs()}
    assert {item_key(MEETING), item_key(NETWORK)} <= specs[urls.item("fi", "projects", PROJECT)]
    assert item_key(PROJECT) in specs[urls.item("sv", "meetings", MEETING)]


def test_list_entries_show_the_earliest_milestone_not_reached_of_items_under_way(site: Site) -> None:
    planner = rich(site)
    project = planner.entry("fi", planner.register.items[PROJECT]).next_milestone
    # The overdue interim report is still what the register waits for: "next" is by date, not by the clock.
    assert project is not None and (project.label, project.date, project.iso_date) == (
        "Väliraportti",
        "30.6.2025",
        "2025-06-30",
    )
    network = planner.entry("sv", planner.register.items[NETWORK]).next_milestone
    assert (
        network is not None and network.title == Value("Vuosiseminaari", lang="fi") and network.date == "15 jan. 2030"
    )
    ended = planner.entry("fi", planner.register.items["digitaaliset-keinot"])
    assert ended.next_milestone is None
    assert planner.entry("fi", planner.register.items[MEETING]).next_milestone is None


def test_an_ended_project_shows_no_next_milestone(site: Site) -> None:
    make_rich(site)
    path = site.root / "content" / "fi" / "projects" / f"{PROJECT}.md"
    text = path.read_text(encoding="utf-8").replace("status: active", "status: ended")
    path.write_text(text, encoding="utf-8")
    planner = planner_for(site.root)
    assert planner.entry("fi", planner.register.items[PROJECT]).next_milestone is None


def test_reaching_a_milestone_moves_the_lists_next_milestone_incrementally(site: Site) -> None:
    make_rich(site)
    builder = SiteBuilder(site.root)
    first = builder.rebuild()
    assert first.ok
    listing = "fi/hankkeet/index.html"
    assert "Väliraportti" in first.written[listing].decode()
    path = site.root / "content" / "fi" / "projects" / f"{PROJECT}.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "{type: interim_report, date: 2025-06-30, reached: false",
            "{type: interim_report, date: 2025-06-30, reached: 2025-07-01",
        ),
        encoding="utf-8",
    )
    delta = builder.rebuild([path])
    assert delta.ok and not delta.full and listing in delta.changed
    page = delta.written[listing].decode()
    assert "Väliraportti" not in page and "Lausuntokierros kunnille" in page
    fresh = SiteBuilder(site.root)
    assert fresh.rebuild().ok
    assert builder.files == fresh.files
