"""The command's own words in the editor's language: the summary lines, the severity words,
the translator's report, ``mark`` and ``serve``'s browser texts.  What tools read stays as
it is in every language: JSON keys and state names, paths, field names, option names."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.commands.serve import live_texts
from generator.livereload.server import LiveReloadServer
from generator.text.editor import LOCALES, use_language

from ..conftest import NETWORK_FI, Run, Site

SV = "sv/projects/digitaaliset-keinot.md"


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("en", "rekisteri: 2 errors in 1 file"),
        ("fi", "rekisteri: 2 virhettä 1 tiedostossa"),
        ("sv", "rekisteri: 2 fel i 1 fil"),
    ],
)
def test_the_summary_counts_in_the_editors_language(
    cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch, lang: str, summary: str
) -> None:
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("status: active", "status: [a, b]\nwebsite: 12"))
    monkeypatch.setenv("REKISTERI_LANG", lang)
    result = cli("check", "--root", site.root)
    assert result.code == 1
    assert result.err.splitlines()[-1] == summary
    assert all(line.startswith("content/fi/networks/sumppi.md:") for line in result.err.splitlines()[:-1])


@pytest.mark.parametrize(("lang", "label"), [("en", "warning"), ("fi", "varoitus"), ("sv", "varning")])
def test_warnings_are_labelled_in_the_editors_language(
    cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch, lang: str, label: str
) -> None:
    (site.root / "pyproject.toml").unlink()
    monkeypatch.setenv("REKISTERI_LANG", lang)
    result = cli("check", "--root", site.root)
    assert result.code == 0
    assert result.err.startswith(f"pyproject.toml: {label}: ")
    ok = {"en": "rekisteri: 3 items OK", "fi": "rekisteri: 3 kohdetta kunnossa", "sv": "rekisteri: 3 poster i ordning"}
    assert result.out == ok[lang] + "\n"


def test_the_translators_report_speaks_finnish_and_tools_get_the_same_data(
    cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = json.loads(cli("translations", "--root", site.root, "--format", "json").out)
    monkeypatch.setenv("REKISTERI_LANG", "fi")
    table = cli("translations", "--root", site.root, "--lang", "sv")
    assert table.code == 0
    lines = table.out.splitlines()
    assert lines[0].split() == ["laji", "tunnus", "FI", "SV", "tila", "alkaen", "ikä", "kuka"]
    assert "fi: ajan tasalla 3/3 kohdetta (100 %)" in lines
    assert "sv: ajan tasalla 0/3 kohdetta (0 %)" in lines
    assert any(line.split()[1:5] == ["kokous-2021", "alkuperäinen", "puuttuu", "puuttuu"] for line in lines)
    translated = json.loads(cli("translations", "--root", site.root, "--format", "json").out)
    # Keys, states, ids and dates are data; only the note, a sentence, is in the editor's language.
    assert [{k: v for k, v in row.items() if k != "note"} for row in translated] == [
        {k: v for k, v in row.items() if k != "note"} for row in english
    ]
    assert {row["note"] for row in translated} - {""} <= {"lähdetiedoston päiväys", "lähdeteksti lisätty"}

    failing = cli("translations", "--root", site.root, "--fail-on", "missing")
    assert (failing.code, failing.err) == (1, "rekisteri: 2 kohdetta tilassa: puuttuu\n")


def test_mark_speaks_swedish(cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REKISTERI_LANG", "sv")
    path = site.root / "content" / SV
    marked = cli("translations", "--root", site.root, "mark", path)
    assert marked.code == 0
    assert marked.out.startswith(f"content/{SV}: translation_of: ")
    assert marked.out.endswith("(den nuvarande texten i content/fi/projects/digitaaliset-keinot.md)\n")
    again = cli("translations", "--root", site.root, "mark", path)
    assert again.out == (
        f"content/{SV}: är redan markerad som översättning av den nuvarande versionen av "
        "content/fi/projects/digitaaliset-keinot.md\n"
    )
    lonely = cli("translations", "--root", site.root, "mark", site.root / "README.md")
    assert lonely.code == 2
    assert lonely.err == "README.md: är inte en fil för en post (content/<fi|sv>/<typ>/<id>.md)\n"


def test_serves_browser_texts_are_in_the_editors_language(tmp_path: Path) -> None:
    use_language("sv")
    server = LiveReloadServer(tmp_path, 0, dict, print, live_texts())
    server.start()
    try:
        with urllib.request.urlopen(server.url + "__rekisteri__/texts", timeout=5) as response:
            texts = json.loads(response.read())
        assert texts["lang"] == "sv"
        assert texts["problems"] == "{count} problem; de senaste fungerande sidorna visas"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url + "fi/", timeout=5)
        page = missing.value.read().decode()
        assert "<html lang='sv'>" in page and "<h1>Här finns ingen sida (ännu)</h1>" in page
    finally:
        server.stop()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_serves_terminal_lines_keep_their_colons(lang: str) -> None:
    """``serve -q`` shows the lines that have a colon (problems, the address) and hides the
    others; a translation must not move a line from one kind to the other."""
    with (LOCALES / lang / "LC_MESSAGES" / "commands.serve.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    moved = [
        message.id
        for message in catalog
        if message.id
        and any(
            (":" in english) != (":" in translated)
            for english, translated in zip(
                [message.id] if isinstance(message.id, str) else message.id,
                [message.string] if isinstance(message.string, str) else message.string,
                strict=False,
            )
        )
    ]
    assert moved == []
