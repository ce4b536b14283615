"""Meta descriptions cut to what search engines show, and an item without a summary described
from its body (the built pages are checked in tests/render/test_search_engines.py)."""

from __future__ import annotations

import pytest

from generator.pages.descriptions import LIMIT, first_paragraph, shorten


def test_a_short_text_is_kept_on_one_line() -> None:
    assert shorten("Kaksi  riviä\nyhdeksi.") == "Kaksi riviä yhdeksi."


@pytest.mark.parametrize("length", range(LIMIT - 12, LIMIT + 12))
def test_a_long_text_is_cut_at_a_word_with_an_ellipsis(length: int) -> None:
    text = " ".join(["sana"] * 60)[:length].strip()
    shown = shorten(text)
    assert len(shown) <= LIMIT
    if len(text) <= LIMIT:
        assert shown == text
    else:
        assert shown.endswith("\u2026") and shown.removesuffix("\u2026").split() == text.split()[: len(shown) // 5]


def test_no_punctuation_before_the_ellipsis() -> None:
    shown = shorten("x" * 150 + ", jatkuvasti pitkään")
    assert shown == "x" * 150 + "\u2026"


def test_one_word_longer_than_the_limit_is_cut_where_it_must() -> None:
    assert shorten("y" * 200) == "y" * (LIMIT - 1) + "\u2026"


def test_the_first_paragraph_as_plain_text() -> None:
    body = "## Tavoitteet\n\n- lista\n\nEnsimmäinen *kappale*, jossa [linkki](../x.md)\nja `koodia`.\n\nToinen."
    assert first_paragraph(body) == "Ensimmäinen kappale, jossa linkki ja koodia."
    assert first_paragraph("## Vain otsikko\n") == ""
