"""``build --out`` and ``schema --out`` never destroy what rekisteri did not make.

Each case runs the installed console script, as a user (or a CI job with an empty
variable) would, and compares the whole register tree, ``.git`` included, before and after.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import Site


def rekisteri(*arguments: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("rekisteri")
    return subprocess.run(
        [str(executable), *map(str, arguments)], capture_output=True, text=True, timeout=120, check=False, cwd=cwd
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with a digest of its bytes."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        found[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def repository(site: Site) -> Site:
    """The small register as a git repository, with a user's own folder beside the content."""
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    (site.root / "docs").mkdir()
    (site.root / "docs" / "notes.md").write_text("Muistiinpanot\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(site.root), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(site.root), "-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "-qm", "x"],
        check=True,
    )
    return site


@pytest.mark.parametrize(
    "out",
    [
        ".",
        "content",
        "content/fi",
        "themes",
        ".git",
        ".cache",
        "..",
        "docs",
        "/",
        str(Path.home()),
        "x/../content",
        "pyproject.toml",
    ],
)
def test_build_refuses_folders_it_did_not_make(repository: Site, out: str) -> None:
    if out == "themes":
        (repository.root / "themes" / "oma").mkdir(parents=True)
    before = snapshot(repository.root)
    result = rekisteri("build", "--no-search", "--out", out, cwd=repository.root)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was changed" in result.stderr
    assert snapshot(repository.root) == before


def test_empty_out_is_an_error_not_the_current_folder(repository: Site) -> None:
    before = snapshot(repository.root)
    result = rekisteri("build", "--out", "", cwd=repository.root)
    assert result.returncode == 2
    assert "--out: is empty" in result.stderr
    assert snapshot(repository.root) == before


def test_a_users_folder_names_the_way_out_and_force_replaces_it(repository: Site) -> None:
    result = rekisteri("build", "--no-search", "--out", "docs", cwd=repository.root)
    assert result.returncode == 2
    assert str(repository.root / "docs") in result.stderr
    assert "--force" in result.stderr and "remove the folder yourself" in result.stderr
    assert (repository.root / "docs" / "notes.md").exists()

    forced = rekisteri("build", "--no-search", "--out", "docs", "--force", cwd=repository.root)
    assert forced.returncode == 0, forced.stderr
    assert not (repository.root / "docs" / "notes.md").exists()
    assert (repository.root / "docs" / "fi" / "index.html").exists()
    # Now it is rekisteri's: the next build replaces it without --force.
    assert rekisteri("build", "--no-search", "--out", "docs", cwd=repository.root).returncode == 0


def test_force_never_overrides_the_registers_own_folders(repository: Site) -> None:
    before = snapshot(repository.root)
    for out in (".", "content", ".git"):
        result = rekisteri("build", "--no-search", "--force", "--out", out, cwd=repository.root)
        assert result.returncode == 2, out
    assert snapshot(repository.root) == before


def test_an_empty_or_rekisteri_made_folder_is_replaced(repository: Site, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert rekisteri("build", "--no-search", "--root", repository.root, "--out", empty).returncode == 0
    assert (empty / ".rekisteri-build").exists()
    assert rekisteri("build", "--no-search", "--no-cache", "--root", repository.root, "--out", empty).returncode == 0


def test_a_file_as_out_is_refused(repository: Site) -> None:
    result = rekisteri("build", "--out", "docs/notes.md", cwd=repository.root)
    assert result.returncode == 2 and "is not a folder" in result.stderr
    assert (repository.root / "docs" / "notes.md").read_text(encoding="utf-8") == "Muistiinpanot\n"


def test_schema_out_follows_the_same_rules(repository: Site) -> None:
    before = snapshot(repository.root)
    for out in ("content", "docs", "."):
        result = rekisteri("schema", "--out", out, cwd=repository.root)
        assert result.returncode == 2, (out, result.stderr)
    assert snapshot(repository.root) == before
    assert rekisteri("schema", cwd=repository.root).returncode == 0
    assert rekisteri("schema", cwd=repository.root).returncode == 0  # its own folder, written again
    assert (repository.root / "schema" / "project.schema.json").exists()


def test_leftover_staging_folders_are_removed_only_if_ours(repository: Site) -> None:
    assert rekisteri("build", "--no-search", cwd=repository.root).returncode == 0
    killed = repository.root / ".build-staging-killed"
    killed.mkdir()
    (killed / ".rekisteri-staging").touch()
    (killed / "index.html").write_text("half", encoding="utf-8")
    empty = repository.root / ".build-staging-empty"
    empty.mkdir()
    mine = repository.root / ".build-staging-mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    result = rekisteri("build", "--no-search", "--no-cache", cwd=repository.root)
    assert result.returncode == 0, result.stderr
    assert not killed.exists() and not empty.exists()
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_build_killed_inside_its_publishing_burst_is_followed_by_a_full_one(repository: Site) -> None:
    """The marker names no build while an incremental build renames its files in: the folder
    stays rekisteri's to replace, and nothing of it is trusted."""
    assert rekisteri("build", "--no-search", cwd=repository.root).returncode == 0
    marker = repository.out / ".rekisteri-build"
    marker.write_text("unfinished\n", encoding="utf-8")  # what a build killed mid-burst leaves
    (repository.out / "fi" / "index.html").write_text("half-written", encoding="utf-8")
    result = rekisteri("build", "--no-search", cwd=repository.root)
    assert result.returncode == 0, result.stderr
    assert "half-written" not in (repository.out / "fi" / "index.html").read_text(encoding="utf-8")
    assert marker.read_text(encoding="utf-8").strip() != "unfinished"


def test_nothing_of_the_users_is_lost_when_run_from_another_folder(repository: Site, tmp_path: Path) -> None:
    """``--out .`` from the user's own working folder (not the register) is refused too."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "thesis.odt").write_bytes(b"important")
    result = rekisteri("build", "--root", repository.root, "--out", ".", cwd=work)
    assert result.returncode == 2
    assert (work / "thesis.odt").read_bytes() == b"important"
    assert os.listdir(work) == ["thesis.odt"]
