"""``check --format json``, warnings and ``--strict``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from generator.pages.site_urls import site_urls
from generator.read.check import check

from ..conftest import MEETING_FI, NETWORK_FI, PROJECT_FI, Run, Site


def test_json_diagnostics_have_line_and_column(cli: Callable[..., Run], site: Site) -> None:
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace("status: ended", "  # x\nstauts: ended"))
    result = cli("check", "--root", site.root, "--format", "json")
    assert result.code == 1
    problems = json.loads(result.out)
    assert len(problems) == 1, problems
    [problem] = problems
    assert problem == {
        "path": "content/fi/projects/digitaaliset-keinot.md",
        "line": 11,
        "column": 1,
        "field": "stauts",
        "message": problem["message"],
        "severity": "error",
        "code": "unknown-field",
    }
    assert problem["message"].startswith("unknown field (did you mean 'status'?)")
    site.write(
        "fi/projects/digitaaliset-keinot.md",
        PROJECT_FI.replace('phone: "0295 342 166"}', 'phone: "0295 342 166", email: x}'),
    )
    problems = json.loads(cli("check", "--root", site.root, "--format", "json").out)
    [problem] = [p for p in problems if p["path"].startswith("content/fi/")]
    assert (problem["line"], problem["field"]) == (12, "people[0].email")
    assert problem["column"] > 1


def test_clean_register_gives_an_empty_json_list(cli: Callable[..., Run], site: Site) -> None:
    result = cli("check", "--root", site.root, "--format", "json")
    assert result.code == 0 and json.loads(result.out) == []


def test_warnings_do_not_fail_unless_strict(cli: Callable[..., Run], site: Site) -> None:
    site.write(
        "fi/projects/digitaaliset-keinot.md",
        PROJECT_FI.replace("status: ended", "status: active").replace("related: [sumppi]\n", ""),
    )
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("related: [digitaaliset-keinot]\n", ""))
    site.write("fi/networks/sumppi.md", NETWORK_FI)
    result = cli("check", "--root", site.root)
    assert result.code == 0, result.err
    assert (
        "content/fi/projects/digitaaliset-keinot.md:10: warning: status: the term ended on 2020-09-30 "
        "but the status is still 'active'"
    ) in result.lines
    assert any(
        line.startswith("content/fi/networks/sumppi.md:1: warning: related: no related items") for line in result.lines
    )
    strict = cli("check", "--root", site.root, "--strict")
    assert strict.code == 1
    assert "content/fi/projects/digitaaliset-keinot.md:10: status: the term ended" in strict.err
    assert cli("build", "--root", site.root).code == 0
    assert cli("build", "--root", site.root, "--strict").code == 1


def test_future_meeting_with_minutes(site: Site) -> None:
    site.write(
        "fi/meetings/kokous-2021.md",
        MEETING_FI.replace(
            "related: [digitaaliset-keinot]",
            "related: [digitaaliset-keinot]\ndocuments:\n  - {title: Pöytäkirja, type: minutes, href: 'https://example.fi/p.pdf'}",
        ),
    )
    past = check(site.root, site_urls, today=dt.date(2022, 1, 1)).diagnostics
    future = check(site.root, site_urls, today=dt.date(2021, 1, 1)).diagnostics
    assert not [d for d in past if d.field.startswith("documents")]
    [warning] = [d for d in future if d.field.startswith("documents")]
    assert warning.message == "minutes ('Pöytäkirja') of a meeting that is still to come (2021-10-25)"
    assert (warning.line, warning.field) == (11, "documents[0]")


def test_item_pages_show_last_updated_and_edit_link(cli: Callable[..., Run], site: Site) -> None:
    import os
    import subprocess

    from bs4 import BeautifulSoup

    def meta(path: str) -> str:
        page = BeautifulSoup((site.out / path).read_text(), "html.parser")
        found = page.find(class_="page-meta")
        return found.get_text(" ", strip=True) if found else ""

    sumppi = site.root / "content/fi/networks/sumppi.md"
    os.utime(sumppi, (1_700_000_000, 1_700_000_000))  # 2023-11-14, no git yet: the file's time
    assert cli("build", "--root", site.root).code == 0
    assert meta("fi/verkostot/sumppi/index.html") == "Päivitetty: 14.11.2023"

    def git(*arguments: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=E", "-c", "user.email=e@x", *arguments],
            cwd=site.root,
            check=True,
            capture_output=True,
            env={**os.environ, **dict.fromkeys(("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"), "2024-03-01T12:00:00+02:00")},
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "register")
    settings = site.root / "pyproject.toml"
    settings.write_text(
        settings.read_text().replace(
            "[tool.rekisteri]\n", '[tool.rekisteri]\nrepository_url = "https://github.com/example/register"\n'
        )
    )
    assert cli("build", "--root", site.root).code == 0
    assert meta("sv/natverk/sumppi/index.html").startswith("Uppdaterad: 1 mars 2024")
    page = BeautifulSoup((site.out / "fi/verkostot/sumppi/index.html").read_text(), "html.parser")
    edit = page.find("a", string="Muokkaa tätä sivua")
    assert edit is not None
    assert edit["href"] == "https://github.com/example/register/edit/main/content/fi/networks/sumppi.md"
