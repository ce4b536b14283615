"""Drafts (``draft: true``) through the installed command: left out of ``build``, listed by
``check``, previewed by ``serve`` with a banner; and ``new``'s placeholders kept out of print."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.build.site import SiteBuilder
from generator.read import placeholders
from generator.read.placeholders import PERSON, SUMMARY, TITLE, WRITE_HERE

from ..accessibility import assert_no_violations
from ..commands.serving import Serve
from ..conftest import MEETING_FI, NETWORK_FI, PROJECT_FI, PROJECT_SV, Site

EXECUTABLE = Path(sys.executable).with_name("rekisteri")
SECRET_ID = "salainen-hanke"
SECRET_TITLE = "Salainen luonnoshanke"
SECRET = f"""\
---
draft: true
title: {SECRET_TITLE}
summary: Vielä kesken.
project_number: VM001:00/2024
category: study
appointed_by: vm
appointed_on: 2024-01-02
term: {{start: 2024-01-02}}
status: planned
---
Keskeneräinen teksti.
"""
LINK = f"Katso [luonnos](../projects/{SECRET_ID}.md)."
NETWORK_FI_WITH_LINK = NETWORK_FI.replace("Verkoston kuvaus.", f"Verkoston kuvaus.\n\n{LINK}")


def rekisteri(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), *(str(a) for a in arguments)], capture_output=True, text=True, timeout=300, check=False
    )


def every_file_text(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every built file as text, the search index's gzipped files unpacked."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", "replace")


def test_a_draft_item_is_in_no_built_file_and_links_to_it_are_left_out(site: Site) -> None:
    site.write(f"fi/projects/{SECRET_ID}.md", SECRET)
    site.write(f"sv/projects/{SECRET_ID}.md", SECRET.replace(SECRET_TITLE, "Hemligt utkast"))
    meeting = site.write(
        "fi/meetings/kokous-2021.md", MEETING_FI.replace("[digitaaliset-keinot]", f"[digitaaliset-keinot, {SECRET_ID}]")
    )
    built = rekisteri("build", "--root", site.root, "--no-cache")
    assert built.returncode == 0, built.stderr
    line = meeting.read_text().splitlines().index(f"related: [digitaaliset-keinot, {SECRET_ID}]") + 1
    assert (
        f"content/fi/meetings/kokous-2021.md:{line}: warning: related[1]: '{SECRET_ID}' is a draft; "
        "the link to it is left out until it is published"
    ) in built.stderr
    files = list(every_file_text(site.out))
    assert any(path.name == "sitemap.xml" for path, _ in files) and any("pagefind" in str(p) for p, _ in files)
    for path, text in files:
        for secret in (SECRET_ID, SECRET_TITLE, "Hemligt utkast", "Keskeneräinen"):
            assert secret not in text, f"{secret} in {path}"
    # The meeting's page still links the published item it names.
    page = BeautifulSoup((site.out / "fi/kokoukset/kokous-2021/index.html").read_text(), "html.parser")
    assert [a["href"] for a in page.select("a[href*='digitaaliset-keinot']")]

    # --strict makes the warning fail the build; the notices never do.
    strict = rekisteri("check", "--root", site.root, "--strict")
    assert strict.returncode == 1 and f"related[1]: '{SECRET_ID}' is a draft" in strict.stderr

    # Published, the item appears everywhere it was missing.
    site.write(f"fi/projects/{SECRET_ID}.md", SECRET.replace("draft: true\n", ""))
    site.write(f"sv/projects/{SECRET_ID}.md", SECRET.replace("draft: true\n", "").replace(SECRET_TITLE, "Hemligt"))
    again = rekisteri("build", "--root", site.root)
    assert again.returncode == 0, again.stderr
    assert "is a draft" not in again.stderr
    assert f"hankkeet/{SECRET_ID}/" in (site.out / "fi/kokoukset/kokous-2021/index.html").read_text()
    assert SECRET_ID in (site.out / "data/register.json").read_text()
    assert SECRET_ID in (site.out / "sitemap.xml").read_text()


def test_a_draft_swedish_version_gives_the_same_pages_as_no_swedish_file(site: Site, tmp_path: Path) -> None:
    site.remove("sv/projects/digitaaliset-keinot.md")
    without = tmp_path / "without"
    assert rekisteri("build", "--root", site.root, "--out", without, "--no-search").returncode == 0
    site.write("sv/projects/digitaaliset-keinot.md", "---\ndraft: true\n" + PROJECT_SV.removeprefix("---\n"))
    draft = tmp_path / "draft"
    built = rekisteri("build", "--root", site.root, "--out", draft, "--no-search")
    assert built.returncode == 0, built.stderr
    for page in ("sv/projekt/digitaaliset-keinot/index.html", "fi/hankkeet/digitaaliset-keinot/index.html"):
        assert (draft / page).read_bytes() == (without / page).read_bytes(), page
    swedish = BeautifulSoup((draft / "sv/projekt/digitaaliset-keinot/index.html").read_text(), "html.parser")
    assert swedish.select_one("article")["lang"] == "fi"  # the Finnish text, marked as such
    assert "Digitala medel" not in (draft / "sv/projekt/index.html").read_text()
    assert "Luonnos" not in (draft / "fi/hankkeet/digitaaliset-keinot/index.html").read_text()
    # Every file but the translation status, the overview's translation coverage and open data (which
    # say "draft" for "missing") is the same.
    differing = {
        str(path.relative_to(draft))
        for path in draft.rglob("*")
        if path.is_file() and path.read_bytes() != (without / path.relative_to(draft)).read_bytes()
    }
    allowed = {
        "fi/kaannokset/index.html",
        "sv/oversattningar/index.html",
        "fi/yleiskuva/index.html",
        "sv/oversikt/index.html",
        "data/register.json",
        ".rekisteri-build",
    }
    assert differing <= allowed, differing


def test_check_lists_drafts_as_notices_that_never_fail(site: Site) -> None:
    path = site.write(f"fi/projects/{SECRET_ID}.md", SECRET)
    checked = rekisteri("check", "--root", site.root, "--strict")
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines() == [
        f"content/fi/projects/{SECRET_ID}.md:2: notice: draft: not published: left out of the site "
        "until 'draft: true' is removed ('rekisteri serve' shows it)"
    ]
    as_json = rekisteri("check", "--root", site.root, "--strict", "--format", "json")
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout) == [
        {
            "path": f"content/fi/projects/{SECRET_ID}.md",
            "line": 2,
            "column": 0,
            "field": "draft",
            "message": "not published: left out of the site until 'draft: true' is removed "
            "('rekisteri serve' shows it)",
            "severity": "notice",
            "code": "draft",
        }
    ]
    # A draft is validated like any file: publishing it is removing one line, nothing more.
    path.write_text(SECRET.replace("appointed_on: 2024-01-02", "appointed_on: 2.1.2024"))
    broken = rekisteri("check", "--root", site.root)
    assert broken.returncode == 1
    assert f"content/fi/projects/{SECRET_ID}.md:8: appointed_on: write dates as YYYY-MM-DD: 2024-01-02" in broken.stderr
    assert "1 error in 1 file" in broken.stderr  # the notice is no warning


def test_a_published_version_cannot_lean_on_facts_written_only_in_a_draft(site: Site) -> None:
    """The draft is left out as if it did not exist: neutral facts only it holds are missing."""
    site.write("fi/projects/digitaaliset-keinot.md", "---\ndraft: true\n" + PROJECT_FI.removeprefix("---\n"))
    checked = rekisteri("check", "--root", site.root)
    assert checked.returncode == 1
    assert (
        "content/sv/projects/digitaaliset-keinot.md:1: project_number: required field is missing "
        "(written only in the draft content/fi/projects/digitaaliset-keinot.md, which is not published)"
    ) in checked.stderr
    # The preview has both files, so serve would show it; the published build refuses it.
    assert rekisteri("build", "--root", site.root).returncode == 1
    assert not site.out.exists()


def test_draft_field_is_in_the_json_schema(tmp_path: Path) -> None:
    assert rekisteri("schema", "--out", tmp_path).returncode == 0
    for kind in ("project", "meeting", "network"):
        schema = json.loads((tmp_path / f"{kind}.schema.json").read_text())
        assert schema["properties"]["draft"]["type"] == "boolean"
        assert "left out of the published site" in schema["properties"]["draft"]["description"]
        assert "draft" not in schema["required"]


# --- rekisteri new and its placeholders -------------------------------------------------


def test_new_writes_a_draft_whose_placeholders_are_errors_once_published(site: Site) -> None:
    made = rekisteri("new", "project", "uusi-hanke", "--root", site.root)
    assert made.returncode == 0, made.stderr
    path = site.root / "content/fi/projects/uusi-hanke.md"
    text = path.read_text()
    assert "\ndraft: true\n" in text
    fine = rekisteri("check", "--root", site.root, "--strict")
    assert fine.returncode == 0, fine.stderr
    assert "notice: draft:" in fine.stderr

    path.write_text(text.replace("draft: true\n", ""))
    lines = path.read_text().splitlines()

    def line_of(start: str) -> int:
        return next(number for number, line in enumerate(lines, 1) if line.startswith(start))

    failed = rekisteri("check", "--root", site.root)
    assert failed.returncode == 1
    placeholder = "still the placeholder from 'rekisteri new'; write the real value or keep 'draft: true'"
    body_lines = [number for number, line in enumerate(lines, 1) if line == "Kirjoita tähän."]
    assert len(body_lines) == 3
    expected = [
        f"content/fi/projects/uusi-hanke.md:{line_of('title:')}: title: {placeholder}",
        f"content/fi/projects/uusi-hanke.md:{line_of('summary:')}: summary: {placeholder}",
        f"content/fi/projects/uusi-hanke.md:{line_of('project_number:')}: project_number: {placeholder}",
        *(f"content/fi/projects/uusi-hanke.md:{n}: body: {placeholder}" for n in body_lines),
    ]
    for one in expected:
        assert one in failed.stderr.splitlines(), (one, failed.stderr)
    assert f"{len(expected)} errors in 1 file" in failed.stderr
    assert "Traceback" not in failed.stderr

    network = rekisteri("new", "network", "uusi-verkosto", "--lang", "sv", "--root", site.root)
    assert network.returncode == 0
    network_path = site.root / "content/sv/networks/uusi-verkosto.md"
    # The editor publishes it with the people example uncommented but not filled in.
    text = network_path.read_text().replace("draft: true\n", "").replace("# people:\n#   - ", "people:\n  - ", 1)
    network_path.write_text(text)
    person = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("  - {name:"))
    failed = rekisteri("check", "--root", site.root)
    assert f"content/sv/networks/uusi-verkosto.md:{person}: people[0].name: {placeholder}" in failed.stderr


def test_placeholders_of_either_language_are_caught_in_a_published_file(site: Site) -> None:
    """Stand-ins copied from the other language's scaffold (a Swedish file started from a
    Finnish one, say) are found as surely as the file's own language's."""
    project = PROJECT_FI.replace("title: Digitaaliset keinot", f"title: {TITLE[('projects', 'sv')]}")
    project = project.replace("\n---\n", f"\n---\n{WRITE_HERE['sv']}\n", 1)
    site.write("fi/projects/digitaaliset-keinot.md", project)
    network = NETWORK_FI.replace("summary: Viikoittainen etätilaisuus.", f"summary: {SUMMARY['sv']}")
    network = network.replace("name: Elisa Kettunen", f"name: {PERSON['sv']}")
    site.write("sv/networks/natverket.md", network.replace("title: Sumppi", f"title: {TITLE[('networks', 'fi')]}"))
    site.write("sv/meetings/motet.md", MEETING_FI.replace("Henrik Haapajärvi", PERSON["fi"]))
    failed = rekisteri("check", "--root", site.root, "--format", "json")
    assert failed.returncode == 1
    found = {
        (d["path"], d["field"])
        for d in json.loads(failed.stdout)
        if d["message"] == "still the placeholder from 'rekisteri new'; write the real value or keep 'draft: true'"
    }
    assert found == {
        ("content/fi/projects/digitaaliset-keinot.md", "title"),
        ("content/fi/projects/digitaaliset-keinot.md", "body"),
        ("content/sv/networks/natverket.md", "title"),
        ("content/sv/networks/natverket.md", "summary"),
        ("content/sv/networks/natverket.md", "people[0].name"),
        ("content/sv/meetings/motet.md", "people[0].name"),
    }


def test_every_languages_placeholders_are_known() -> None:
    for lang in ("fi", "sv"):
        data = {"title": TITLE[("meetings", lang)], "people": [{"name": PERSON[lang]}], "tags": [SUMMARY[lang]]}
        found = [loc for loc, _ in placeholders.in_frontmatter(data)]
        assert found == [("title",), ("people", 0, "name"), ("tags", 0)]
        assert list(placeholders.in_body(f"## Otsikko\n\n{WRITE_HERE[lang]}\n")) == [2]
    assert list(placeholders.in_frontmatter({"title": "Förnamn", "summary": "Skriv"})) == []


# --- serve previews drafts ----------------------------------------------------------------


@pytest.fixture
def served(site: Site) -> Iterator[tuple[str, Site]]:
    site.write(f"fi/projects/{SECRET_ID}.md", SECRET)
    site.write("sv/projects/digitaaliset-keinot.md", "---\ndraft: true\n" + PROJECT_SV.removeprefix("---\n"))
    running = Serve.start(site.root)
    try:
        yield running.url, site
    finally:
        running.stop()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode())


def test_serve_shows_drafts_with_a_banner(served: tuple[str, Site]) -> None:
    url, _ = served
    finnish = BeautifulSoup(fetch(url + f"fi/hankkeet/{SECRET_ID}/"), "html.parser")
    banner = finnish.select_one(".notice-draft")
    assert banner is not None and banner.get_text(" ", strip=True).startswith("Luonnos")
    assert finnish.select_one("h1").get_text() == SECRET_TITLE
    fallback = BeautifulSoup(fetch(url + f"sv/projekt/{SECRET_ID}/"), "html.parser")
    assert fallback.select_one(".notice-draft").get_text(" ", strip=True).startswith("Utkast")
    # The Swedish draft of a published item: its own text, with the banner; the Finnish page has none.
    swedish = BeautifulSoup(fetch(url + "sv/projekt/digitaaliset-keinot/"), "html.parser")
    assert swedish.select_one("h1").get_text() == "Digitala medel"
    assert swedish.select_one(".notice-draft") is not None
    assert (
        BeautifulSoup(fetch(url + "fi/hankkeet/digitaaliset-keinot/"), "html.parser").select_one(".notice-draft")
        is None
    )
    assert SECRET_TITLE in fetch(url + "fi/hankkeet/")  # a preview lists it too


def test_draft_banner_has_no_axe_violations(served: tuple[str, Site], browser: Browser) -> None:
    url, _ = served
    for path in (f"fi/hankkeet/{SECRET_ID}/", "sv/projekt/digitaaliset-keinot/"):
        page = browser.new_page()
        try:
            page.goto(url + path)
            assert page.locator(".notice-draft").is_visible()
            assert_no_violations(page)
        finally:
            page.close()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".rekisteri-build"
    }


@pytest.mark.parametrize("publish", [True, False], ids=["draft published", "item made a draft"])
def test_an_incremental_build_after_a_draft_changes_equals_a_full_build(
    site: Site, tmp_path: Path, publish: bool
) -> None:
    """The cached build continues from the last one; a draft going in or out must reach every
    page that names it (the meeting's related links), as a clean build would."""
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("[digitaaliset-keinot]", f"[{SECRET_ID}]"))
    path = site.write(f"fi/projects/{SECRET_ID}.md", SECRET if publish else SECRET.replace("draft: true\n", ""))
    assert rekisteri("build", "--root", site.root, "--no-search").returncode == 0
    path.write_text(SECRET.replace("draft: true\n", "") if publish else SECRET)
    incremental = rekisteri("build", "--root", site.root, "--no-search", "-v")
    assert incremental.returncode == 0, incremental.stderr
    clean = tmp_path / "clean"
    assert rekisteri("build", "--root", site.root, "--out", clean, "--no-search", "--no-cache").returncode == 0
    assert _tree(site.out) == _tree(clean)
    meeting = (site.out / "fi/kokoukset/kokous-2021/index.html").read_text()
    assert (f"hankkeet/{SECRET_ID}/" in meeting) is publish


@pytest.mark.parametrize("drafts", [True, False], ids=["preview", "published"])
def test_rebuilds_that_toggle_a_draft_equal_full_builds(site: Site, drafts: bool) -> None:
    """The same through the engine as serve drives it (watched paths, files deferred)."""
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("[digitaaliset-keinot]", f"[{SECRET_ID}]"))
    path = site.write(f"fi/projects/{SECRET_ID}.md", SECRET)
    builder = SiteBuilder(site.root, drafts=drafts)
    assert builder.rebuild().ok
    for text in (SECRET.replace("draft: true\n", ""), SECRET):
        path.write_text(text)
        assert builder.rebuild([path], watched=True, defer_files=True).ok
        builder.finish()
        fresh = SiteBuilder(site.root, drafts=drafts)
        assert fresh.rebuild().ok
        assert builder.files == fresh.files


def test_a_body_link_from_a_published_page_to_a_draft_is_an_error(site: Site) -> None:
    """The link would be rendered to a page that the published site does not have."""
    back = SECRET.replace("Keskeneräinen teksti.", "[Sumppi](../networks/sumppi.md)")
    site.write(f"fi/projects/{SECRET_ID}.md", back)
    network = site.write("fi/networks/sumppi.md", NETWORK_FI_WITH_LINK)
    line = NETWORK_FI_WITH_LINK.splitlines().index(LINK) + 1
    checked = rekisteri("check", "--root", site.root)
    assert checked.returncode == 1
    assert (
        f"content/fi/networks/sumppi.md:{line}: body: '../projects/{SECRET_ID}.md': '{SECRET_ID}' is a draft, "
        "not published; publish it first or link to it later"
    ) in checked.stderr.splitlines()
    assert "1 error in 1 file" in checked.stderr  # the draft's own link to a published page is fine
    network.write_text(NETWORK_FI_WITH_LINK.replace("status: active", "status: active\ndraft: true"))
    assert rekisteri("check", "--root", site.root).returncode == 0  # a draft may link to a draft
    network.write_text(NETWORK_FI_WITH_LINK)
    site.write(f"fi/projects/{SECRET_ID}.md", back.replace("draft: true\n", ""))
    assert rekisteri("build", "--root", site.root, "--no-search").returncode == 0
    assert f"hankkeet/{SECRET_ID}/" in (site.out / "fi/verkostot/sumppi/index.html").read_text()
