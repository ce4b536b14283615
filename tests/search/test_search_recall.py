"""Recall of the Finnish and Swedish search on a fixed query set, through the real index.

Each query in ``search_queries.yaml`` runs through Pagefind in Chromium on the
language site it names; recall is the share of expected items found, over all
queries.  The figure is printed at the end of the test run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from generator.read.load import load_register

from ..conftest import REPO

QUERIES = Path(__file__).with_name("search_queries.yaml")
TARGET = 0.9
SEARCH_PAGES = {"fi": "/fi/haku/", "sv": "/sv/sok/"}

# The same path as the search page: its query rewriting, then Pagefind.
RUN_QUERY = """async ([query, module]) => {
  const pagefind = await import("/pagefind/pagefind.js");
  const { searchTerm } = await import(module);
  const search = await pagefind.search(searchTerm(query, document.documentElement.lang));
  const data = await Promise.all(search.results.map((result) => result.data()));
  return data.map((item) => item.url);
}"""


def load_queries() -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return queries


def test_query_set_is_well_formed() -> None:
    register, _ = load_register(REPO)
    queries = load_queries()
    assert len(queries) >= 40
    assert {q["lang"] for q in queries} == {"fi", "sv"}
    for query in queries:
        assert query["expect"], query
        assert set(query["expect"]) <= set(register.items), query


def test_recall(browser: Browser, server: str, built_site: Path, request: pytest.FixtureRequest) -> None:
    module = "/static/" + next((built_site / "static").glob("query.*.js")).name  # its content-hashed name
    context = browser.new_context()
    pages = {}
    for lang, path in SEARCH_PAGES.items():
        pages[lang] = context.new_page()
        pages[lang].goto(server + path)
        pages[lang].wait_for_selector("#search[data-busy=false]")
    found_total = expected_total = 0
    misses = []
    for query in load_queries():
        urls = pages[query["lang"]].evaluate(RUN_QUERY, [query["query"], module])
        found = {url.rstrip("/").rsplit("/", 1)[-1] for url in urls}
        expected = set(query["expect"])
        found_total += len(expected & found)
        expected_total += len(expected)
        if expected - found:
            misses.append(f"{query['lang']} {query['query']!r}: missed {sorted(expected - found)}")
    context.close()
    recall = found_total / expected_total
    request.config.stash[RECALL] = (recall, found_total, expected_total, misses)
    assert recall >= TARGET, "\n".join(misses)


RECALL = pytest.StashKey[tuple[float, int, int, list[str]]]()
