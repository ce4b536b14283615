"""The site's table of contents: one spec per page, in both languages, with what each shows."""

from __future__ import annotations

from collections import Counter

from generator import urls
from generator.read.model import LANGS

from ..conftest import Site
from .planning import planner_for


def test_every_url_is_planned_once(site: Site) -> None:
    specs = planner_for(site.root).specs()
    assert [url for url, count in Counter(s.url for s in specs).items() if count > 1] == []
    # 48 pages in both languages (see below) + root, 404, 2 x 7 feeds (all items, 3 kinds,
    # 2 organisations, changes), register.json and changes.json, schema, 13 CSV tables,
    # datapackage.json, robots, sitemap + the item schema, the catalogue as Turtle and JSON-LD,
    # and 3 items' JSON in both languages
    assert len(specs) == 48 + 35 + 3 + 6


def test_every_language_has_every_page_and_names_the_other(site: Site) -> None:
    specs = {spec.url: spec for spec in planner_for(site.root).specs()}
    pages = [spec for url, spec in specs.items() if urls.is_page(url) and url not in {"/", "/404.html"}]
    # Per language: home, 10 lists (projects: all, lvm, ended, 2020; meetings: all, vm, 2021;
    # networks: all, vm, active), 8 site pages (with people, themes and the overview; this register
    # has no themes.yaml, so no page per theme), 2 organisations, 3 items.
    assert len(pages) == 2 * 24
    assert {spec.url[:4] for spec in pages} == {f"/{lang}/" for lang in LANGS}
    for spec in pages:
        if spec.alternates:
            assert spec.url in spec.alternates.values(), spec.url
        for other in spec.alternates.values():  # each version names the same set of versions
            assert specs[other].alternates == spec.alternates
    for lang in LANGS:
        assert urls.item(lang, "networks", "sumppi") in specs  # a Finnish-only item has a Swedish page too
    # ... which is a fallback: no version of the item's, and left out of the sitemap
    assert specs["/fi/verkostot/sumppi/"].alternates == {"fi": "/fi/verkostot/sumppi/"}
    assert specs["/sv/natverk/sumppi/"].alternates == {}
    assert specs["/fi/verkostot/sumppi/"].indexable and not specs["/sv/natverk/sumppi/"].indexable
    assert set(specs["/fi/hankkeet/digitaaliset-keinot/"].alternates) == set(LANGS)
    # The language choice is the home pages' x-default, and only theirs
    home = {"fi": "/fi/", "sv": "/sv/", "x-default": "/"}
    assert specs["/"].alternates == specs["/fi/"].alternates == specs["/sv/"].alternates == home
    assert [spec.url for spec in specs.values() if "x-default" in spec.alternates] == ["/", "/fi/", "/sv/"]


def test_pages_left_out_of_the_sitemap(site: Site) -> None:
    specs = planner_for(site.root).specs()
    assert {s.url for s in specs if not s.indexable and urls.is_page(s.url)} == {
        "/404.html",
        "/fi/kaannokset/",
        "/sv/oversattningar/",
        # the Finnish-only items' Swedish pages
        "/sv/moten/kokous-2021/",
        "/sv/natverk/sumppi/",
    }
    files = {s.url for s in specs if not urls.is_page(s.url)}
    assert all(not s.indexable for s in specs if s.url in files)
    assert {"/sitemap.xml", "/robots.txt", "/data/register.json", "/fi/feed.xml", "/data/projects.csv"} <= files


def test_an_item_page_depends_on_its_related_items_either_way(site: Site) -> None:
    specs = {spec.url: spec for spec in planner_for(site.root).specs()}
    # The project names sumppi; the meeting names the project.
    assert specs["/fi/hankkeet/digitaaliset-keinot/"].depends_on == {
        "item:digitaaliset-keinot",
        "history:digitaaliset-keinot",  # its change history
        "item:sumppi",
        "item:kokous-2021",
    }
    assert specs["/sv/natverk/sumppi/"].depends_on == {"item:sumppi", "history:sumppi", "item:digitaaliset-keinot"}
    assert specs["/fi/organisaatiot/vm/"].depends_on == {"org:vm"}
    assert specs["/fi/organisaatiot/vm/feed.xml"].depends_on == {"org:vm"}
    assert specs["/data/changes.json"].depends_on == specs["/sv/andringar/feed.xml"].depends_on == {"history", "items"}
    assert specs["/fi/hankkeet/feed.xml"].depends_on == {"kind:projects"}
    # The home page shows items' facts, never a body; the sitemap only the list of pages.
    assert specs["/fi/"].depends_on == {"facts"}
    assert specs["/sitemap.xml"].depends_on == {"pages"}
    assert specs["/data/register.schema.json"].depends_on == frozenset()
