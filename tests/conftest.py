"""Shared fixtures: a small valid register to break on purpose, and a CLI runner."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from playwright.sync_api import Page as BrowserPage

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read rekisteri's English unless they ask for another language: the machine's
    locale (a Finnish developer's ``LANG``) must not change what they see.  Commands run in
    a subprocess inherit the variable; ``main()`` run in-process sets the language each time,
    and it is put back after every test."""
    from generator.text.editor import use_language

    monkeypatch.setenv("REKISTERI_LANG", "en")
    yield
    use_language("en")


ORGANISATIONS = """\
- id: lvm
  name: {fi: liikenne- ja viestintäministeriö, sv: kommunikationsministeriet}
  abbreviation: {fi: LVM, sv: KM}
  website: https://lvm.fi/
- id: vm
  name: {fi: valtiovarainministeriö, sv: finansministeriet}
"""

PROJECT_FI = """\
---
title: Digitaaliset keinot
summary: Työryhmä kokosi hyvät käytännöt.
project_number: LVM027:00/2020
case_numbers: [VN/10633/2020]
category: development
appointed_by: lvm
appointed_on: 2020-05-04
term: {start: 2020-05-04, end: 2020-09-30}
status: ended
people:
  - {name: Laura Eiro, role: contact_person, title: osastopäällikkö, organisation: lvm, phone: "0295 342 166"}
tags: [korona]
related: [sumppi]
---
## Tavoitteet

Teksti.
"""

PROJECT_SV = """\
---
title: Digitala medel
summary: Arbetsgruppen samlade goda rutiner.
people:
  - {name: Laura Eiro, role: contact_person, title: avdelningschef, organisation: lvm, phone: "0295 342 166"}
tags: [corona]
---
## Mål

Text.
"""

MEETING_FI = """\
---
title: Kansliapäälliköiden kokous
summary: Kokous käsitteli digitalisaatiota.
date: 2021-10-25
venue: Säätytalo
organiser: vm
people:
  - {name: Henrik Haapajärvi, role: participant, title: valtiosihteeri, organisation: vm}
related: [digitaaliset-keinot]
---
Kokouksen kuvaus.
"""

NETWORK_FI = """\
---
title: Sumppi
summary: Viikoittainen etätilaisuus.
organisation: vm
people: [{name: Elisa Kettunen, role: leader, organisation: vm}]
schedule: torstaisin
status: active
---
Verkoston kuvaus.
"""

#: A complete accessibility statement, so that the test register checks without warnings
#: (tests/commands/test_accessibility_statement.py takes it apart).
ACCESSIBILITY = """\
[tool.rekisteri.accessibility]
status = "partially-compliant"
assessed_on = 2026-11-02
assessment = "external-audit"
auditor = "Testiarvioijat Oy"
prepared_on = 2026-11-03
reviewed_on = 2026-11-20

[[tool.rekisteri.accessibility.non_accessible]]
what = {fi = "Kaavioiden tekstit ovat liian vaaleita.", sv = "Diagrammens texter är för ljusa."}
reason = "non-compliance"
criteria = ["1.4.3", "1.4.11"]

[[tool.rekisteri.accessibility.non_accessible]]
what = {fi = "Vanhat PDF-liitteet.", sv = "Gamla PDF-bilagor."}
reason = "out-of-scope"

[tool.rekisteri.accessibility.feedback]
email = "palaute@example.test"
form = "https://example.test/palaute"
name = {fi = "Testiyksikkö", sv = "Testenheten"}
answer_days = 10

[tool.rekisteri.accessibility.authority]
name = {fi = "Testivalvoja", sv = "Testtillsynen"}
url = {fi = "https://valvoja.example.test/fi/", sv = "https://valvoja.example.test/sv/"}
email = "valvoja@example.test"
phone = "029 534 5000"
"""

SETTINGS = (
    """\
[tool.rekisteri]
base_url = "https://example.test/"

[tool.rekisteri.title]
fi = "Testirekisteri"
sv = "Testregistret"

"""
    + ACCESSIBILITY
    + """
[tool.rekisteri.catalog]
publisher = "vm"
contact = "avoindata@example.test"
description = {fi = "Testirekisterin kuvaus.", sv = "Testregistrets beskrivning."}
"""
)


@dataclass
class Site:
    """A register on disk that a test may edit before running the CLI on it."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def remove(self, relative: str) -> None:
        (self.root / "content" / relative).unlink()

    @property
    def out(self) -> Path:
        return self.root / "build"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "register"
    root.mkdir()
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    result = Site(root)
    result.write("organisations.yaml", ORGANISATIONS)
    result.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI)
    result.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV)
    result.write("fi/meetings/kokous-2021.md", MEETING_FI)
    result.write("fi/networks/sumppi.md", NETWORK_FI)
    return result


@pytest.fixture
def shipped(tmp_path: Path) -> Site:
    """A copy of the real register, so a test can build or break it freely."""
    root = tmp_path / "shipped"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return Site(root)


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line and not line.startswith("rekisteri:")]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*arguments: str | Path) -> Run:
        code = main([str(a) for a in arguments])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


# --- the shipped register, built once, served, and a browser to read it ---------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.build.publish import build

    out = tmp_path_factory.mktemp("site") / "build"
    result = build(REPO, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.search is not None and result.search.pages > 0
    return out


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A built site over HTTP on a free loopback port while the block runs (Pagefind fetches,
    and the checker and browsers should meet pages as a host serves them, so file:// won't do)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The built shipped site over HTTP."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[BrowserPage]:
    """A fresh browser tab; any JavaScript error on it fails the test."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield tab
    context.close()
    assert not errors, errors


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Print the search recall measured by test_search_recall.py, with what it missed."""
    from .search.test_search_recall import RECALL

    if RECALL not in config.stash:
        return
    recall, found, expected, misses = config.stash[RECALL]
    terminalreporter.write_sep("-", "search recall")
    terminalreporter.write_line(f"search recall: {recall:.3f} ({found} of {expected} expected results found)")
    for miss in misses:
        terminalreporter.write_line(f"  {miss}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Point people at the screenshots the browser tests saved (test-artifacts/, git-ignored)."""
    shots = sorted((REPO / "test-artifacts").glob("*.png")) if (REPO / "test-artifacts").is_dir() else []
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if shots and reporter is not None:
        reporter.write_sep("-", "screenshots")
        reporter.write_line(f"{len(shots)} screenshots (320 px and 1280 px wide) in {REPO / 'test-artifacts'}")


def git(root: Path, *arguments: str, author: str = "Editor One", date: str | None = None) -> None:
    """A git command in a test repository, as a named editor; ``date`` is the commit's author
    and committer date (pages and feeds date a change by when it was committed)."""
    import os

    dates = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    subprocess.run(
        ["git", "-c", f"user.name={author}", "-c", "user.email=editor@example.fi", *arguments],
        cwd=root,
        check=True,
        capture_output=True,
        env={**os.environ, **dates},
    )


def build_pages(root: Path, out: Path) -> None:
    """``rekisteri build --no-search`` as an English-speaking editor runs it: most open-data and
    page tests need the built files, not the search index."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["REKISTERI_LANG"] = "en"
    executable = Path(sys.executable).with_name("rekisteri")
    done = subprocess.run(
        [str(executable), "build", "--root", str(root), "--out", str(out), "--no-search", "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
