"""A person, a document's title, a milestone's title and a theme find their item: in the
index documents the build feeds Pagefind, and through the real index in Chromium.

The words below are written only in those lists, nowhere in a title, summary or body,
so a hit can come from nowhere else.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from ..conftest import MEETING_FI, NETWORK_FI, ORGANISATIONS, PROJECT_FI, PROJECT_SV, SETTINGS, serving
from .test_search_recall import RUN_QUERY, SEARCH_PAGES

EXECUTABLE = Path(sys.executable).with_name("rekisteri")

THEMES = """\
- id: vesihuolto
  label: {fi: Vesihuolto ja viemäröinti, sv: Vattenförsörjning och avlopp}
"""

RICH = """\
---
title: Uusi hanke
summary: Lyhyt kuvaus.
project_number: VM002:00/2021
category: study
appointed_by: vm
appointed_on: 2021-02-01
term: {start: 2021-02-01, end: 2021-12-31}
status: ended
themes: [vesihuolto]
people:
  - {name: Ursula Quistgaard, role: secretary, title: erikoistutkija, organisation: vm}
milestones:
  - {type: interim_report, date: 2021-06-01, reached: 2021-06-01, title: Kaukolämpöselvitys valmistui}
documents:
  - {title: Pohjavesikartoitus, type: report, href: "https://example.fi/r.pdf"}
---
Teksti ilman hakusanoja.
"""


def _run(*arguments: str | Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["REKISTERI_LANG"] = "en"
    done = subprocess.run(
        [str(EXECUTABLE), *map(str, arguments)], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rich") / "register"
    files = {
        "organisations.yaml": ORGANISATIONS,
        "themes.yaml": THEMES,
        "fi/projects/digitaaliset-keinot.md": PROJECT_FI,
        "sv/projects/digitaaliset-keinot.md": PROJECT_SV,
        "fi/meetings/kokous-2021.md": MEETING_FI,
        "fi/networks/sumppi.md": NETWORK_FI,
        "fi/projects/uusi-hanke.md": RICH,
    }
    for relative, text in files.items():
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    _run("build", "--root", root)
    return root / "build"


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    with serving(built) as url:
        yield url


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("fi", "Quistgaard"),  # a person's name
        ("sv", "Ursula Quistgaard"),
        ("fi", "erikoistutkija"),  # a person's title
        ("fi", "pohjavesikartoitus"),  # a document's title
        ("sv", "Pohjavesikartoitus"),  # the Swedish site shows the Finnish text
        ("fi", "kaukolämpöselvitys"),  # a milestone's title
        ("fi", "vesihuolto"),  # the theme's label in the page's language
        ("sv", "vattenförsörjning"),
    ],
)
def test_search_finds_the_item_by_its_lists(browser: Browser, built: Path, served: str, lang: str, query: str) -> None:
    module = "/static/" + next((built / "static").glob("query.*.js")).name  # its content-hashed name
    context = browser.new_context()
    page = context.new_page()
    page.goto(served + SEARCH_PAGES[lang])
    page.wait_for_selector("#search[data-busy=false]")
    found = [url.rstrip("/").rsplit("/", 1)[-1] for url in page.evaluate(RUN_QUERY, [query, module])]
    context.close()
    assert found == ["uusi-hanke"], (lang, query, found)


def test_index_document_lists_people_documents_milestones_and_themes(built: Path) -> None:
    """What Pagefind read: the index documents are removed after indexing, so this reads the
    same text through the records the build makes."""
    from generator.pages.planner import PagePlanner
    from generator.read.load import load_register
    from generator.read.model import LANGS
    from generator.read.settings import load_settings
    from generator.render.theme import load_theme
    from generator.search.records import search_records
    from generator.search.wordforms import WordForms
    from generator.text.markdown import MarkdownRenderer

    root = built.parent
    register, problems = load_register(root)
    assert not problems
    settings, _ = load_settings(root)
    theme, _ = load_theme(root, "default", LANGS)
    assert theme is not None
    gettexts = {lang: theme.translations[lang].gettext for lang in LANGS}
    planner = PagePlanner(register, settings, gettexts, MarkdownRenderer())
    records = {(r.lang, r.url): r for r in search_records(planner, WordForms(missing=["none"]))}
    fi = BeautifulSoup(records[("fi", "/fi/hankkeet/uusi-hanke/")].document(), "html.parser").get_text(" ")
    sv = BeautifulSoup(records[("sv", "/sv/projekt/uusi-hanke/")].document(), "html.parser").get_text(" ")
    # Each line in the page's language: the role's, the document type's and the milestone's
    # labels as the theme's catalogs give them.
    fi_, sv_ = gettexts["fi"], gettexts["sv"]
    assert f"Ursula Quistgaard {fi_('Secretary')} erikoistutkija valtiovarainministeriö" in fi
    assert f"Ursula Quistgaard {sv_('Secretary')} erikoistutkija finansministeriet" in sv
    assert f"{fi_('Report')}: Pohjavesikartoitus" in fi and f"{sv_('Report')}: Pohjavesikartoitus" in sv
    assert f"{fi_('Interim report')} Kaukolämpöselvitys valmistui" in fi
    assert "Vesihuolto ja viemäröinti" in fi and "Vattenförsörjning och avlopp" in sv
