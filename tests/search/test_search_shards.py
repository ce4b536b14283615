"""The search index in shards, through ``rekisteri build`` and the search page in Chromium.

``REKISTERI_SEARCH_SHARD_ITEMS`` gives the small shipped register several shards, as a
register of thousands of items has; the same register with one shard is what one Pagefind
index gives, the yardstick for results and their order."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from ..commands.serving import Serve
from ..conftest import REPO, serving
from .test_search_bundle import Wrapper, snapshot
from .test_search_bundle import rekisteri as run_rekisteri
from .test_search_recall import load_queries

SEVERAL = "3"  # items per shard: the shipped register's 12 items make 4 shards
SEARCH_PAGES = {"fi": "/fi/haku/", "sv": "/sv/sok/"}


def rekisteri(*arguments: str | Path, per_shard: str | None = None, pagefind: Path | None = None) -> None:
    result = run_rekisteri(*arguments, pagefind=pagefind, per_shard=per_shard, timeout=300)
    assert result.returncode == 0, result.stderr


def copy_of_shipped(folder: Path) -> Path:
    """The same input each time: modification times too, which date pages outside git."""
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copy2(REPO / "pyproject.toml", folder)
    return folder


def shards_of(out: Path) -> list[dict[str, object]]:
    shards: list[dict[str, object]] = json.loads((out / "pagefind/shards.json").read_bytes())["shards"]
    return shards


# --- the bundle ---------------------------------------------------------------------------


@pytest.mark.parametrize("per_shard", [None, SEVERAL])
def test_two_identical_builds_give_identical_bundles(tmp_path: Path, per_shard: str | None) -> None:
    bundles = []
    for run in ("first", "second"):
        root = copy_of_shipped(tmp_path / run)
        rekisteri("build", "--root", root, "--no-cache", per_shard=per_shard)
        bundles.append(snapshot(root / "build/pagefind"))
    assert bundles[0] == bundles[1]
    assert len(json.loads(bundles[0]["shards.json"] or b"")["shards"]) == (1 if per_shard is None else 4)


def test_an_edit_indexes_only_its_shard_and_equals_a_clean_build(tmp_path: Path) -> None:
    wrapper = Wrapper(tmp_path, "entry", broken="False")  # counts the Pagefind runs, breaks nothing
    root = copy_of_shipped(tmp_path / "register")
    rekisteri("build", "--root", root, per_shard=SEVERAL, pagefind=wrapper.path)
    assert wrapper.calls == 4
    before = shards_of(root / "build")

    network = root / "content/fi/networks/digisumpit.md"
    network.write_text(network.read_text(encoding="utf-8") + "\nKuplavesikaivo.\n", encoding="utf-8")
    rekisteri("build", "--root", root, per_shard=SEVERAL, pagefind=wrapper.path)
    assert wrapper.calls == 5
    after = shards_of(root / "build")
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1

    clean = tmp_path / "clean"
    rekisteri("build", "--root", root, "--no-cache", "--out", clean, per_shard=SEVERAL)
    assert snapshot(root / "build/pagefind") == snapshot(clean / "pagefind")


def test_a_damaged_word_form_cache_is_made_again(tmp_path: Path) -> None:
    root = copy_of_shipped(tmp_path / "register")
    cache = root / ".cache/rekisteri/wordforms.sqlite"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a database at all" * 100)
    rekisteri("build", "--root", root)
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM forms").fetchone()[0] > 1000
    made = snapshot(root / "build/pagefind")

    again = tmp_path / "again"
    rekisteri("build", "--root", root, "--out", again, "--force")  # every analysis from the cache
    assert snapshot(again / "pagefind") == made


# --- results in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The shipped register built with one shard and with four, both served."""
    folder = tmp_path_factory.mktemp("shards")
    one, several = copy_of_shipped(folder / "one"), copy_of_shipped(folder / "several")
    rekisteri("build", "--root", one, "--no-cache")
    rekisteri("build", "--root", several, "--no-cache", per_shard=SEVERAL)
    assert len(shards_of(several / "build")) == 4
    with serving(one / "build") as single, serving(several / "build") as sharded:
        yield {"single": single, "sharded": sharded}


def results(page: Page, url: str) -> list[tuple[str, str]]:
    """Every result of the search at ``url`` as (link, entry line), in the order shown."""
    page.goto(url)
    page.wait_for_selector("#search[data-busy=false][data-searches]")
    while page.is_visible("#search-more"):
        shown = page.locator("li.result").count()
        page.click("#search-more")
        while page.locator("li.result").count() == shown:  # (the CSP forbids wait_for_function's eval)
            page.wait_for_timeout(20)
    rows: list[tuple[str, str]] = page.eval_on_selector_all(
        "li.result",
        "items => items.map(i => [i.querySelector('h2 a').getAttribute('href'),"
        " i.querySelector('.entry-meta').textContent])",
    )
    return rows


def test_sharded_results_are_those_of_one_index(browser: Browser, two_sites: dict[str, str]) -> None:
    """Exact queries and filters give one index's results, in its date order (relevance
    ranks within each shard, so that order may differ).  Prefix
    queries find every result one index finds; a shard without any word that starts with a
    query falls back to a shorter word (Pagefind's own rule, per shard), so they may find
    more (docs/performance.md)."""
    context = browser.new_context()
    page = context.new_page()
    queries = load_queries()
    searches = [SEARCH_PAGES[q["lang"]] + "?q=" + quote(f'"{q["query"]}"') for q in queries]
    searches += [f"{SEARCH_PAGES[lang]}?kind={kind}" for lang, kind in (("fi", "Verkosto"), ("sv", "Nätverk"))]
    found = 0
    for path in searches:  # the date order shows the set of results too
        sorts = ("&sort=date-desc", "&sort=date-asc") if "kind=" in path else ("&sort=date-desc",)
        for sort in sorts:
            single = results(page, two_sites["single"] + path + sort)
            assert results(page, two_sites["sharded"] + path + sort) == single, (path, sort)
            found += bool(single)
    for query in queries:
        path = SEARCH_PAGES[query["lang"]] + "?q=" + quote(query["query"])
        one = {tuple(row) for row in results(page, two_sites["single"] + path)}
        assert one <= {tuple(row) for row in results(page, two_sites["sharded"] + path)}, query
    context.close()
    assert found >= 30


def test_date_order_is_the_order_pagefind_gives_one_index(browser: Browser, two_sites: dict[str, str]) -> None:
    """The search page sorts by date itself; on one index that is Pagefind's own date order
    (meetings: their entry line shows the very date they are sorted by)."""
    context = browser.new_context()
    page = context.new_page()
    for direction in ("desc", "asc"):
        ours = results(page, f"{two_sites['single']}/fi/haku/?kind=Kokous&sort=date-{direction}")
        native = page.evaluate(
            """async (direction) => {
              const pagefind = await import("/pagefind/pagefind.js");
              const filters = { kind: { any: ["Kokous"] } };
              const search = await pagefind.search(null, { filters, sort: { date: direction } });
              const data = await Promise.all(search.results.map((result) => result.data()));
              return data.map((item) => item.meta.date);
            }""",
            direction,
        )
        assert len(native) >= 2
        assert [line.split(" · ")[1] for _, line in ours] == native
    context.close()


def wait_for_search_builds(served: Serve, count: int) -> None:
    deadline = time.monotonic() + 120
    while int(served.status()["search_builds"]) < count:  # type: ignore[call-overload]
        assert time.monotonic() < deadline, "the search index was not refreshed"
        time.sleep(0.1)


def test_an_edit_in_serve_indexes_only_its_shard(tmp_path: Path) -> None:
    wrapper = Wrapper(tmp_path, "entry", broken="False")  # counts the Pagefind runs, breaks nothing
    root = copy_of_shipped(tmp_path / "register")
    environment = {"REKISTERI_PAGEFIND": str(wrapper.path), "REKISTERI_SEARCH_SHARD_ITEMS": SEVERAL}
    served = Serve.start(root, environment=environment)
    try:
        wait_for_search_builds(served, 1)
        assert wrapper.calls == 4
        before = json.loads(served.get("pagefind/shards.json")[1])["shards"]

        network = root / "content/fi/networks/digisumpit.md"
        network.write_text(network.read_text(encoding="utf-8") + "\nKuplavesikaivo.\n", encoding="utf-8")
        wait_for_search_builds(served, 2)
        assert wrapper.calls == 5
        after = json.loads(served.get("pagefind/shards.json")[1])["shards"]
        assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    finally:
        served.stop()
