"""The web editor at /admin/, used in Chromium the way a civil servant would use it.

A register that turns the editor on (``[tool.rekisteri.cms] backend = "test-repo"``) is built
by the real ``rekisteri build`` and served over HTTP.  Sveltia CMS's ``test-repo`` backend keeps
its repository in the browser's private file storage (OPFS): each test fills it with the
register's ``content/``, edits through the Finnish interface, reads the files the editor saved
back, and puts them into a copy of the register, where the real ``rekisteri check --strict``
and ``rekisteri translations`` judge them.  Any request the admin page makes outside the site
fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from ..conftest import REPO, git, serving
from . import sveltia as cms

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = REPO / "test-artifacts"
SETTINGS_CMS = '\n[tool.rekisteri.cms]\nbackend = "test-repo"\n'


def rekisteri(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The console script, as an editor runs it, in English."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["REKISTERI_LANG"] = "en"
    return subprocess.run(
        [str(Path(sys.executable).with_name("rekisteri")), *arguments, "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def register_copy(target: Path) -> Path:
    """The shipped register with the editor turned on, committed to git."""
    target.mkdir(parents=True)
    shutil.copytree(REPO / "content", target / "content")
    settings = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    if "[tool.rekisteri.cms]" not in settings:
        settings += SETTINGS_CMS
    (target / "pyproject.toml").write_text(settings, encoding="utf-8")
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "register")
    return target


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return register_copy(tmp_path_factory.mktemp("cms") / "register")


@pytest.fixture(scope="module")
def admin(register: Path) -> Iterator[str]:
    """The built site over HTTP; its /admin/ is the editor."""
    done = rekisteri(register, "build", "--no-search", "-q")
    assert done.returncode == 0, done.stderr
    assert (register / "build" / "admin" / "index.html").is_file()
    with serving(register / "build") as url:
        yield url


@dataclass
class Editor:
    """One editor's browser tab on /admin/, and what it asked of other sites."""

    page: Page
    base: str
    outside: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def files(self) -> dict[str, str]:
        return cms.read_opfs(self.page)

    def frontmatter(self, path: str) -> dict[str, Any]:
        text = self.files()[path]
        assert text.startswith("---\n"), text[:80]
        data = yaml.safe_load(text.split("---\n", 2)[1])
        assert isinstance(data, dict)
        return data


@pytest.fixture
def editor(browser: Browser, admin: str, register: Path) -> Iterator[Editor]:
    """A Finnish-speaking editor signed in to the editor, its repository the register's content."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    seen = Editor(page, admin)
    page.on("request", lambda r: None if r.url.startswith((admin, "data:", "blob:")) else seen.outside.append(r.url))
    page.on("pageerror", lambda error: seen.problems.append(str(error)))
    page.on("console", lambda m: seen.problems.append(m.text) if m.type in ("error", "warning") else None)
    page.goto(admin + "/")  # the same origin, to fill its private file storage before the editor opens
    cms.seed_opfs(page, cms.load_tree(str(register / "content")))
    cms.open_cms(page, admin + "/admin/")
    yield seen
    context.close()
    assert seen.outside == [], f"the admin page asked other sites for {seen.outside}"
    assert seen.problems == [], seen.problems


def committed(editor: Editor, register: Path, target: Path) -> Path:
    """The register as it would be after the editor's changes were committed: every file of
    the editor's repository written over a copy of the register."""
    root = register_copy(target)
    for path, text in editor.files().items():
        destination = root / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
    return root


def assert_clean(root: Path) -> list[str]:
    """``rekisteri check --strict`` finds no error and no warning; the notices it has (a draft
    is one) are returned as "path: code"."""
    done = rekisteri(root, "check", "--strict", "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    found = json.loads(done.stdout)
    assert [d for d in found if d["severity"] != "notice"] == [], done.stdout
    return sorted(f"{d['path']}: {d['code']}" for d in found)


def states(root: Path) -> dict[tuple[str, str], str]:
    done = rekisteri(root, "translations", "--format", "json")
    assert done.returncode == 0, done.stderr
    return {(row["id"], row["lang"]): row["state"] for row in json.loads(done.stdout)}


def test_a_new_network_is_written_in_finnish_and_swedish_as_a_draft(
    editor: Editor, register: Path, tmp_path: Path
) -> None:
    page = editor.page
    cms.new_entry(page, "networks")
    cms.set_slug(page, "avoimen-datan-verkosto")
    cms.fill_field(page, "Otsikko", "Avoimen datan verkosto")
    cms.fill_field(page, "Tiivistelmä", "Verkosto kokoaa avoimen datan julkaisijat yhteen.")
    cms.set_relation(page, "Organisaatio", "valtiovarainministeriö")
    cms.set_select(page, "Tila", "Käynnissä")
    cms.fill_field(page, "Kokoontuminen", "kuukauden ensimmäisenä tiistaina")
    cms.fill_field(page, "Teksti", "Verkosto jakaa kokemuksia avoimesta datasta.")
    cms.fill_field(page, "Otsikko", "Nätverket för öppna data", "sv")
    cms.fill_field(page, "Tiivistelmä", "Nätverket samlar dem som publicerar öppna data.", "sv")
    cms.fill_field(page, "Kokoontuminen", "den första tisdagen i månaden", "sv")
    cms.fill_field(page, "Teksti", "Nätverket delar erfarenheter av öppna data.", "sv")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "cms-new-network-fi.png"))
    cms.save(page, "networks")

    finnish = editor.frontmatter("content/fi/networks/avoimen-datan-verkosto.md")
    swedish = editor.frontmatter("content/sv/networks/avoimen-datan-verkosto.md")
    assert finnish == {
        "draft": True,
        "title": "Avoimen datan verkosto",
        "summary": "Verkosto kokoaa avoimen datan julkaisijat yhteen.",
        "organisation": "vm",
        "status": "active",
        "schedule": "kuukauden ensimmäisenä tiistaina",
    }
    # The Swedish file holds its own text only: the shared facts are the Finnish file's.
    assert swedish == {
        "draft": True,
        "title": "Nätverket för öppna data",
        "summary": "Nätverket samlar dem som publicerar öppna data.",
        "schedule": "den första tisdagen i månaden",
    }
    assert "Nätverket delar erfarenheter" in editor.files()["content/sv/networks/avoimen-datan-verkosto.md"]

    root = committed(editor, register, tmp_path / "after")
    assert assert_clean(root) == [
        "content/fi/networks/avoimen-datan-verkosto.md: draft",
        "content/sv/networks/avoimen-datan-verkosto.md: draft",
    ]
    built = rekisteri(root, "build", "--no-search", "-q")
    assert built.returncode == 0, built.stderr
    assert not (root / "build" / "fi" / "verkostot" / "avoimen-datan-verkosto").exists()  # a draft
