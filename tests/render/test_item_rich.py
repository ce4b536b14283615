"""The item page's timeline, people, documents, parent, children, themes and budget, and the lists'
next milestone: built by the real ``rekisteri build``, read back as HTML, and looked at in
Chromium (axe-core, both colour schemes, a phone's width and a desktop's)."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, Page

from ..accessibility import ARTIFACTS, assert_enough_contrast, assert_no_violations
from ..conftest import MEETING_FI, NETWORK_FI, ORGANISATIONS, PROJECT_FI, PROJECT_SV, SETTINGS, Site, serving
from ..pages.rich import MEETING, NETWORK, PROJECT, make_rich

#: The shipped register's pages that have a timeline, people, documents, a parent or children.
SHIPPED = [
    f"/{lang}/{section}/{item_id}/"
    for lang, sections in (
        ("fi", {"meetings": "kokoukset", "networks": "verkostot", "projects": "hankkeet"}),
        ("sv", {"meetings": "moten", "networks": "natverk", "projects": "projekt"}),
    )
    for section, item_id in (
        (sections["meetings"], "digi-arkeen-verkostokeskustelu-2022"),
        (sections["networks"], "digitalisaation-ministerityoryhma"),
        (sections["projects"], "digitaaliset-keinot-koronakriisin-jalkihoidossa"),
        (sections["networks"], "digi-arkeen-neuvottelukunta"),
    )
]
RICH = [
    f"/fi/hankkeet/{PROJECT}/",
    f"/sv/projekt/{PROJECT}/",
    f"/fi/kokoukset/{MEETING}/",
    f"/sv/natverk/{NETWORK}/",
    "/fi/hankkeet/",
    "/sv/natverk/",
]


@pytest.fixture(scope="module")
def rich_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conftest register with the rich items added, built by the installed command."""
    root = tmp_path_factory.mktemp("rich") / "register"
    root.mkdir()
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    site = Site(root)
    site.write("organisations.yaml", ORGANISATIONS)
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI)
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV)
    site.write("fi/meetings/kokous-2021.md", MEETING_FI)
    site.write("fi/networks/sumppi.md", NETWORK_FI)
    make_rich(site)
    executable = Path(sys.executable).with_name("rekisteri")
    result = subprocess.run(
        [str(executable), "build", "--root", str(root), "--no-search"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site.out


@pytest.fixture(scope="module")
def rich_server(rich_out: Path) -> Iterator[str]:
    with serving(rich_out) as url:
        yield url


def parse(out: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(tag: Tag | None) -> str:
    assert tag is not None
    return re.sub(r"[ \t\r\n]+", " ", tag.get_text()).strip()  # no-break spaces kept


def section(soup: BeautifulSoup, name: str) -> Tag:
    found = soup.select_one(f"section.{name}")
    assert isinstance(found, Tag), name
    return found


def resolves(out: Path, page_url: str, href: str) -> bool:
    target = posixpath.normpath(posixpath.join(page_url, href))
    return (out / target.lstrip("/") / "index.html").is_file()


# --- the markup ------------------------------------------------------------------------


def test_timeline_is_an_ordered_list_of_dated_steps_reached_or_planned(rich_out: Path) -> None:
    milestones = section(parse(rich_out, f"/fi/hankkeet/{PROJECT}/"), "milestones")
    assert text(milestones.find("h2")) == "Etapit"
    timeline = milestones.select_one("ol.timeline")
    assert timeline is not None
    steps = timeline.find_all("li", recursive=False)
    assert [" ".join(s["class"]) for s in steps] == [
        "milestone is-reached",
        "milestone is-reached",
        "milestone is-planned",
        "milestone is-planned",
        "milestone is-planned",
    ]
    assert [text(s.select_one(".milestone-when")) for s in steps] == [
        "Toteutunut 2.1.2024",
        "Toteutunut 15.3.2024 (suunniteltu 1.2.2024)",
        "Suunniteltu 30.6.2025",
        "Suunniteltu 1.3.2030",
        "Suunniteltu 30.9.2030",
    ]
    assert [[t["datetime"] for t in s.select(".milestone-when time")] for s in steps] == [
        ["2024-01-02"],
        ["2024-03-15", "2024-02-01"],
        ["2025-06-30"],
        ["2030-03-01"],
        ["2030-09-30"],
    ]
    assert [text(s.select_one(".milestone-name")) for s in steps] == [
        "Asetettu",
        "Työ alkoi",
        "Väliraportti",
        "Lausuntokierros kunnille",
        "Loppuraportti",
    ]
    assert text(steps[1].select_one(".milestone-type")) == "Käynnistetty"  # its own title, and its type
    assert text(steps[2].select_one(".milestone-note")) == "Viivästyy"


def test_swedish_timeline_speaks_swedish_and_marks_finnish_titles(rich_out: Path) -> None:
    steps = section(parse(rich_out, f"/sv/projekt/{PROJECT}/"), "milestones").select("ol.timeline > li")
    assert [text(s.select_one(".milestone-when")) for s in steps][:3] == [
        "Uppnått 2 jan. 2024",
        "Uppnått 15 mars 2024 (planerat 1 feb. 2024)",
        "Planerat 30 juni 2025",
    ]
    title = steps[1].select_one(".milestone-name [lang]")
    assert title is not None and title["lang"] == "fi" and text(title) == "Työ alkoi"


def test_people_under_a_heading_per_role_with_contacts_only_where_given(rich_out: Path) -> None:
    people = section(parse(rich_out, f"/fi/hankkeet/{PROJECT}/"), "people")
    assert text(people.find("h2")) == "Henkilöt"
    headings = people.find_all("h3")
    assert [text(h) for h in headings] == ["Puheenjohtajat", "Jäsen", "Sihteeri", "Yhteyshenkilö"]
    for heading in headings:  # each list is named by its heading
        following = heading.find_next_sibling("ul")
        assert isinstance(following, Tag) and following["aria-labelledby"] == heading["id"]
    chairs = [text(li) for li in headings[0].find_next_sibling("ul").find_all("li")]  # type: ignore[union-attr]
    assert chairs == [
        "Aino Alku osastopäällikkö, valtiovarainministeriö 31.3.2025 asti",
        "Bertta Berg ylijohtaja, liikenne- ja viestintäministeriö 1.4.2025 alkaen",
    ]
    assert [a["href"] for a in people.select("a[href^='tel:']")] == ["tel:+358295530000"]
    assert [a["href"] for a in people.select("a[href^='mailto:']")] == [
        "mailto:cecilia.chen@vm.fi",
        "mailto:daniel.dahl@vm.fi",
    ]
    organisation = people.select_one(".person-detail a")
    assert organisation is not None and resolves(rich_out, f"/fi/hankkeet/{PROJECT}/", str(organisation["href"]))


def test_documents_by_type_those_without_an_address_marked_not_online(rich_out: Path) -> None:
    for lang, path, offline in (("fi", "hankkeet", "(ei verkossa)"), ("sv", "projekt", "(inte på webben)")):
        documents = section(parse(rich_out, f"/{lang}/{path}/{PROJECT}/"), "documents")
        items = documents.select("li.document")
        assert [text(h) for h in documents.find_all("h3")] == {
            "fi": ["Asettamispäätös", "Muistio", "Raportti"],
            "sv": ["Tillsättningsbeslut", "Promemoria", "Rapport"],
        }[lang]
        decision, memo, report = items
        link = decision.find("a")
        assert isinstance(link, Tag) and link["href"] == "https://vm.fi/paatos" and link["hreflang"] == "fi"
        assert memo.find("a") is None and offline in text(memo)
        assert offline not in text(decision) and offline not in text(report)
        assert [t["datetime"] for t in documents.select("time")] == ["2024-01-02", "2024-02-01"]
        assert ("Kieli: englanti" if lang == "fi" else "Språk: engelska") in text(report)


def test_parent_linked_near_the_top_and_children_listed_by_kind(rich_out: Path) -> None:
    url = f"/sv/moten/{MEETING}/"
    soup = parse(rich_out, url)
    part_of = soup.select_one("article .part-of")
    assert part_of is not None and text(part_of) == "Del av helheten: Utvecklingsprojekt"
    facts = soup.select_one("table.facts")
    assert facts is not None and part_of.sourceline is not None and facts.sourceline is not None
    assert part_of.sourceline < facts.sourceline
    parent_link = part_of.find("a")
    assert isinstance(parent_link, Tag) and resolves(rich_out, url, str(parent_link["href"]))

    url = f"/fi/hankkeet/{PROJECT}/"
    children = section(parse(rich_out, url), "children")
    assert text(children.find("h2")) == "Kokonaisuuden osat"
    assert [text(h) for h in children.find_all("h3")] == ["Kokoukset", "Verkostot"]
    links = children.select("a")
    assert [text(a) for a in links] == ["Aloituskokous", "Kehittäjäverkosto"]
    assert all(resolves(rich_out, url, str(a["href"])) for a in links)
    assert parse(rich_out, url).select_one(".part-of") is None


def test_budget_and_themes(rich_out: Path) -> None:
    soup = parse(rich_out, f"/fi/hankkeet/{PROJECT}/")
    rows = {text(r.th): list(r.td.stripped_strings) for r in soup.select("table.facts tr") if r.th and r.td}
    assert rows["Budjetti"] == ["250\xa0000\xa0€ (2024–2031)", "Valtionavustus"]
    themes = soup.select_one("p.item-themes")
    assert themes is not None and text(themes) == "Teemat: Kehittäminen, Kunnat"
    links = [str(a["href"]) for a in themes.find_all("a")]
    assert links == ["../../teemat/kehitys/", "../../teemat/kunnat/"]
    assert all(resolves(rich_out, f"/fi/hankkeet/{PROJECT}/", href) for href in links)


def test_lists_show_the_next_milestone_of_items_under_way(rich_out: Path) -> None:
    projects = parse(rich_out, "/fi/hankkeet/")
    nexts = {
        text(entry.select_one(".entry-title")): entry.select_one(".entry-next") for entry in projects.select(".entry")
    }
    assert nexts["Digitaaliset keinot"] is None  # ended
    upcoming = nexts["Kehityshanke"]
    assert upcoming is not None and text(upcoming) == "Seuraavaksi: Väliraportti 30.6.2025"
    when = upcoming.find("time")
    assert isinstance(when, Tag) and when["datetime"] == "2025-06-30"
    networks = parse(rich_out, "/sv/natverk/")
    seminar = next(e for e in networks.select(".entry") if "Kehittäjäverkosto" in text(e)).select_one(".entry-next")
    assert seminar is not None and text(seminar) == "Härnäst: Vuosiseminaari 15 jan. 2030"
    titled = seminar.select_one("[lang]")
    assert titled is not None and titled["lang"] == "fi"


# --- in the browser ----------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED)
def test_shipped_pages_with_these_sections_have_no_axe_violations(page: Page, server: str, path: str) -> None:
    page.goto(server + path)
    assert_no_violations(page)


def test_shipped_pages_show_their_sections(page: Page, server: str) -> None:
    """The shipped register has each section somewhere, in both languages."""
    seen: dict[str, set[str]] = {"fi": set(), "sv": set()}
    for path in SHIPPED:
        page.goto(server + path)
        for name in ("milestones", "people", "documents", "children"):
            if page.locator(f"section.{name}").count():
                seen[path[1:3]].add(name)
        if page.locator(".part-of").count():
            seen[path[1:3]].add("parent")
    assert seen["fi"] == seen["sv"] == {"milestones", "people", "documents", "children", "parent"}


@pytest.mark.parametrize("path", RICH)
def test_rich_pages_have_no_axe_violations(page: Page, rich_server: str, path: str) -> None:
    page.goto(rich_server + path)
    assert_no_violations(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rich_pages_have_enough_contrast_in_both_schemes(browser: Browser, rich_server: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    for path in (f"/fi/hankkeet/{PROJECT}/", f"/sv/projekt/{PROJECT}/", "/fi/hankkeet/"):
        page.goto(rich_server + path)
        assert_enough_contrast(page)
    context.close()


MARKERS = """() => [...document.querySelectorAll("ol.timeline > li")].map(li => {
  const marker = getComputedStyle(li, '::before'), line = getComputedStyle(li, '::after');
  const box = li.getBoundingClientRect();
  return {fill: marker.backgroundColor, ring: marker.borderTopColor, radius: marker.borderRadius,
          width: marker.width, line: line.borderLeftStyle, shown: line.display, left: box.left};
})"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_timeline_looks_like_a_timeline_at_any_width(browser: Browser, rich_server: str, width: int) -> None:
    """Round markers, filled for what was reached and hollow for what is planned, joined by a
    line (solid after a reached step, dashed after a planned one); nothing scrolls sideways.
    The screenshots are kept in test-artifacts/ to be looked at."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(rich_server + f"/fi/hankkeet/{PROJECT}/")
    markers = page.evaluate(MARKERS)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    accent = markers[0]["ring"]
    assert [m["fill"] == accent for m in markers] == [True, True, False, False, False]
    assert all(m["fill"] == background for m in markers[2:])  # hollow
    assert all(m["radius"] == "50%" and m["width"] == markers[0]["width"] for m in markers)
    assert [m["line"] for m in markers[:-1]] == ["solid", "solid", "dashed", "dashed"]
    assert markers[-1]["shown"] == "none"  # the line ends at the last step
    assert len({m["left"] for m in markers}) == 1  # one above the other, on one rail
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("section.milestones").screenshot(path=str(ARTIFACTS / f"item-timeline-{width}.png"))
    page.screenshot(path=str(ARTIFACTS / f"item-rich-{width}.png"), full_page=True)
    context.close()
