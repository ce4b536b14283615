"""Dates, sorting and UI catalogs in Finnish and Swedish."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.text.i18n import date, sort_key

from ..conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from sync_catalogs import used_messages

LOCALES = REPO / "themes/default/locales"


@pytest.mark.parametrize(("lang", "expected"), [("fi", "4.5.2020"), ("sv", "4 maj 2020")])
def test_dates_are_localised(lang: str, expected: str) -> None:
    assert date(dt.date(2020, 5, 4), lang) == expected


def test_sorting_puts_a_ring_a_umlaut_o_umlaut_after_z() -> None:
    words = ["Öljy", "Zeta", "Åland", "Ääni", "apina", "Émile", "ödla", "Vesi", "Ärrä"]
    assert sorted(words, key=sort_key) == [
        "apina",
        "Émile",
        "Vesi",
        "Zeta",
        "Åland",
        "Ärrä",
        "Ääni",
        "ödla",
        "Öljy",
    ]


def test_sorting_ignores_case_and_accents_elsewhere() -> None:
    assert sorted(["b", "Á", "a", "C"], key=sort_key) == ["a", "Á", "b", "C"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_ui_string_is_translated(lang: str) -> None:
    with (LOCALES / lang / "LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = set(used_messages()) - translated
    assert not missing, f"untranslated in {lang}: {sorted(missing)}"
    assert len(translated) >= 50


def test_theme_catalog_overrides_default(tmp_path: Path) -> None:
    from generator.render.theme import load_theme

    theme_dir = tmp_path / "themes/mine"
    (theme_dir / "templates").mkdir(parents=True)
    (theme_dir / "templates/list.html").write_text("custom {{ page.title }}")
    po = theme_dir / "locales/fi/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Projects"\nmsgstr "Projektit"\n'
    )
    theme, problems = load_theme(tmp_path, "mine", ("fi", "sv"))
    assert theme is not None and not problems
    assert theme.translations["fi"].gettext("Projects") == "Projektit"
    assert theme.translations["fi"].gettext("Meetings") == "Kokoukset"  # from the default theme
    assert theme.environment.get_template("list.html").render(page={"title": "x"}) == "custom x"
