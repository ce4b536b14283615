"""The themes' pages: the list of themes with their counts, a page per theme with its items by
kind, and the rebuilds an edit of a theme or of an item's themes makes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from generator.build.site import SiteBuilder
from generator.pages.dependencies import affected
from generator.read.model import LANGS

from .people_register import MEETING, NETWORK, PROJECT, YSO, rekisteri, write_register
from .planning import planner_for, register_of

THEMES = {"fi": "/fi/teemat/", "sv": "/sv/teman/"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_register(tmp_path_factory.mktemp("themes") / "register")
    result = rekisteri("build", "--root", root)
    assert result.returncode == 0, result.stderr
    return root / "build"


def soup(built: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((built / url.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(page: BeautifulSoup | Tag, selector: str) -> str:
    found = page.select_one(selector)
    assert found is not None, selector
    return found.get_text()


def main_links(built: Path, url: str) -> list[str]:
    """The site paths the page's main content links to (outside links left out)."""
    main = soup(built, url).find("main")
    assert isinstance(main, Tag)
    hrefs = [str(a["href"]) for a in main.find_all("a")]
    return [urlsplit(urljoin(f"https://example.test{url}", h)).path for h in hrefs if not h.startswith("http")]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote but the search bundle (Pagefind's own output)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
    }


def pages_made(summary: str) -> int:
    """How many pages a build made, from its last line ("rekisteri: 77 pages, 81 files → …")."""
    found = re.search(r"rekisteri: (\d+) pages", summary)
    assert found, summary
    return int(found[1])


def clean_build_of(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same register built from nothing: a copy without the saved state."""
    copy = tmp_path / "clean"
    shutil.copytree(root / "content", copy / "content")
    shutil.copy(root / "pyproject.toml", copy / "pyproject.toml")
    result = rekisteri("build", "--root", copy)
    assert result.returncode == 0, result.stderr
    return tree(copy / "build")


# --- the pages ------------------------------------------------------------------------


def test_the_list_of_themes_counts_items_and_links_the_yso_concept(built: Path) -> None:
    page = soup(built, THEMES["fi"])
    entries = page.select("main li.entry")
    assert [text(e, "h2") for e in entries] == ["Kunnat", "Liikenne", "Tekoäly"]
    counts = [re.findall(r"\d+", text(e, ".entry-meta"))[0] for e in entries]
    assert counts == ["2", "0", "1"]
    assert [a["href"] for a in page.select(f"main a[href='{YSO}']")] == [YSO]
    assert "Kuntien digitalisaatio ja yhteistyö." in entries[0].get_text()
    swedish = soup(built, THEMES["sv"])
    labels = [h.get_text() for h in swedish.select("main li.entry h2")]
    assert labels == ["Artificiell intelligens", "Kommuner", "Trafik"]
    assert "Kommunernas digitalisering och samarbete." in swedish.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_of_the_theme_pages_resolves(built: Path, lang: str) -> None:
    urls = [THEMES[lang], *(f"{THEMES[lang]}{theme}/" for theme in ("kunnat", "tekoaly", "liikenne"))]
    for url in urls:
        links = main_links(built, url)
        assert links, url
        for path in links:
            assert (built / path.lstrip("/") / "index.html").is_file(), (url, path)


def test_a_theme_page_lists_its_items_by_kind(built: Path) -> None:
    page = soup(built, "/fi/teemat/kunnat/")
    assert text(page, "h1") == "Kunnat"
    assert text(page, "p.lead") == "Kuntien digitalisaatio ja yhteistyö."
    groups = {
        text(section, "h2"): [a.get_text() for a in section.select(".entry-title a")]
        for section in page.select("main section")
    }
    assert groups == {"Hankkeet": ["Tekoäly kunnissa"], "Kokoukset": ["Kuntakokous 2022"]}
    assert page.select_one(f"table.facts a[href='{YSO}']") is not None
    assert text(page, "table.facts span[lang=sv]") == "Kommuner"
    assert main_links(built, "/fi/teemat/kunnat/")[0] == "/fi/teemat/"  # the breadcrumb
    description = page.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag) and description["content"] == "Kuntien digitalisaatio ja yhteistyö."


def test_the_swedish_theme_page_shows_finnish_only_items_in_finnish(built: Path) -> None:
    page = soup(built, "/sv/teman/kunnat/")
    assert text(page, "h1") == "Kommuner"
    titles = {a.get_text(): a.get("lang") for a in page.select(".entry-title a")}
    assert titles == {"Artificiell intelligens i kommunerna": None, "Kuntakokous 2022": "fi"}


def test_a_theme_no_item_carries_still_has_its_page(built: Path) -> None:
    page = soup(built, "/fi/teemat/liikenne/")
    assert not page.select("main section")
    assert page.select_one("main table.facts") is not None
    assert "Tähän teemaan ei vielä liity kohteita." in page.get_text()


def test_theme_pages_are_in_the_sitemap_with_their_alternates(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("/fi/teemat/", "/sv/teman/", "/fi/teemat/kunnat/", "/sv/teman/liikenne/"):
        assert f"<loc>https://example.test{url}</loc>" in sitemap
    assert 'hreflang="sv" href="https://example.test/sv/teman/tekoaly/"' in sitemap


# --- rebuilds -------------------------------------------------------------------------


def test_a_new_theme_label_rebuilds_everything_as_a_clean_build_would(tmp_path: Path) -> None:
    root = write_register(tmp_path / "register")
    first = rekisteri("build", "--root", root)
    assert first.returncode == 0, first.stderr
    themes = root / "content" / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("fi: Kunnat,", "fi: Kunnat ja kuntayhtymät,"))
    again = rekisteri("build", "--root", root)
    assert again.returncode == 0, again.stderr
    assert pages_made(again.stdout) == pages_made(first.stdout)  # every page, not only the theme's
    assert tree(root / "build") == clean_build_of(root, tmp_path)
    assert text(soup(root / "build", "/fi/teemat/kunnat/"), "h1") == "Kunnat ja kuntayhtymät"


def test_an_item_changing_themes_is_rebuilt_incrementally_as_a_clean_build_would(tmp_path: Path) -> None:
    root = write_register(tmp_path / "register")
    first = rekisteri("build", "--root", root)
    assert first.returncode == 0, first.stderr
    meeting = root / "content" / "fi" / "meetings" / f"{MEETING}.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("themes: [kunnat]", "themes: [tekoaly]"))
    again = rekisteri("build", "--root", root)
    assert again.returncode == 0, again.stderr
    assert 0 < pages_made(again.stdout) < pages_made(first.stdout)
    assert tree(root / "build") == clean_build_of(root, tmp_path)
    out = root / "build"
    assert [a.get_text() for a in soup(out, "/fi/teemat/kunnat/").select(".entry-title a")] == ["Tekoäly kunnissa"]
    assert "Kuntakokous 2022" in soup(out, "/fi/teemat/tekoaly/").get_text()


def test_theme_pages_are_selected_by_the_themes_an_item_had_or_has(tmp_path: Path) -> None:
    root = write_register(tmp_path / "register")
    old = register_of(root)
    meeting = root / "content" / "fi" / "meetings" / f"{MEETING}.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("themes: [kunnat]", "themes: [tekoaly]"))
    specs = planner_for(root).specs()
    touched = {s.url for s in affected(specs, old, register_of(root), {s.url for s in specs}, ())}
    themed = {url for url in touched if url.startswith(("/fi/teemat/", "/sv/teman/"))}
    assert themed == {
        "/fi/teemat/",
        "/sv/teman/",
        "/fi/teemat/kunnat/",
        "/sv/teman/kunnat/",
        "/fi/teemat/tekoaly/",
        "/sv/teman/tekoaly/",
    }
    assert {"/fi/henkilot/", "/sv/personer/"} <= touched


OBERG = "  - {name: Östen Öberg, role: member, organisation: tem}"
BERTIL = "{name: Bertil Åkerlund, role: participant, organisation: vm"
EDITS = {
    "theme left": ("fi/meetings", MEETING, "themes: [kunnat]", "themes: []"),
    "theme joined": ("fi/networks", NETWORK, "status: active", "status: active\nthemes: [liikenne]"),
    "role added": ("fi/networks", NETWORK, "people:", f"people:\n{OBERG}"),
    "phone given": ("fi/meetings", MEETING, f"{BERTIL}}}", f'{BERTIL}, phone: "09 123 4567"}}'),
    "project retitled": ("sv/projects", PROJECT, "title: Artificiell", "title: Ny artificiell"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_served_edits_of_themes_and_people_equal_a_full_build(tmp_path: Path, edit: str) -> None:
    """As ``serve`` rebuilds: the watcher's list trusted, pages first, the other files after."""
    root = write_register(tmp_path / "register")
    builder = SiteBuilder(root)
    assert builder.rebuild().ok
    folder, item_id, old, new = EDITS[edit]
    path = root / "content" / folder / f"{item_id}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    delta = builder.rebuild([path], watched=True, defer_files=True)
    assert delta.ok and not delta.full, [d.format() for d in delta.diagnostics]
    builder.finish()
    fresh = SiteBuilder(root)
    assert fresh.rebuild().ok
    assert builder.files == fresh.files
