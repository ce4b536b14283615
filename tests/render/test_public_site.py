"""The public site in a real browser: accessibility, keyboard, small screens, a crawler,
and the feeds, sitemap and open data read back with real parsers."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import jsonschema
import pytest
from playwright.sync_api import Browser, Page, expect

from ..accessibility import assert_enough_contrast, assert_no_violations, assert_reflows, settle
from ..conftest import REPO

FI_ONLY = "digitaaliset-keinot-koronakriisin-jalkihoidossa"
MEETING = "kansliapaallikoiden-ja-valtiosihteerien-kokous-2021"

TEMPLATES = {
    "language choice": "/",
    "404": "/404.html",
    "home fi": "/fi/",
    "home sv": "/sv/",
    "project list fi": "/fi/hankkeet/",
    "meeting list sv": "/sv/moten/",
    "network list by organisation fi": "/fi/verkostot/organisaatio/vm/",
    "network list by status sv": "/sv/natverk/status/pagaende/",
    "project fi": f"/fi/hankkeet/{FI_ONLY}/",
    "project fallback sv": f"/sv/projekt/{FI_ONLY}/",
    "meeting fi": f"/fi/kokoukset/{MEETING}/",
    "meeting sv": f"/sv/moten/{MEETING}/",
    "network fi": "/fi/verkostot/digisumpit/",
    "network fallback sv": "/sv/natverk/digisumpit/",
    "organisation list sv": "/sv/organisationer/",
    "organisation fi": "/fi/organisaatiot/vm/",
    "organisation sv": "/sv/organisationer/kuntaliitto/",
    "search fi": "/fi/haku/?q=verkostot",
    "search sv": "/sv/sok/?q=Digisumpit",
    "translation status fi": "/fi/kaannokset/",
    "translation status sv": "/sv/oversattningar/",
    "accessibility statement fi": "/fi/saavutettavuusseloste/",
    "accessibility statement sv": "/sv/tillganglighetsutlatande/",
    "open data fi": "/fi/avoin-data/",
    "open data sv": "/sv/oppna-data/",
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_axe_violations(page: Page, server: str, name: str) -> None:
    page.goto(server + TEMPLATES[name])
    settle(page)
    if name.startswith("search"):
        page.click("#search-filters-toggle")  # the facets too
        settle(page)
    assert_no_violations(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_in_both_colour_schemes(browser: Browser, server: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    for path in ("/fi/", f"/sv/projekt/{FI_ONLY}/", "/fi/haku/?q=kunta"):
        page.goto(server + path)
        settle(page)
        assert_enough_contrast(page)
    context.close()


def test_keyboard_reaches_skip_link_language_search_and_content(page: Page, server: str) -> None:
    page.goto(server + "/fi/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_in_viewport()  # hidden until focused, then visible
    page.goto(server + "/fi/")
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate(
                "(() => { const e = document.activeElement; return e.id || e.className || e.textContent.trim(); })()"
            )
        )
    assert order[0] == "skip-link"
    assert "header-q" in order and "language-switch" in order
    assert order.index("header-q") < order.index("language-switch")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.goto(server + "/fi/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # follow the skip link
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.goto(server + "/fi/")
    page.focus(".language-switch")
    page.keyboard.press("Enter")
    page.wait_for_url(server + "/sv/")


@pytest.mark.parametrize(
    "path", ["/fi/", f"/sv/projekt/{FI_ONLY}/", f"/fi/kokoukset/{MEETING}/", "/fi/haku/?q=kunta", "/sv/oversattningar/"]
)
def test_small_screens_and_large_text_do_not_scroll_sideways(browser: Browser, server: str, path: str) -> None:
    assert_reflows(browser, server, path)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.lang: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "title":
            self._in_title = True
        if values.get("id"):
            self.ids.append(str(values["id"]))
        for attribute in ("href", "src"):
            if values.get(attribute) and tag in ("a", "link", "script", "img"):
                self.links.append(str(values[attribute]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def test_crawler_finds_no_broken_link_missing_lang_title_or_duplicate_id(server: str) -> None:
    queue, seen, pages, problems = deque(["/"]), {"/"}, 0, []
    while queue:
        path = queue.popleft()
        try:
            with urllib.request.urlopen(server + path, timeout=10) as response:
                kind, body = response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            problems.append(f"{path}: HTTP {error.code}")
            continue
        if kind != "text/html":
            continue
        pages += 1
        parsed = _Links()
        parsed.feed(body.decode("utf-8"))
        if not parsed.lang:
            problems.append(f"{path}: no lang")
        if not parsed.title.strip():
            problems.append(f"{path}: no title")
        duplicates = {i for i in parsed.ids if parsed.ids.count(i) > 1}
        if duplicates:
            problems.append(f"{path}: duplicate ids {sorted(duplicates)}")
        for link in parsed.links:
            target = urlsplit(urljoin(server + path, link))
            if target.netloc != urlsplit(server).netloc or target.scheme not in ("http", "https"):
                continue
            if target.path not in seen:
                seen.add(target.path)
                queue.append(target.path)
    assert not problems, problems
    assert pages > 60


def _xml(built: Path, path: str) -> ElementTree.Element:
    return ElementTree.parse(built / path).getroot()


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    "path", ["fi/feed.xml", "sv/feed.xml", "fi/hankkeet/feed.xml", "sv/moten/feed.xml", "fi/verkostot/feed.xml"]
)
def test_atom_feeds_have_the_required_elements(built_site: Path, path: str) -> None:
    feed = _xml(built_site, path)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{required}") or "").strip(), required
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", u) for u in updated)
    assert feed.findtext(f"{ATOM}updated") == max(updated)
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title")
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith("https://rekisteri.example.fi/")


def test_pages_announce_their_feeds(built_site: Path) -> None:
    html = (built_site / "fi/hankkeet/index.html").read_text()
    assert 'type="application/atom+xml"' in html and 'href="feed.xml"' in html


def test_sitemap_lists_every_item_with_its_alternates(built_site: Path) -> None:
    root = _xml(built_site, "sitemap.xml")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = {}
    for url in root.findall(f"{namespace}url"):
        links = url.findall("{http://www.w3.org/1999/xhtml}link")
        locations[url.findtext(f"{namespace}loc")] = {link.get("hreflang"): link.get("href") for link in links}
    # A Finnish-only project: its Swedish page is a fallback, neither listed nor named as a version.
    project = f"https://rekisteri.example.fi/fi/hankkeet/{FI_ONLY}/"
    assert locations[project] == {"fi": project}
    assert f"https://rekisteri.example.fi/sv/projekt/{FI_ONLY}/" not in locations
    meeting = f"https://rekisteri.example.fi/sv/moten/{MEETING}/"
    assert locations[meeting] == {"fi": f"https://rekisteri.example.fi/fi/kokoukset/{MEETING}/", "sv": meeting}
    assert "https://rekisteri.example.fi/fi/kaannokset/" not in locations  # noindex pages stay out
    assert (built_site / "robots.txt").read_text().splitlines()[
        -1
    ] == "Sitemap: https://rekisteri.example.fi/sitemap.xml"


def test_open_data_validates_against_its_schema(built_site: Path) -> None:
    document = json.loads((built_site / "data/register.json").read_text())
    schema = json.loads((built_site / "data/register.schema.json").read_text())
    jsonschema.validate(document, schema)
    meeting = next(i for i in document["items"] if i["id"] == MEETING)
    assert meeting["facts"]["date"] == "2021-10-25"
    assert meeting["translations"]["sv"]["venue"] == "Ständerhuset"
    # A person's facts and texts are split entry by entry, in the same order.
    assert meeting["translations"]["fi"]["people"][1] == {"title": "valtiosihteeri"}
    assert meeting["translations"]["sv"]["people"][1] == {"title": "statssekreterare"}
    assert meeting["facts"]["people"][1]["phone"] == "09 1602 2006"
    assert meeting["facts"]["people"][1]["role"] == "contact_person"
    assert {t["id"] for t in document["themes"]} >= set(meeting["facts"]["themes"])
    assert "title" not in meeting["facts"] and "date" not in meeting["translations"]["fi"]
    broken = json.loads(json.dumps(document))
    broken["items"][0]["facts"]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    rows = list(csv.DictReader(io.StringIO((built_site / "data/projects.csv").read_text())))
    assert rows[0]["project_number"] == "LVM027:00/2020" and rows[0]["title_sv"] == ""


def test_social_metadata(built_site: Path) -> None:
    html = (built_site / f"sv/moten/{MEETING}/index.html").read_text()
    assert '<meta property="og:locale" content="sv_FI">' in html
    assert '<meta property="og:locale:alternate" content="fi_FI">' in html
    assert f'<meta property="og:url" content="https://rekisteri.example.fi/sv/moten/{MEETING}/">' in html
    assert '<meta property="og:description"' in html


def test_lists_are_paginated_with_previous_and_next(tmp_path: Path) -> None:
    import shutil

    from generator.build.publish import build

    root = tmp_path / "register"
    shutil.copytree(REPO / "content", root / "content")
    settings = (REPO / "pyproject.toml").read_text().replace('theme = "default"', 'theme = "default"\npage_size = 3')
    (root / "pyproject.toml").write_text(settings)
    assert build(root, root / "build").ok
    first = (root / "build/fi/verkostot/index.html").read_text()
    assert 'rel="next"' in first and 'href="sivu/2/"' in first
    third = (root / "build/fi/verkostot/sivu/3/index.html").read_text()
    assert 'rel="prev"' in third and "Sivu 3/3" in third
    assert not (root / "build/fi/verkostot/sivu/4").exists()
