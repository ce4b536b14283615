"""Accessibility checks in Chromium, made the same way by every browser test: axe-core for
WCAG 2.1 A and AA, and reflow (WCAG 1.4.10 and 1.4.4) at phone width and at 200 % text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from axe_playwright_python.sync_playwright import Axe

from .conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTIFACTS = REPO / "test-artifacts"

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_no_violations(page: Page) -> None:
    """The page as it stands now has no WCAG 2.1 A/AA violation axe can find."""
    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, (page.url, results.generate_snapshot())


def assert_enough_contrast(page: Page) -> None:
    """Only the colour-contrast rule: for checking each colour scheme."""
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    assert results.violations_count == 0, (page.url, results.generate_snapshot())


def settle(page: Page) -> None:
    """Until the search page has shown its results (other pages are ready when loaded)."""
    if page.locator("#search").count():
        page.wait_for_selector("#search[data-busy=false]")


def assert_reflows(browser: Browser, url: str, path: str) -> None:
    """No sideways scrolling at 320 px, nor at 1280 px with text at 200 %; a screenshot of each
    width goes to test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"
    for width in (320, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(url + path)
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        if width == 1280:  # text at 200 %: WCAG 1.4.4
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, "200 %")
        context.close()
