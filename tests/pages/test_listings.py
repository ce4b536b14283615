"""The browsable lists: selections, order, pages, facet counts and what each page depends on."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.pages.listings import Listings

from ..conftest import Site
from .planning import add_project, built, planner_for, set_page_size


@pytest.fixture
def lists(site: Site) -> Site:
    """Three projects (two pages of two), one of them by another organisation in another year."""
    set_page_size(site, 2)
    add_project(site, "aaniopas", "Ääniopas", organisation="vm", year=2021)
    add_project(site, "avoin-data", "avoin data", year=2020)
    return site


def test_selections_by_status_organisation_and_year(lists: Site) -> None:
    selections = Listings(planner_for(lists.root)).selections("projects")
    assert {key: sorted(i.id for i in items) for key, items in selections.items()} == {
        (None, None): ["aaniopas", "avoin-data", "digitaaliset-keinot"],
        ("organisation", "lvm"): ["avoin-data", "digitaaliset-keinot"],
        ("organisation", "vm"): ["aaniopas"],
        ("status", "active"): ["aaniopas", "avoin-data"],
        ("status", "ended"): ["digitaaliset-keinot"],
        ("year", "2020"): ["avoin-data", "digitaaliset-keinot"],
        ("year", "2021"): ["aaniopas"],
    }


def test_items_sorted_by_title_case_blind_with_a_umlaut_last(lists: Site) -> None:
    listings = Listings(planner_for(lists.root))
    assert [i.id for i in listings.sorted("fi", "projects", None, None)] == [
        "avoin-data",
        "digitaaliset-keinot",
        "aaniopas",
    ]


def test_meetings_newest_first(site: Site) -> None:
    site.write("fi/meetings/kokous-2019.md", site.root.joinpath("content/fi/meetings/kokous-2021.md").read_text())
    path = site.root / "content/fi/meetings/kokous-2019.md"
    path.write_text(path.read_text().replace("2021-10-25", "2019-01-02").replace("Kanslia", "Aamu"))
    listings = Listings(planner_for(site.root))
    assert [i.id for i in listings.sorted("fi", "meetings", None, None)] == ["kokous-2021", "kokous-2019"]


def test_pages_and_their_dependency_keys(lists: Site) -> None:
    specs = {spec.url: spec for spec in planner_for(lists.root).specs()}
    first, second = specs["/fi/hankkeet/"], specs["/fi/hankkeet/sivu/2/"]
    assert first.depends_on == {"sel:projects::", "facets:projects", "item:avoin-data", "item:digitaaliset-keinot"}
    assert second.depends_on == {"sel:projects::", "facets:projects", "item:aaniopas"}
    assert second.alternates == {"fi": "/fi/hankkeet/sivu/2/", "sv": "/sv/projekt/sida/2/"}
    assert specs["/sv/projekt/ar/2021/"].depends_on == {"sel:projects:year:2021", "facets:projects", "item:aaniopas"}
    assert specs["/fi/hankkeet/tila/kaynnissa/"].alternates["sv"] == "/sv/projekt/status/pagaende/"
    assert "/fi/hankkeet/tila/suunnitteilla/" not in specs  # no planned project: no empty list
    assert "/fi/hankkeet/vuosi/2020/sivu/2/" not in specs  # two items fit on one page


def test_a_page_shows_its_slice_and_links_to_its_neighbours(lists: Site) -> None:
    files = built(lists.root)
    first = BeautifulSoup(files["fi/hankkeet/index.html"], "html.parser")
    second = BeautifulSoup(files["fi/hankkeet/sivu/2/index.html"], "html.parser")
    assert [a.get_text() for a in first.select(".entry-title a")] == ["avoin data", "Digitaaliset keinot"]
    assert [a.get_text() for a in second.select(".entry-title a")] == ["Ääniopas"]
    assert first.select_one(".count").get_text() == second.select_one(".count").get_text() == "Kohteita: 3"
    assert [(a["rel"], a["href"]) for a in first.select(".pagination a")] == [(["next"], "sivu/2/")]
    assert [(a["rel"], a["href"]) for a in second.select(".pagination a")] == [(["prev"], "../../")]
    assert first.select_one(".pagination [aria-current]").get_text() == "Sivu 1/2"
    single = BeautifulSoup(files["fi/hankkeet/vuosi/2020/index.html"], "html.parser")
    assert single.select(".pagination") == []


def test_facet_counts_in_label_order_and_years_newest_first(lists: Site) -> None:
    files = built(lists.root)
    page = BeautifulSoup(files["sv/projekt/index.html"], "html.parser")
    groups = [
        (group.select_one(".facet-heading").get_text(), [a.get_text() for a in group.select("a")])
        for group in page.select(".facet-group")
    ]
    assert groups == [
        ("Status", ["Avslutat (1)", "Pågående (2)"]),
        ("Organisation", ["finansministeriet (1)", "kommunikationsministeriet (2)"]),
        ("År", ["2021 (1)", "2020 (2)"]),
    ]
    narrowed = BeautifulSoup(files["fi/hankkeet/organisaatio/vm/index.html"], "html.parser")
    assert narrowed.h1 is not None and narrowed.h1.get_text() == "Hankkeet: valtiovarainministeriö"
    assert [a.get_text() for a in narrowed.select("[aria-current=page]") if a.name == "a"][-1] == (
        "valtiovarainministeriö (1)"
    )
