"""The search page in a real headless Chromium, against the built shipped register."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

from generator.read.load import load_register

from ..conftest import REPO

_SEEN: dict[int, tuple[str, str]] = {}  # page → (path, searches finished) when last idle


def search(page: Page, server: str, path: str) -> None:
    page.goto(server + path)
    wait_idle(page)


def wait_idle(page: Page) -> None:
    """Until a search started after the last wait has finished.  (No wait_for_function:
    the site's Content-Security-Policy forbids the eval it needs, as it should.)"""
    path = urlsplit(page.url).path
    seen_path, seen = _SEEN.get(id(page), ("", ""))
    box = page.locator("#search")
    if path == seen_path and seen:
        expect(box).not_to_have_attribute("data-searches", seen)
    page.wait_for_selector("#search[data-busy=false][data-searches]")
    _SEEN[id(page)] = (path, box.get_attribute("data-searches") or "")


def result_ids(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all("li.result h2 a", "links => links.map(a => a.getAttribute('href'))")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def facet_count(page: Page, name: str, value: str) -> int:
    label = page.locator(f"#search-filters input[name={name}][value='{value}'] + label")
    found = re.search(r"\((\d+)\)", label.inner_text())
    assert found, label.inner_text()
    return int(found.group(1))


def test_finnish_query_lists_the_networks(page: Page, server: str) -> None:
    register, _ = load_register(REPO)
    networks = {item.id for item in register.of_kind("networks")}
    search(page, server, "/fi/haku/?q=verkostot")
    found = result_ids(page)
    assert networks <= set(found), networks - set(found)
    expect(page.locator("#search-status")).to_have_text(f"{len(found)} tulosta haulle ”verkostot”")
    first = page.locator("li.result").first
    expect(first.locator(".entry-meta")).to_contain_text("Verkosto")
    assert first.locator(".excerpt mark").count() > 0 or first.locator(".excerpt").inner_text()


def open_facets(page: Page) -> None:
    toggle = page.locator("#search-filters-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    wait_idle(page)
    expect(page.locator("#search-filters fieldset").first).to_be_visible()


def test_organisation_facet_narrows_and_its_count_matches(page: Page, server: str) -> None:
    search(page, server, "/fi/haku/?q=verkostot")
    before = len(result_ids(page))
    open_facets(page)
    expected = facet_count(page, "organisation", "valtiovarainministeriö")
    assert 0 < expected < before
    page.get_by_label(re.compile(r"^valtiovarainministeriö")).check()
    wait_idle(page)
    assert len(result_ids(page)) == expected
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["verkostot"], "organisation": ["valtiovarainministeriö"]}
    for meta in page.locator("li.result").all():
        assert meta.is_visible()
    page.go_back()
    wait_idle(page)
    assert len(result_ids(page)) == before
    expect(page.get_by_label(re.compile(r"^valtiovarainministeriö"))).not_to_be_checked()


def test_a_shared_url_restores_query_and_filters(page: Page, server: str) -> None:
    search(page, server, "/fi/haku/?q=digitalisaatio&kind=Kokous&sort=date-asc")
    expect(page.locator("#search-q")).to_have_value("digitalisaatio")
    expect(page.locator("#search-filters input[name=kind][value=Kokous]")).to_be_checked()
    expect(page.locator("#search-filters-toggle")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#search-sort")).to_have_value("date-asc")
    found = result_ids(page)
    assert found == [
        "kansliapaallikoiden-ja-valtiosihteerien-kokous-2021",
        "digi-arkeen-verkostokeskustelu-2022",
    ]
    page.select_option("#search-sort", "date-desc")
    wait_idle(page)
    assert result_ids(page) == list(reversed(found))


def test_swedish_site_finds_the_finnish_only_network_once(page: Page, server: str) -> None:
    search(page, server, "/sv/sok/?q=Digisumpit")
    links = page.locator("li.result h2 a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs.count("/sv/natverk/digisumpit/") == 1
    result = page.locator("li.result", has=page.locator("a[href='/sv/natverk/digisumpit/']"))
    expect(result.locator("h2 a")).to_have_attribute("lang", "fi")
    expect(result.locator("h2")).to_contain_text("(på finska)")
    expect(result.locator(".entry-meta")).to_contain_text("Nätverk · Finlands Kommunförbund")
    open_facets(page)
    expect(page.locator("#search-filters legend").first).to_have_text("Typ")


def test_keyboard_only(page: Page, server: str) -> None:
    page.goto(server + "/fi/")
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "header-q":
            break
    assert page.evaluate("document.activeElement.id") == "header-q"
    page.keyboard.type("kokous")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fi/haku/\?q=kokous$"))
    wait_idle(page)
    assert len(result_ids(page)) >= 2
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert first != second and second.startswith("/fi/")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Enter")
    page.wait_for_url(server + first)
    expect(page.locator("h1")).to_be_visible()


def test_results_are_announced(page: Page, server: str) -> None:
    search(page, server, "/fi/haku/")
    status = page.locator("#search-status")
    expect(status).to_have_attribute("role", "status")
    page.fill("#search-q", "Haapajärvi")
    wait_idle(page)
    expect(status).to_contain_text("Haapajärvi")
    expect(status).to_have_text(re.compile(r"^\d+ tulos(ta)? haulle ”Haapajärvi”$"))


def test_without_javascript_the_page_says_so(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/sv/sok/?q=kommun")
    expect(page.locator("noscript, .notice").first).to_be_attached()
    text = page.content()
    assert "Sökningen kräver JavaScript" in text
    assert 'href="../natverk/"' in text
    expect(page.locator("#search-ui")).to_be_hidden()
    context.close()
