"""Which pages an edit touches: the keys of what changed, matched against every spec's."""

from __future__ import annotations

from generator.pages.dependencies import affected
from generator.read.model import Register

from ..conftest import PROJECT_FI, Site
from .planning import add_project, planner_for, register_of, set_page_size

PROJECT = "fi/projects/digitaaliset-keinot.md"


def rebuilt(
    site: Site, old: Register, known: set[str] | None = None, unfinished: frozenset[str] = frozenset()
) -> set[str]:
    """URLs of the specs an edit since ``old`` selects."""
    specs = planner_for(site.root).specs()
    return {s.url for s in affected(specs, old, register_of(site.root), known or {s.url for s in specs}, unfinished)}


def lists_of(urls: set[str]) -> set[str]:
    """The project lists among ``urls`` (not item pages or feeds)."""
    return {
        url
        for url in urls
        if url.startswith(("/fi/hankkeet/", "/sv/projekt/")) and url.endswith("/") and url.count("/") != 4
    }


def test_nothing_changed_selects_nothing(site: Site) -> None:
    assert rebuilt(site, register_of(site.root)) == set()


def test_an_edit_selects_the_items_pages_and_the_list_pages_showing_it(site: Site) -> None:
    set_page_size(site, 1)
    add_project(site, "avoin-data", "avoin data", year=2020)  # sorts first: the project is on page 2
    old = register_of(site.root)
    site.write(PROJECT, PROJECT_FI.replace("Työryhmä kokosi", "Ryhmä kokosi"))
    touched = rebuilt(site, old)
    assert {
        "/fi/hankkeet/digitaaliset-keinot/",
        "/sv/projekt/digitaaliset-keinot/",
        "/fi/verkostot/sumppi/",  # related either way: they list it
        "/sv/moten/kokous-2021/",
        "/fi/organisaatiot/lvm/",
        "/sv/",
        "/fi/hankkeet/feed.xml",
        "/data/projects.csv",
        "/data/register.json",
        "/sitemap.xml",
    } <= touched
    # Only the list pages showing it: page 2 of the lists it shares with the other project.
    assert lists_of(touched) == {
        "/fi/hankkeet/sivu/2/",
        "/sv/projekt/sida/2/",
        "/fi/hankkeet/organisaatio/lvm/sivu/2/",
        "/sv/projekt/organisation/lvm/sida/2/",
        "/fi/hankkeet/vuosi/2020/sivu/2/",
        "/sv/projekt/ar/2020/sida/2/",
        "/fi/hankkeet/tila/paattynyt/",
        "/sv/projekt/status/avslutat/",
    }
    assert not touched & {"/fi/hankkeet/avoin-data/", "/fi/organisaatiot/vm/", "/fi/verkostot/", "/data/meetings.csv"}


def test_a_title_that_moves_the_item_selects_all_its_lists(site: Site) -> None:
    set_page_size(site, 1)
    add_project(site, "avoin-data", "avoin data", year=2020)
    old = register_of(site.root)
    site.write(PROJECT, PROJECT_FI.replace("title: Digitaaliset keinot", "title: Aakkoset"))
    touched = lists_of(rebuilt(site, old))
    assert {"/fi/hankkeet/", "/fi/hankkeet/sivu/2/", "/sv/projekt/ar/2020/", "/sv/projekt/ar/2020/sida/2/"} <= touched
    assert "/fi/hankkeet/tila/kaynnissa/" not in touched  # a list it is not on


def test_changing_organisation_selects_both_and_every_list_of_the_kind(site: Site) -> None:
    add_project(site, "avoin-data", "avoin data", year=2021)
    old = register_of(site.root)
    site.write(PROJECT, PROJECT_FI.replace("appointed_by: lvm", "appointed_by: vm"))
    touched = rebuilt(site, old)
    assert {"/fi/organisaatiot/vm/", "/sv/organisationer/lvm/"} <= touched
    # It left one facet value and joined another: every list of projects shows the counts.
    assert "/fi/hankkeet/vuosi/2021/" in touched and "/fi/hankkeet/organisaatio/vm/" in touched
    assert "/fi/kokoukset/" not in touched


def test_a_new_item_selects_its_new_pages_and_lists(site: Site) -> None:
    old_specs = {s.url for s in planner_for(site.root).specs()}
    old = register_of(site.root)
    add_project(site, "avoin-data", "avoin data", organisation="vm", year=2021)
    touched = rebuilt(site, old, known=old_specs)
    assert {
        "/fi/hankkeet/avoin-data/",
        "/sv/projekt/avoin-data/",
        "/fi/hankkeet/organisaatio/vm/",  # a new list
        "/fi/hankkeet/",
        "/fi/organisaatiot/vm/",
    } <= touched
    assert "/fi/verkostot/" not in touched


def test_what_a_deferred_rebuild_left_is_selected_again(site: Site) -> None:
    assert rebuilt(site, register_of(site.root), unfinished=frozenset({"/fi/feed.xml"})) == {"/fi/feed.xml"}
