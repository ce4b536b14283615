"""The installed ``rekisteri`` command, run as an editor would run it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ..conftest import Site

PLANTED = {
    # file (under content/), text to replace, replacement, expected "line: field: message" fragment
    "fi/projects/digitaaliset-keinot-koronakriisin-jalkihoidossa.md": [
        (
            "appointed_on: 2020-05-04",
            "appointed_on: 4.5.2020",
            "appointed_on: write dates as YYYY-MM-DD: 2020-05-04",
        ),
        ("status: ended", "statsu: ended", "statsu: unknown field (did you mean 'status'?)"),
    ],
    "fi/networks/digisumpit.md": [
        (
            "organisation: kuntaliitto\n",
            "organisation: kuntaliito\n",
            "organisation: unknown organisation 'kuntaliito'",
        ),
    ],
    "sv/meetings/kansliapaallikoiden-ja-valtiosihteerien-kokous-2021.md": [
        (
            "venue: Ständerhuset",
            "venue: Ständerhuset\ndate: 2021-10-26",
            "date: 2021-10-26 here but 2021-10-25",
        ),
    ],
}


def rekisteri(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("rekisteri")
    return subprocess.run(
        [str(executable), *map(str, arguments)], capture_output=True, text=True, timeout=120, check=False
    )


def test_check_on_a_broken_copy_lists_every_planted_error(shipped: Site) -> None:
    expected = []
    for relative, edits in PLANTED.items():
        path = shipped.root / "content" / relative
        text = path.read_text(encoding="utf-8")
        for old, new, message in edits:
            assert old in text, (relative, old)
            text = text.replace(old, new, 1)
            line = next(n for n, row in enumerate(text.splitlines(), 1) if new.splitlines()[-1] in row)
            expected.append(f"content/{relative}:{line}: {message}")
        path.write_text(text, encoding="utf-8")
    result = rekisteri("check", "--root", shipped.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for wanted in expected:
        assert any(line.startswith(wanted) for line in lines), (wanted, lines)
    assert lines[-1] == "rekisteri: 4 errors in 3 files"


def test_build_writes_the_site_and_reports_it(shipped: Site) -> None:
    result = rekisteri("build", "--root", shipped.root)
    assert result.returncode == 0, result.stderr
    assert "pages" in result.stdout
    assert (shipped.out / "fi/index.html").is_file()
    assert (shipped.out / "sv/index.html").is_file()


def test_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    result = rekisteri("publish")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_register_is_a_clear_error(tmp_path: Path) -> None:
    result = rekisteri("check", "--root", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("content: content folder not found")
    assert not (tmp_path / "build").exists()


def test_a_root_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    for command in ("check", "build", "serve", "translations"):
        result = rekisteri(command, "--root", tmp_path / "typo")
        assert (result.returncode, result.stderr) == (2, f"rekisteri: --root {tmp_path / 'typo'}: no such folder\n")


def test_broken_settings_are_reported_with_their_line(site: Site) -> None:
    settings = site.root / "pyproject.toml"
    settings.write_text(settings.read_text().replace('base_url = "https://example.test/"', 'base_url = "ftp://x"'))
    result = rekisteri("build", "--root", site.root)
    assert result.returncode == 1
    assert "pyproject.toml:2: tool.rekisteri.base_url: 'ftp://x' is not an http(s) address" in result.stderr
    settings.write_text("[tool.rekisteri\n")
    result = rekisteri("check", "--root", site.root)
    assert result.returncode == 1
    assert result.stderr.startswith("pyproject.toml:1: invalid TOML")


def test_build_output_for_logs_quiet_and_verbose(site: Site) -> None:
    plain = rekisteri("build", "--root", site.root)
    assert plain.returncode == 0
    assert "rekisteri: rendering pages…" in plain.stderr  # no terminal: one line per stage, no bar
    assert "\x1b[" not in plain.stderr + plain.stdout  # and no colour codes
    verbose = rekisteri("build", "--root", site.root, "-v", "--no-cache")
    assert re.search(r"rekisteri: rendering pages: \d+\.\d\d s", verbose.stderr)
    quiet = rekisteri("build", "--root", site.root, "-q")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
