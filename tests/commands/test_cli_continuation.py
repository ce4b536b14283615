"""A ``rekisteri build`` that continues from the saved state of the previous one (the edit
found by the files' stats, checked like a save in ``serve``) publishes exactly what a build
without any cache publishes, whatever the edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import publish
from generator.pages.planner import PagePlanner
from generator.read import check as check_module

from ..conftest import REPO
from .test_cli import rekisteri

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    generate(root, 40)
    # Written an hour ago: a file changed within the last seconds is read again on every build
    # (its time could hide a second write), which would make every file an edit here.
    an_hour_ago = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    return root


@pytest.fixture
def register(generated: Path, tmp_path: Path) -> Path:
    """A copy built once with the cache, so that the next build continues from its state."""
    root = tmp_path / "register"
    shutil.copytree(generated, root)
    first = build(root)
    assert first.returncode == 0, first.stderr
    return root


def build(root: Path, *options: str | Path) -> subprocess.CompletedProcess[str]:
    return rekisteri("build", "--root", root, "--no-search", *options)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def diagnostics(stderr: str) -> list[str]:
    """What the build reported of the register, without its progress lines."""
    return [line for line in stderr.splitlines() if not line.startswith("rekisteri: ")]


def continue_and_compare(root: Path, tmp_path: Path) -> None:
    """The continued build equals a clean build of the same files, byte for byte."""
    continued = build(root)
    assert continued.returncode == 0, continued.stderr
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    made = build(root, "--out", clean, "--no-cache")
    assert made.returncode == 0, made.stderr
    assert diagnostics(continued.stderr) == diagnostics(made.stderr)  # the same warnings, worded the same
    assert tree(root / "build") == tree(clean)


def item(root: Path, kind: str = "projects", number: int = 0, lang: str = "fi") -> Path:
    return sorted((root / "content" / lang / kind).glob("*.md"))[number]


def test_a_body_edit(register: Path, tmp_path: Path) -> None:
    path = item(register)
    path.write_text(path.read_text(encoding="utf-8") + "\nUusi kappale tekstiä.\n", encoding="utf-8")
    continue_and_compare(register, tmp_path)


def test_a_frontmatter_edit(register: Path, tmp_path: Path) -> None:
    path = item(register)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Muutettu ", 1), encoding="utf-8")
    continue_and_compare(register, tmp_path)


def test_an_edit_adding_a_broken_link(register: Path, tmp_path: Path) -> None:
    published = tree(register / "build")
    path = item(register)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n[Puuttuva](../projects/ei-ole.md)\n", encoding="utf-8")
    continued = build(register)
    full = build(register, "--out", tmp_path / "clean", "--no-cache")
    assert continued.returncode == full.returncode == 1
    assert "ei-ole.md" in continued.stderr
    assert diagnostics(continued.stderr) == diagnostics(full.stderr)  # reported exactly as a full check words it
    assert tree(register / "build") == published  # the published build untouched
    path.write_text(text, encoding="utf-8")  # fixed: the next build continues as before
    continue_and_compare(register, tmp_path)


def test_a_deleted_file(register: Path, tmp_path: Path) -> None:
    item(register, "meetings", 0, lang="sv").unlink()  # its Finnish version stays
    continue_and_compare(register, tmp_path)


def test_a_new_file(register: Path, tmp_path: Path) -> None:
    source = item(register, "networks")
    (source.parent / "uusi-verkosto.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    continue_and_compare(register, tmp_path)


def test_an_edit_then_its_revert(register: Path, tmp_path: Path) -> None:
    path = item(register, "networks", 2)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nHetken aikaa tässä.\n", encoding="utf-8")
    continue_and_compare(register, tmp_path)
    path.write_text(text, encoding="utf-8")
    continue_and_compare(register, tmp_path)


def test_a_body_edit_reads_only_the_edited_file(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the subprocess tests cannot see: the continued build neither loaded the register
    again nor planned every page (it followed the saved plan)."""
    root = tmp_path / "register"
    shutil.copytree(generated, root)
    assert publish.build(root, root / "build", search=False, workers=1).ok
    path = item(root)
    path.write_text(path.read_text(encoding="utf-8") + "\nLisäys.\n", encoding="utf-8")

    def no_full_load(*args: object, **kwargs: object) -> object:
        raise AssertionError("the whole register was loaded for a body edit")

    def no_plan(*args: object, **kwargs: object) -> object:
        raise AssertionError("every page was planned again for a body edit")

    monkeypatch.setattr(check_module, "load_register", no_full_load)
    monkeypatch.setattr(PagePlanner, "specs", no_plan)
    assert publish.build(root, root / "build", search=False, workers=1).ok


OVERLAY = Path(".cache/rekisteri/site.overlay.pickle")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_run_of_edits_each_continuing_from_the_last(register: Path, tmp_path: Path) -> None:
    """Body edits save only what describes the output beside the state they started from (the
    overlay); each later run finds every edit since that state again, reverts included."""
    first, second, third = item(register, "projects", 1), item(register, "meetings", 2), item(register, "networks", 3)
    original = first.read_text(encoding="utf-8")
    append(first, "\nEnsimmäinen muutos.\n")
    continue_and_compare(register, tmp_path)
    assert (register / OVERLAY).is_file()  # the light save
    append(second, "\nToinen muutos.\n")
    continue_and_compare(register, tmp_path)
    first.write_text(original, encoding="utf-8")  # back as the saved state has it
    continue_and_compare(register, tmp_path)
    text = third.read_text(encoding="utf-8")
    third.write_text(text.replace("title: ", "title: Uusi ", 1), encoding="utf-8")
    continue_and_compare(register, tmp_path)
    assert not (register / OVERLAY).exists()  # a frontmatter edit saved the whole state
    append(first, "\nVielä yksi.\n")
    continue_and_compare(register, tmp_path)


def test_an_overlay_of_another_state_is_ignored(register: Path, tmp_path: Path) -> None:
    """A build killed after saving a whole state but before removing the old overlay."""
    append(item(register), "\nMuutos.\n")
    continue_and_compare(register, tmp_path)
    stale = (register / OVERLAY).read_bytes()
    path = item(register, "networks")
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Toinen ", 1), encoding="utf-8")
    continue_and_compare(register, tmp_path)
    (register / OVERLAY).write_bytes(stale)
    append(item(register, "meetings"), "\nJa taas.\n")
    continue_and_compare(register, tmp_path)


def test_a_corrupt_overlay_is_ignored(register: Path, tmp_path: Path) -> None:
    append(item(register), "\nMuutos.\n")
    continue_and_compare(register, tmp_path)
    overlay = register / OVERLAY
    overlay.write_bytes(overlay.read_bytes()[:100])
    append(item(register, "meetings"), "\nJa taas.\n")
    continue_and_compare(register, tmp_path)


def test_a_build_killed_before_saving_its_overlay(register: Path, tmp_path: Path) -> None:
    """The output it published is not what the overlay left in place describes: nothing of it is trusted."""
    append(item(register), "\nEnsimmäinen.\n")
    continue_and_compare(register, tmp_path)
    earlier = (register / OVERLAY).read_bytes()
    append(item(register, "meetings"), "\nToinen.\n")
    continue_and_compare(register, tmp_path)
    (register / OVERLAY).write_bytes(earlier)  # as if killed after publishing, before saving
    append(item(register, "networks"), "\nKolmas.\n")
    continue_and_compare(register, tmp_path)
