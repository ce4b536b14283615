"""An item's page shows its parent's and its children's titles: an incremental ``rekisteri build``
after an edit of one of them gives the same site as a clean build, through the real command."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ..conftest import Site
from ..pages.rich import MEETING, NETWORK, PROJECT, make_rich

PARENT_PAGE = f"fi/hankkeet/{PROJECT}/index.html"
CHILD_PAGE = f"fi/kokoukset/{MEETING}/index.html"
PAGES_LINE = re.compile(r"rekisteri: (\d+) pages, (\d+) files")


def rekisteri(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("rekisteri")
    return subprocess.run(
        [str(executable), *map(str, arguments)], capture_output=True, text=True, timeout=120, check=False
    )


def build(root: Path, out: Path, *options: str) -> int:
    """Builds (without the search index: it is not what this test is about) and returns how
    many pages were rendered."""
    result = rekisteri("build", "--root", root, "--out", out, "--no-search", *options)
    assert result.returncode == 0, result.stderr
    found = PAGES_LINE.search(result.stdout)
    assert found, result.stdout
    return int(found[1])


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(site: Site, relative: str, old: str, new: str) -> None:
    path = site.root / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def children_text(out: Path) -> str:
    section = BeautifulSoup((out / PARENT_PAGE).read_text(encoding="utf-8"), "html.parser").select_one(".children")
    return section.get_text(" ", strip=True) if section else ""


def part_of_text(out: Path, page: str) -> str:
    found = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser").select_one(".part-of")
    return found.get_text(" ", strip=True) if found else ""


EDITS: dict[str, tuple[Callable[[Site], None], Callable[[Path], None]]] = {
    "a child's title": (
        lambda s: edit(s, f"fi/meetings/{MEETING}.md", "title: Aloituskokous", "title: Avauskokous"),
        lambda out: assert_in("Avauskokous", children_text(out), "Aloituskokous"),
    ),
    "the parent's title": (
        lambda s: edit(s, f"fi/projects/{PROJECT}.md", "title: Kehityshanke", "title: Uusi kehityshanke"),
        lambda out: assert_in("Uusi kehityshanke", part_of_text(out, CHILD_PAGE)),
    ),
    "a child leaving its parent": (
        lambda s: edit(s, f"fi/networks/{NETWORK}.md", f"parent: {PROJECT}\n", ""),
        lambda out: assert_in("Aloituskokous", children_text(out), "Kehittäjäverkosto"),
    ),
    "a new child": (
        lambda s: edit(s, "fi/networks/sumppi.md", "status: active", f"status: active\nparent: {PROJECT}"),
        lambda out: assert_in("Sumppi", children_text(out)),
    ),
}


def assert_in(expected: str, text: str, *absent: str) -> None:
    assert expected in text, text
    for gone in absent:
        assert gone not in text, text


@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_build_after_a_hierarchy_edit_equals_a_clean_build(site: Site, name: str) -> None:
    make_rich(site)
    out = site.root / "site"
    everything = build(site.root, out)
    make_edit, check = EDITS[name]
    make_edit(site)
    rendered = build(site.root, out)
    assert 0 < rendered < everything  # it really was incremental
    check(out)
    clean = site.root / "clean"
    build(site.root, clean, "--no-cache")
    assert tree(out) == tree(clean)
