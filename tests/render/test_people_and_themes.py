"""The people index and the theme pages in a real Chromium: axe finds nothing, in either colour
scheme; the letters work from the keyboard; narrow screens do not scroll sideways; every link
answers.  The shipped register's pages, and a small register's whose theme has a YSO concept."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from ..accessibility import assert_enough_contrast, assert_no_violations, assert_reflows
from ..conftest import serving
from ..pages.people_register import YSO, rekisteri, write_register

SHIPPED = {
    "people fi": "/fi/henkilot/",
    "people sv": "/sv/personer/",
    "themes fi": "/fi/teemat/",
    "themes sv": "/sv/teman/",
    "theme fi": "/fi/teemat/digitalisaation-ohjaus/",
    "theme sv": "/sv/teman/yhteistyo-ja-verkostot/",
}
SMALL = {
    "themes with a YSO concept fi": "/fi/teemat/",
    "theme with a YSO concept sv": "/sv/teman/kunnat/",
    "theme without items fi": "/fi/teemat/liikenne/",
    "people with contacts fi": "/fi/henkilot/",
}


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small register of tests/pages/people_register.py, built by the command and served."""
    root = write_register(tmp_path_factory.mktemp("small") / "register")
    result = rekisteri("build", "--root", root)
    assert result.returncode == 0, result.stderr

    with serving(root / "build") as url:
        yield url


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_pages_have_no_axe_violations(page: Page, server: str, name: str) -> None:
    page.goto(server + SHIPPED[name])
    expect(page.locator("h1")).to_be_visible()
    assert_no_violations(page)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_yso_links_contacts_and_empty_themes_have_no_axe_violations(page: Page, small_server: str, name: str) -> None:
    page.goto(small_server + SMALL[name])
    assert_no_violations(page)


def test_the_yso_link_names_its_theme(page: Page, small_server: str) -> None:
    page.goto(small_server + "/fi/teemat/")
    link = page.locator(f"main a[href='{YSO}']")
    expect(link).to_have_accessible_name("YSO-käsite: Kunnat")  # one such link per theme: each names its own
    expect(link).to_have_text("YSO-käsite")
    page.goto(small_server + "/sv/teman/kunnat/")
    expect(page.locator(f"table.facts a[href='{YSO}']")).to_have_text(YSO)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_in_both_colour_schemes(browser: Browser, small_server: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    for path in ("/fi/henkilot/", "/sv/teman/", "/fi/teemat/kunnat/"):
        page.goto(small_server + path)
        assert_enough_contrast(page)
    context.close()


def test_the_letters_lead_to_their_people_by_keyboard(page: Page, server: str) -> None:
    page.goto(server + "/fi/henkilot/")
    letters = page.locator("nav.letters a")
    assert letters.all_inner_texts()[-1] == "Å"  # Mikael Åkermarck, after Z as in a Finnish phone book
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Å":
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#letter-aa"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == "letter-aa"
    heading = page.locator("#letter-aa")
    expect(heading).to_have_text("Å")
    expect(heading).to_be_in_viewport()
    expect(page.locator("#letter-aa ~ ul .person-name").first).to_have_text("Åkermarck, Mikael")


@pytest.mark.parametrize("path", ["/fi/henkilot/", "/sv/teman/", "/fi/teemat/yhteistyo-ja-verkostot/"])
def test_small_screens_and_large_text_do_not_scroll_sideways(browser: Browser, server: str, path: str) -> None:
    assert_reflows(browser, server, path)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("tel:", "mailto:", "#", "http://www.yso.fi")):
            self.hrefs.append(href)


@pytest.mark.parametrize("path", sorted(SHIPPED.values()))
def test_every_link_answers(server: str, path: str) -> None:
    with urllib.request.urlopen(server + path) as response:
        parser = Links()
        parser.feed(response.read().decode("utf-8"))
    assert parser.hrefs
    for href in parser.hrefs:
        target = urljoin(server + path, href)
        if not target.startswith(server):
            continue
        with urllib.request.urlopen(target) as answer:
            assert answer.status == 200, (path, href)
