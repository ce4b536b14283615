"""Atom feeds (newest changes first), the sitemap (indexable pages with their alternates) and robots.txt."""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET

import pytest

from generator.pages import feeds

from ..conftest import Site
from .planning import built

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def changed_on(site: Site, relative: str, day: str) -> None:
    """Outside git a file's last change is its modification time (feeds carry it to the second)."""
    noon = dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()
    os.utime(site.root / "content" / relative, (noon, noon))


@pytest.fixture
def dated(site: Site) -> Site:
    changed_on(site, "fi/projects/digitaaliset-keinot.md", "2024-03-01")
    changed_on(site, "sv/projects/digitaaliset-keinot.md", "2024-03-05")
    changed_on(site, "fi/meetings/kokous-2021.md", "2023-01-01")
    changed_on(site, "fi/networks/sumppi.md", "2024-06-01")
    return site


def entries(feed: ET.Element) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated"), e.get(XML_LANG)) for e in feed.iter(f"{ATOM}entry")
    ]


def test_feed_lists_the_newest_changes_first_with_their_dates(dated: Site) -> None:
    files = built(dated.root)
    fi = ET.fromstring(files["fi/feed.xml"])
    assert fi.findtext(f"{ATOM}updated") == "2024-06-01T12:00:00Z"
    assert fi.findtext(f"{ATOM}title") == "Testirekisteri"
    assert entries(fi) == [
        ("Sumppi", "2024-06-01T12:00:00Z", "fi"),
        ("Digitaaliset keinot", "2024-03-01T12:00:00Z", "fi"),
        ("Kansliapäälliköiden kokous", "2023-01-01T12:00:00Z", "fi"),
    ]
    sv = ET.fromstring(files["sv/feed.xml"])  # the Swedish version's own date; Finnish text where none
    assert entries(sv) == [
        ("Sumppi", "2024-06-01T12:00:00Z", "fi"),
        ("Digitala medel", "2024-03-05T12:00:00Z", "sv"),
        ("Kansliapäälliköiden kokous", "2023-01-01T12:00:00Z", "fi"),
    ]
    [link] = [a.get("href") for a in sv.iter(f"{ATOM}link") if a.get("rel") == "self"]
    assert link == "https://example.test/sv/feed.xml"


def test_a_kinds_feed_holds_only_that_kind(dated: Site) -> None:
    projects = ET.fromstring(built(dated.root)["fi/hankkeet/feed.xml"])
    assert [title for title, _, _ in entries(projects)] == ["Digitaaliset keinot"]
    assert projects.findtext(f"{ATOM}title") == "Testirekisteri: Hankkeet"
    assert projects.findtext(f"{ATOM}updated") == "2024-03-01T12:00:00Z"
    [entry] = projects.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://example.test/fi/hankkeet/digitaaliset-keinot/"
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == ["Hanke"]


def test_feed_keeps_only_the_newest_entries(dated: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)
    assert [title for title, _, _ in entries(ET.fromstring(built(dated.root)["fi/feed.xml"]))] == [
        "Sumppi",
        "Digitaaliset keinot",
    ]


def test_sitemap_lists_indexable_pages_with_both_languages(site: Site) -> None:
    files = built(site.root)
    sitemap = ET.fromstring(files["sitemap.xml"])
    urls = {
        u.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in u.iter(f"{XHTML}link")}
        for u in sitemap.iter(f"{SITEMAP}url")
    }
    base = "https://example.test"
    assert urls[f"{base}/fi/hankkeet/digitaaliset-keinot/"] == {
        "fi": f"{base}/fi/hankkeet/digitaaliset-keinot/",
        "sv": f"{base}/sv/projekt/digitaaliset-keinot/",
    }
    assert urls[f"{base}/sv/natverk/status/pagaende/"]["fi"] == f"{base}/fi/verkostot/tila/kaynnissa/"
    pages = {f"{base}/{path.removesuffix('index.html')}" for path in files if path.endswith("index.html")}
    not_indexed = {f"{base}/fi/kaannokset/", f"{base}/sv/oversattningar/"}
    not_indexed |= {f"{base}/sv/moten/kokous-2021/", f"{base}/sv/natverk/sumppi/"}  # fallbacks: Finnish only
    assert set(urls) == pages - not_indexed
    assert list(urls) == sorted(urls)


def test_robots_points_at_the_sitemap(site: Site) -> None:
    assert built(site.root)["robots.txt"] == b"User-agent: *\nAllow: /\nSitemap: https://example.test/sitemap.xml\n"
