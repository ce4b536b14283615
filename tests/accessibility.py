"""axe-core in Chromium, asked the same way by every browser test: WCAG 2.1 A and AA."""

from __future__ import annotations

from typing import TYPE_CHECKING

from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

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
