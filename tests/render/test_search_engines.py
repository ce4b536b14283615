"""What search engines read, through ``rekisteri build``: every built page's head parsed with
BeautifulSoup, and the sitemap with ElementTree.

Google's rules (https://developers.google.com/search/docs/specialty/international/localized-versions):
every page of an ``hreflang`` cluster lists the same set, itself included, or the links are
ignored; a page named there must be indexable and canonical.  A fallback page (an item's page
in a language it has no text in, showing the other language's text) is no version of the
item's: noindex, its canonical on the original, out of the sitemap and of every cluster.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator import urls
from generator.read.load import load_register
from generator.read.model import LANGS

from ..commands.test_cli import rekisteri
from ..conftest import Site

PAGES_LINE = re.compile(r"rekisteri: (\d+) pages, (\d+) files")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SHIPPED_BASE = "https://rekisteri.example.fi"
SITE_BASE = "https://example.test"
#: The test register's Finnish-only items: their Swedish pages and the originals.
SITE_FALLBACKS = {
    f"{SITE_BASE}/sv/moten/kokous-2021/": f"{SITE_BASE}/fi/kokoukset/kokous-2021/",
    f"{SITE_BASE}/sv/natverk/sumppi/": f"{SITE_BASE}/fi/verkostot/sumppi/",
}


@dataclass(frozen=True)
class Head:
    noindex: bool
    canonical: str
    description: str | None
    og_title: str | None
    og_description: str | None
    hreflang: dict[str, str]


def _content(soup: BeautifulSoup, **attrs: str) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return str(tag["content"]) if isinstance(tag, Tag) else None


def heads(out: Path, base: str) -> dict[str, Head]:
    """Every HTML page of a build by its absolute address."""
    found = {}
    for path in sorted(out.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        canonical = soup.find("link", rel="canonical")
        robots = _content(soup, name="robots") or ""
        found[f"{base}/{path.relative_to(out).as_posix().removesuffix('index.html')}"] = Head(
            noindex="noindex" in robots,
            canonical=str(canonical["href"]) if isinstance(canonical, Tag) else "",
            description=_content(soup, name="description"),
            og_title=_content(soup, property="og:title"),
            og_description=_content(soup, property="og:description"),
            hreflang={str(t["hreflang"]): str(t["href"]) for t in soup.select("link[rel=alternate][hreflang]")},
        )
    return found


def sitemap(out: Path) -> dict[str, dict[str, str]]:
    """Address → its hreflang alternates, as the sitemap lists them."""
    root = ET.parse(out / "sitemap.xml").getroot()
    return {
        str(entry.findtext(f"{SITEMAP}loc")): {
            str(link.get("hreflang")): str(link.get("href")) for link in entry.iter(f"{XHTML}link")
        }
        for entry in root.iter(f"{SITEMAP}url")
    }


def build(root: Path, out: Path, *options: str) -> int:
    """How many pages the build rendered."""
    result = rekisteri("build", "--root", root, "--out", out, "--no-search", *options)
    assert result.returncode == 0, result.stderr
    found = PAGES_LINE.search(result.stdout)
    assert found, result.stdout
    return int(found[1])


def assert_search_engines_read_it_right(out: Path, base: str, fallbacks: dict[str, str]) -> dict[str, Head]:
    """Every rule of the module's docstring over one build; ``fallbacks``: fallback page → its original."""
    pages = heads(out, base)
    assert set(fallbacks) <= set(pages)
    indexable = {url for url, head in pages.items() if not head.noindex}
    assert indexable, "no indexable page"
    for url in indexable:
        head = pages[url]
        assert head.description and len(head.description) <= 160, (url, head.description)
        assert head.og_title, url
        assert head.og_description == head.description, url
        assert head.canonical == url, url
        if head.hreflang:  # a cluster names the page itself, and every page in it names the same set
            assert url in head.hreflang.values(), url
        for target in head.hreflang.values():
            assert target in indexable, (url, target)
            assert pages[target].hreflang == head.hreflang, (url, target)
    for url, original in fallbacks.items():
        head = pages[url]
        assert head.noindex and head.canonical == original and head.hreflang == {}, url
        assert original in indexable, original
    declared = {target for head in pages.values() for target in head.hreflang.values()}
    assert not declared & set(fallbacks)
    for url in set(pages) - indexable:  # a noindex page is nobody's version
        assert pages[url].hreflang == {}, url
    listed = sitemap(out)
    assert set(listed) == indexable - {f"{base}/404.html"}
    assert (f"{base}/" in listed) == (f"{base}/" in indexable)
    for url, alternates in listed.items():
        assert alternates == pages[url].hreflang, url
        assert set(alternates.values()) <= set(listed), url
    return pages


def shipped_fallbacks(root: Path) -> dict[str, str]:
    register, problems = load_register(root)
    assert not problems, [p.format() for p in problems]
    found = {}
    for item in register.items.values():
        for lang in LANGS:
            if lang not in item.versions:
                original = item.version(lang).lang
                found[urls.absolute(SHIPPED_BASE + "/", urls.item(lang, item.kind, item.id))] = urls.absolute(
                    SHIPPED_BASE + "/", urls.item(original, item.kind, item.id)
                )
    return found


def test_the_shipped_register_as_search_engines_read_it(shipped: Site, tmp_path: Path) -> None:
    fallbacks = shipped_fallbacks(shipped.root)
    assert fallbacks, "the shipped register has Finnish-only items: their Swedish pages are fallbacks"
    build(shipped.root, tmp_path / "out")
    pages = assert_search_engines_read_it_right(tmp_path / "out", SHIPPED_BASE, fallbacks)
    # The language choice is the home pages' x-default, indexable and in the sitemap; no other page names it.
    home = {"fi": f"{SHIPPED_BASE}/fi/", "sv": f"{SHIPPED_BASE}/sv/", "x-default": f"{SHIPPED_BASE}/"}
    assert {url for url, head in pages.items() if "x-default" in head.hreflang} == set(home.values())
    assert pages[f"{SHIPPED_BASE}/"].hreflang == home and not pages[f"{SHIPPED_BASE}/"].noindex
    assert f"{SHIPPED_BASE}/" in sitemap(tmp_path / "out")


def test_a_register_with_finnish_only_items(site: Site) -> None:
    build(site.root, site.out)
    pages = assert_search_engines_read_it_right(site.out, SITE_BASE, SITE_FALLBACKS)
    # The original declares only itself; the project, in both languages, both.
    assert pages[f"{SITE_BASE}/fi/verkostot/sumppi/"].hreflang == {"fi": f"{SITE_BASE}/fi/verkostot/sumppi/"}
    assert set(pages[f"{SITE_BASE}/fi/hankkeet/digitaaliset-keinot/"].hreflang) == {"fi", "sv"}
    # Readers still switch language on both pages.
    soup = BeautifulSoup((site.out / "fi/verkostot/sumppi/index.html").read_text(encoding="utf-8"), "html.parser")
    switch = soup.find("a", class_="language-switch")
    assert isinstance(switch, Tag) and switch["href"] == "../../../sv/natverk/sumppi/"


def test_a_long_summary_is_cut_at_a_word(site: Site) -> None:
    words = "Verkosto kokoaa kuntien digikehittäjät jakamaan osaamistaan ja kokemuksiaan viikoittain"
    summary = f"{words}, {words.lower()}, {words.lower()}."
    site.write(
        "fi/networks/sumppi.md",
        (site.root / "content/fi/networks/sumppi.md")
        .read_text()
        .replace("summary: Viikoittainen etätilaisuus.", f"summary: {summary}"),
    )
    build(site.root, site.out)
    description = heads(site.out, SITE_BASE)[f"{SITE_BASE}/fi/verkostot/sumppi/"].description
    assert description is not None and len(description) <= 160 < len(summary)
    assert description.endswith("…")
    kept = description.removesuffix("…")
    assert summary.startswith(kept) and summary[len(kept)] in " ,"  # whole words, no comma before the ellipsis


@pytest.mark.parametrize("cache", [True, False], ids=["incremental", "clean"])
def test_a_translation_added_and_removed(site: Site, tmp_path: Path, cache: bool) -> None:
    """The Swedish file of a Finnish-only item turns its fallback page into its Swedish version:
    the Finnish page's alternates and the sitemap change with it, in an incremental build as in
    a clean one, and back again when the file is removed."""
    options = () if cache else ("--no-cache",)
    every = build(site.root, site.out, *options)
    site.write("sv/networks/sumppi.md", "---\ntitle: Sumpen\nsummary: Ett möte på distans varje vecka.\n---\nText.\n")
    rendered = build(site.root, site.out, *options)
    assert rendered < every if cache else rendered == every
    fallbacks = {url: original for url, original in SITE_FALLBACKS.items() if "sumppi" not in url}
    pages = assert_search_engines_read_it_right(site.out, SITE_BASE, fallbacks)
    both = {"fi": f"{SITE_BASE}/fi/verkostot/sumppi/", "sv": f"{SITE_BASE}/sv/natverk/sumppi/"}
    assert pages[both["fi"]].hreflang == pages[both["sv"]].hreflang == both
    assert pages[both["sv"]].description == "Ett möte på distans varje vecka."
    clean = tmp_path / "clean"
    build(site.root, clean, "--no-cache")
    assert tree(site.out) == tree(clean)

    site.remove("sv/networks/sumppi.md")
    rendered = build(site.root, site.out, *options)
    assert rendered < every if cache else rendered == every
    assert_search_engines_read_it_right(site.out, SITE_BASE, SITE_FALLBACKS)
    build(site.root, clean, "--no-cache")
    assert tree(site.out) == tree(clean)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".rekisteri")
    }
