"""A full build of the shipped register, read back as HTML (not string-matched)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from generator.read.load import load_register
from generator.read.model import LANGS

from ..conftest import REPO, Run, Site

SECTIONS = {
    "fi": {"projects": "hankkeet", "meetings": "kokoukset", "networks": "verkostot"},
    "sv": {"projects": "projekt", "meetings": "moten", "networks": "natverk"},
}


@pytest.fixture
def built(built_site: Path) -> Path:
    return built_site


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(out: Path) -> list[Path]:
    """The site's pages; not the web editor's (``admin/``), an application of its own that
    Sveltia CMS draws into an empty body (tests/cms checks it)."""
    return sorted(p for p in out.rglob("*.html") if p.relative_to(out).parts[0] != "admin")


def test_every_item_has_a_page_in_both_languages(built: Path) -> None:
    register, diagnostics = load_register(REPO)
    assert not diagnostics
    assert len(register.items) >= 10
    for item in register.items.values():
        for lang in LANGS:
            page = built / lang / SECTIONS[lang][item.kind] / item.id / "index.html"
            assert page.is_file(), page
            soup = parse(page)
            assert soup.html is not None and soup.html["lang"] == lang
            [h1] = soup.find_all("h1")
            assert h1.get_text(strip=True) == item.version(lang).data.title


def test_no_broken_internal_links(built: Path) -> None:
    checked = 0
    for page in html_pages(built):
        soup = parse(page)
        for tag in soup.find_all(["a", "link"], href=True):
            href = str(tag["href"])
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:", "tel:")):
                continue
            site_path = page.relative_to(built).as_posix()
            if site_path == "404.html":  # links from the base URL's path ("" here)
                target = built / parts.path.lstrip("/")
            else:
                target = built / posixpath.normpath(posixpath.join(posixpath.dirname(site_path), parts.path))
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{site_path}: broken link {href}"
            if parts.fragment:
                assert parse(target).find(id=parts.fragment), f"{site_path}: missing anchor {href}"
            checked += 1
    assert checked > 500


def test_pages_declare_their_other_language_version(built: Path) -> None:
    """Readers switch language on every page; search engines are told of the versions meant to
    be found (tests/render/test_search_engines.py checks the clusters whole)."""
    for lang in LANGS:
        for page in (built / lang).rglob("index.html"):
            soup = parse(page)
            alternates = {str(t["hreflang"]): str(t["href"]) for t in soup.select("link[rel=alternate][hreflang]")}
            canonical = soup.find("link", rel="canonical")
            assert isinstance(canonical, Tag)
            if soup.find("meta", attrs={"name": "robots", "content": "noindex"}):
                assert alternates == {}, page
            else:
                assert alternates[lang] == canonical["href"], page
                assert set(alternates) <= {*LANGS, "x-default"}, page
            other = next(o for o in LANGS if o != lang)
            switch = soup.find("a", class_="language-switch")
            assert isinstance(switch, Tag) and switch["hreflang"] == other


def test_finnish_only_project_falls_back_on_the_swedish_site(built: Path) -> None:
    page = built / "sv/projekt/digitaaliset-keinot-koronakriisin-jalkihoidossa/index.html"
    soup = parse(page)
    assert soup.html is not None and soup.html["lang"] == "sv"
    article = soup.find("article")
    assert isinstance(article, Tag) and article["lang"] == "fi"
    notice = article.find(class_="notice")
    assert isinstance(notice, Tag) and notice["lang"] == "sv"
    assert "finns ännu inte på svenska" in notice.get_text()
    assert "LVM027:00/2020" in article.get_text()
    facts = {
        row.th.get_text(strip=True): row.td.get_text(" ", strip=True)
        for row in article.select("table.facts tr")
        if row.th and row.td
    }
    assert facts["Projektnummer"] == "LVM027:00/2020"
    assert facts["Tillsatt av"] == "kommunikationsministeriet"
    assert facts["Tillsättningsdag"] == "4 maj 2020"
    assert facts["Status"] == "Avslutat"


def test_finnish_dates_and_labels_on_the_finnish_page(built: Path) -> None:
    soup = parse(built / "fi/hankkeet/digitaaliset-keinot-koronakriisin-jalkihoidossa/index.html")
    facts = {row.th.get_text(strip=True): row.td.get_text(" ", strip=True) for row in soup.select("table.facts tr")}
    assert facts["Asettamispäivä"] == "4.5.2020"
    assert facts["Toimikausi"] == "4.5.2020\u201330.9.2020"
    assert facts["Asianumerot"] == "VN/10633/2020"
    assert soup.find(class_="notice") is None


def test_translated_meeting_shows_each_language_and_shared_facts(built: Path) -> None:
    fi = parse(built / "fi/kokoukset/kansliapaallikoiden-ja-valtiosihteerien-kokous-2021/index.html")
    sv = parse(built / "sv/moten/kansliapaallikoiden-ja-valtiosihteerien-kokous-2021/index.html")
    assert fi.find(class_="notice") is None and sv.find(class_="notice") is None
    fi_facts = {r.th.get_text(strip=True): r.td.get_text(strip=True) for r in fi.select("table.facts tr")}
    sv_facts = {r.th.get_text(strip=True): r.td.get_text(strip=True) for r in sv.select("table.facts tr")}
    assert fi_facts["Päivämäärä"] == "25.10.2021" and sv_facts["Datum"] == "25 okt. 2021"
    assert fi_facts["Paikka"] == "Säätytalo" and sv_facts["Plats"] == "Ständerhuset"
    phones = [a["href"] for a in sv.select("a[href^='tel:']")]
    assert "tel:+358916022006" in phones
    # People by role, in the roles' order: the speaker is also a contact person, listed under both.
    assert [h.get_text(strip=True) for h in fi.select(".people h3")] == ["Yhteyshenkilöt", "Puhuja"]
    assert [h.get_text(strip=True) for h in sv.select(".people h3")] == ["Kontaktpersoner", "Talare"]
    # Nobody has an e-mail address in the sources, so none is shown.
    assert not fi.select("a[href^='mailto:']")


def test_related_items_are_linked_both_ways(built: Path) -> None:
    register, _ = load_register(REPO)
    for item in register.items.values():
        soup = parse(built / "fi" / SECTIONS["fi"][item.kind] / item.id / "index.html")
        section = soup.find("section", attrs={"aria-labelledby": "related-heading"})
        linked = {str(a["href"]).rstrip("/").split("/")[-1] for a in section.find_all("a")} if section else set()
        for named in item.data.related:
            assert named in linked, (item.id, named)
            other = parse(built / "fi" / SECTIONS["fi"][register.items[named].kind] / named / "index.html")
            back = other.find("section", attrs={"aria-labelledby": "related-heading"})
            assert back is not None and any(str(a["href"]).rstrip("/").endswith(item.id) for a in back.find_all("a")), (
                named,
                item.id,
            )


def test_swedish_lists_mark_finnish_only_items(built: Path) -> None:
    soup = parse(built / "sv/natverk/index.html")
    entry = next(li for li in soup.select("li.entry") if "Digisumpit" in li.get_text())
    link = entry.find("a")
    assert isinstance(link, Tag) and link["lang"] == "fi"
    assert "(på finska)" in entry.get_text()


def test_lists_sort_titles_finnish_style(built: Path) -> None:
    for lang in LANGS:
        soup = parse(
            built / lang / "organisaatiot/index.html" if lang == "fi" else built / lang / "organisationer/index.html"
        )
        titles = [a.get_text(strip=True) for a in soup.select("li.entry .entry-title a")]
        from generator.text.i18n import sort_key

        assert titles == sorted(titles, key=sort_key)
        assert len(titles) >= 6


def test_organisation_pages_list_their_items(built: Path) -> None:
    soup = parse(built / "fi/organisaatiot/lvm/index.html")
    links = [str(a["href"]) for a in soup.select("main li.entry a")]
    assert any("digitaaliset-keinot-koronakriisin-jalkihoidossa" in href for href in links)


def test_root_offers_both_languages_and_404_exists(built: Path) -> None:
    soup = parse(built / "index.html")
    hrefs = {str(a["href"]) for a in soup.select("main a")}
    assert hrefs == {"fi/", "sv/"}
    assert (built / "404.html").is_file()
    assert len(list((built / "static").glob("style.*.css"))) == 1


def test_every_page_has_one_h1_and_a_main_landmark(built: Path) -> None:
    for page in html_pages(built):
        soup = parse(page)
        assert len(soup.find_all("h1")) == 1, page
        assert len(soup.find_all("main")) == 1, page


def test_raw_html_in_markdown_is_not_passed_through(cli: Callable[..., Run], site: Site) -> None:
    text = (site.root / "content/fi/networks/sumppi.md").read_text()
    site.write("fi/networks/sumppi.md", text + "\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
    assert cli("build", "--root", site.root).code == 0
    soup = parse(site.out / "fi/verkostot/sumppi/index.html")
    assert soup.find("script") is None
    assert not soup.select("a[href^='javascript']")
    assert "<script>alert(1)</script>" in soup.get_text()
