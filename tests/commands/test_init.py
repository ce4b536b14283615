"""``rekisteri init``: a new register that works from the first command, and no harm to folders
that hold something else."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from generator.read.placeholders import PROJECT_NUMBER_PREFIX, SUMMARY, TITLE

from .test_cli import rekisteri

#: What a new register's accessibility statement lacks until its maintainers write it in.
STATEMENT_PARTS = ("status", "non_accessible", "assessed_on", "assessment", "prepared_on", "feedback", "authority")


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time: 'nothing touched' made checkable."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_init_then_check_build_new_build(tmp_path: Path) -> None:
    root = tmp_path / "registers" / "uusi"  # neither folder exists yet
    made = rekisteri("init", root)
    assert made.returncode == 0, made.stderr
    assert str(root) in made.stdout and "rekisteri new project" in made.stdout
    settings = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["rekisteri"]
    assert settings["base_url"].startswith("https://") and set(settings["title"]) == {"fi", "sv"}
    assert "# " in (root / "pyproject.toml").read_text(encoding="utf-8")  # settings are explained
    assert (root / ".gitignore").read_text(encoding="utf-8").split("\n")[1:3] == ["build/", ".cache/"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in ("rekisteri new project", "rekisteri check", "rekisteri serve", "rekisteri build"):
        assert command in readme
    for lang in ("fi", "sv"):
        for kind in ("projects", "meetings", "networks"):
            assert (root / "content" / lang / kind / ".gitkeep").is_file()

    # It checks and builds; the only warnings are the accessibility statement's parts and the open
    # data's publisher, contact and description, which only the register's maintainers can fill
    # in (the starter file explains each).
    checked = rekisteri("check", "--root", root)
    assert (checked.returncode, checked.stdout) == (0, "rekisteri: 0 items OK\n")
    warned = {line.split(": ")[2] for line in checked.stderr.splitlines()}
    catalog = {f"tool.rekisteri.catalog.{key}" for key in ("publisher", "contact", "description")}
    assert warned == {f"tool.rekisteri.accessibility.{key}" for key in STATEMENT_PARTS} | catalog, checked.stderr
    assert all(": warning: " in line for line in checked.stderr.splitlines())
    assert "# [tool.rekisteri.accessibility.feedback]" in (root / "pyproject.toml").read_text(encoding="utf-8")
    built = rekisteri("build", "--root", root)
    assert built.returncode == 0, built.stderr
    assert [line for line in built.stderr.splitlines() if "warning" in line] == checked.stderr.splitlines()
    for page in ("fi/index.html", "sv/index.html", "fi/hankkeet/index.html", "fi/avoin-data/index.html"):
        assert (root / "build" / page).is_file(), page

    # `new` runs in the register folder, as an editor following its README would.
    new = subprocess.run(
        [str(Path(sys.executable).with_name("rekisteri")), "new", "project", "x"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert new.returncode == 0, new.stderr
    path = root / "content/fi/projects/x.md"
    assert path.is_file()
    drafted = rekisteri("build", "--root", root)
    assert drafted.returncode == 0, drafted.stderr
    # `new` writes a draft: it builds, but is published only once the editor has filled it in.
    assert "content/fi/projects/x.md:3: notice: draft: not published" in drafted.stderr
    assert not (root / "build/fi/hankkeet/x").exists()
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "").replace("Kirjoita tähän.", "Teksti.")
    text = text.replace(TITLE[("projects", "fi")], "Uusi hanke").replace(SUMMARY["fi"], "Hankkeen kuvaus.")
    path.write_text(text.replace(PROJECT_NUMBER_PREFIX, "VM001:00/"), encoding="utf-8")
    rebuilt = rekisteri("build", "--root", root)
    assert rebuilt.returncode == 0, rebuilt.stderr
    page = (root / "build/fi/hankkeet/x/index.html").read_text(encoding="utf-8")
    assert "Uusi hanke" in page and "valtiovarainministeriö" in page
    assert (root / "build/sv/projekt/x/index.html").is_file()
    data = json.loads((root / "build/data/register.json").read_text(encoding="utf-8"))
    assert "x" in json.dumps(data)
    with (root / "build/data/projects.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == ["x"]


def test_init_refuses_a_folder_with_other_files_and_touches_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "muistio.txt").write_text("tärkeää", encoding="utf-8")
    (folder / "content").mkdir()
    (folder / "content" / "kuva.png").write_bytes(b"\x89PNG")
    before = _snapshot(folder)
    result = rekisteri("init", folder)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        f"rekisteri: {folder} is not empty (content, muistio.txt) and not a register; nothing changed"
    )
    assert "Traceback" not in result.stderr
    assert _snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["content", "muistio.txt"]


def test_init_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "register"
    target.write_text("not a folder", encoding="utf-8")
    result = rekisteri("init", target)
    assert result.returncode == 2
    assert result.stderr == f"rekisteri: {target} is a file, not a folder; nothing changed\n"
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_init_refuses_an_existing_register(tmp_path: Path) -> None:
    root = tmp_path / "register"
    assert rekisteri("init", root).returncode == 0
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("example.fi", "oma.fi"), encoding="utf-8")
    before = _snapshot(root)
    again = rekisteri("init", root)
    assert again.returncode == 2
    assert again.stderr == f"rekisteri: {root} is already a register; nothing changed\n"
    assert _snapshot(root) == before

    # A register made by hand, with only its organisations so far, is one too.
    (tmp_path / "by-hand" / "content").mkdir(parents=True)
    (tmp_path / "by-hand" / "content" / "organisations.yaml").write_text("[]\n", encoding="utf-8")
    assert rekisteri("init", tmp_path / "by-hand").returncode == 2
    assert not (tmp_path / "by-hand" / "pyproject.toml").exists()


def test_init_uses_an_empty_folder_and_a_fresh_git_repository(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert rekisteri("init", empty).returncode == 0
    assert (empty / "content/organisations.yaml").is_file()

    repository = tmp_path / "repository"
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    head = (repository / ".git" / "HEAD").read_bytes()
    result = rekisteri("init", repository)
    assert result.returncode == 0, result.stderr
    assert (repository / ".git" / "HEAD").read_bytes() == head
    ignored = subprocess.run(
        ["git", "-C", str(repository), "check-ignore", "build/index.html", ".cache/rekisteri/x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.split() == ["build/index.html", ".cache/rekisteri/x"]


def _in_language(lang: str, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run(
        [str(Path(sys.executable).with_name("rekisteri")), *map(str, arguments)],
        capture_output=True,
        text=True,
        env={**env, "REKISTERI_LANG": lang},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("lang", "heading", "settings_comment", "said"),
    [
        ("fi", "# Rekisterin sisältö\n", "# Tämän rekisterin julkisen sivuston asetukset.", "uusi rekisteri on luotu"),
        ("sv", "# Registrets innehåll\n", "# Inställningar för registrets offentliga webbplats.", "ett nytt register"),
    ],
)
def test_init_writes_its_files_in_the_editors_language(
    tmp_path: Path, lang: str, heading: str, settings_comment: str, said: str
) -> None:
    """The README and the comments in the language of the editor who ran init; the settings
    and data themselves are the same in every language, so the register works as it is."""
    root = tmp_path / lang
    made = _in_language(lang, "init", root)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"rekisteri: {said}")
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(heading)
    for command in ("rekisteri new project", "rekisteri check", "rekisteri serve", "rekisteri build"):
        assert command in readme
    assert "Register content" not in readme and "Adding an item" not in readme
    settings = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert settings.startswith(settings_comment)
    assert "Settings of this register" not in settings and "The address the site" not in settings
    assert "rekisteri new" in (root / "content/organisations.yaml").read_text(encoding="utf-8")
    assert (root / ".gitignore").read_text(encoding="utf-8").split("\n")[1:3] == ["build/", ".cache/"]
    english = tmp_path / "en"
    assert _in_language("en", "init", english).returncode == 0
    for name in ("pyproject.toml", "content/organisations.yaml", ".gitignore"):  # only the comments differ
        assert _uncommented(root / name) == _uncommented(english / name)
    assert _in_language(lang, "check", "--root", root).returncode == 0

    again = _in_language(lang, "init", root)
    already = {"fi": "on jo rekisteri; mitään ei muutettu", "sv": "är redan ett register; ingenting ändrades"}
    assert (again.returncode, again.stderr) == (2, f"rekisteri: {root} {already[lang]}\n")


def _uncommented(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
