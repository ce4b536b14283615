"""Themes as a search facet: each record carries its item's theme labels in the record's
language, and on the built shipped site the search page offers them and narrows by them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from generator.pages.planner import PagePlanner
from generator.read.load import load_register
from generator.read.model import LANGS, Register
from generator.read.settings import load_settings
from generator.render.theme import load_theme
from generator.search.records import SearchRecord, search_records
from generator.search.wordforms import WordForms
from generator.text.markdown import MarkdownRenderer

from ..conftest import REPO
from .test_search_browser import facet_count, open_facets, result_ids, search, wait_idle


@pytest.fixture(scope="module")
def register() -> Register:
    loaded, problems = load_register(REPO)
    assert not problems
    return loaded


@pytest.fixture(scope="module")
def records(register: Register) -> list[SearchRecord]:
    settings, _ = load_settings(REPO)
    theme, _ = load_theme(REPO, "default", LANGS)
    assert theme is not None
    gettexts = {lang: theme.translations[lang].gettext for lang in LANGS}
    forms = WordForms.load()
    try:
        return search_records(PagePlanner(register, settings, gettexts, MarkdownRenderer()), forms)
    finally:
        forms.close()


def test_every_record_carries_its_items_themes_in_its_language(register: Register, records: list[SearchRecord]) -> None:
    assert len(records) == 2 * len(register.items)
    for record in records:
        item = register.items[record.url.rstrip("/").rsplit("/", 1)[-1]]
        labels = sorted(register.themes[t].label.for_lang(record.lang) for t in item.data.themes)
        assert record.filters.get("theme", []) == labels, record.url
        assert ("theme" in record.filters) == bool(item.data.themes)
        for label in labels:
            assert f'data-pagefind-filter="theme:{label}"' in record.document()


def test_the_theme_facet_narrows_the_results(page: Page, server: str, register: Register) -> None:
    theme = register.themes["yhteistyo-ja-verkostot"]
    label = theme.label.fi  # "Yhteistyö ja verkostot"
    search(page, server, "/fi/haku/?q=verkostot")
    before = result_ids(page)
    open_facets(page)
    legends = [legend.inner_text() for legend in page.locator("#search-filters legend").all()]
    assert legends[:2] == ["Tyyppi", "Teema"]
    expected = [i for i in before if i in {item.id for item in register.items_with_theme(theme.id)}]
    assert 0 < len(expected) < len(before)
    assert facet_count(page, "theme", label) == len(expected)
    page.get_by_label(re.compile(f"^{label}")).check()
    wait_idle(page)
    assert sorted(result_ids(page)) == sorted(expected)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["verkostot"], "theme": [label]}
    page.go_back()
    wait_idle(page)
    assert result_ids(page) == before


def test_a_shared_url_restores_the_theme_filter_without_a_query(page: Page, server: str, register: Register) -> None:
    """Browsing by theme alone: the filter in the address, no search words."""
    theme = register.themes["koronapandemia"]
    search(page, server, f"/sv/sok/?theme={theme.label.sv}")
    expect(page.locator(f"#search-filters input[name=theme][value='{theme.label.sv}']")).to_be_checked()
    assert sorted(result_ids(page)) == sorted(item.id for item in register.items_with_theme(theme.id))
    labels = page.locator("#search-filters input[name=theme]").evaluate_all("boxes => boxes.map(b => b.value)")
    assert set(labels) == {t.label.sv for t in register.themes.values() if register.items_with_theme(t.id)}
