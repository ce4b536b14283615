"""Relative links as the ``url`` filter makes them: the climb to the deepest shared folder,
worked out once per page, must give the very links that segment arithmetic gives."""

from __future__ import annotations

import itertools

from generator import urls

PAGES = ["/", "/fi/", "/fi/projects/", "/fi/projects/item-1/", "/fi/projects/item-1/index.html", "/404.html"]
TARGETS = [
    "/",
    "/fi/",
    "/fi/projects/",
    "/fi/projects",  # a folder named without its slash: '..', not '../projects'
    "/fi/projects/item-1/",
    "/fi/projects/item-2/",
    "/fi/projects/item-1.json",
    "/fi/search/?q=a/b",
    "/static/style.0123.css",
    "/sv/projekt/",
    "//odd//path/",
]


def _by_segments(page: str, target: str) -> str:
    """The plain segment arithmetic the fast path must agree with."""
    base = page if page.endswith("/") else page.rsplit("/", 1)[0] + "/"
    here = base.strip("/").split("/") if base.strip("/") else []
    there = target.strip("/").split("/") if target.strip("/") else []
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:])
    if not link:
        return "./"
    return link + "/" if target.endswith("/") else link


def test_relative_links_equal_segment_arithmetic() -> None:
    for page, target in itertools.product(PAGES, TARGETS):
        assert urls.relative(page, target) == _by_segments(page, target), (page, target)


def test_relative_links_of_an_item_page() -> None:
    page = "/fi/projects/item-1/"
    assert urls.relative(page, "/fi/projects/item-2/") == "../item-2/"
    assert urls.relative(page, page) == "./"
    assert urls.relative(page, "/static/style.css") == "../../../static/style.css"
    assert urls.relative(page, "/fi/projects") == ".."  # as segment arithmetic has it
