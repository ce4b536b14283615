"""Parallel, cached and incremental builds give byte-identical output to a clean serial build,
on a generated corpus large enough to use the process pool."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.build.publish import build
from generator.build.site import SiteBuilder
from generator.build.workers import PARALLEL_MINIMUM

from ..conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate


def tree(folder: Path, skip_search: bool = True) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (skip_search and p.relative_to(folder).parts[0] == "pagefind")
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(root, 150)
    add_body_links(root)
    return root


def add_body_links(root: Path) -> None:
    """Every third file links to the next item's file (the same text shows different links on
    the two language pages of a Finnish-only item) and to a list page."""
    files = sorted((root / "content").glob("*/*/*.md"))
    ids = sorted({(p.parent.name, p.stem) for p in files})
    for number, path in enumerate(files[::3]):
        kind, item_id = ids[(ids.index((path.parent.name, path.stem)) + 1) % len(ids)]
        lang = path.parent.parent.name
        link = f"[{item_id}](../{kind}/{item_id}.md) · [{number}](/{lang}/)"
        path.write_text(path.read_text() + f"\n{link}\n")


def test_parallel_equals_serial(corpus: Path) -> None:
    serial, parallel = SiteBuilder(corpus, workers=1), SiteBuilder(corpus, workers=2)
    assert serial.rebuild().ok and parallel.rebuild().ok
    assert len(serial.files) > PARALLEL_MINIMUM  # the pool really ran
    assert serial.files == parallel.files


def test_cached_builds_equal_clean_builds(corpus: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    assert build(corpus, clean, workers=1, use_cache=False).ok
    cached = tmp_path / "cached"
    assert build(corpus, cached, workers=2).ok  # writes the state
    first = {p: p.stat().st_mtime_ns for p in cached.rglob("*.html")}
    again = build(corpus, cached, workers=2)  # nothing changed
    assert again.ok and again.pages == 0 and again.search is None  # nothing rendered or re-indexed
    assert {p: p.stat().st_mtime_ns for p in cached.rglob("*.html")} == first  # files kept, not rewritten
    assert tree(cached) == tree(clean)

    edited = next((corpus / "content/fi/projects").glob("*.md"))
    edited.write_text(edited.read_text() + "\nMuokattu kappale.\n")
    one = build(corpus, cached, workers=2)
    assert one.ok and 0 < one.pages < 100
    assert build(corpus, clean, workers=1, use_cache=False).ok
    assert tree(cached) == tree(clean)


def test_no_change_shortcut_trusts_only_its_own_output(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(corpus, out, search=False).ok
    again = build(corpus, out, search=False)
    assert again.ok and again.pages == 0 and again.files > 0  # nothing read, rendered or written
    (out / ".rekisteri-build").write_text("a build by somebody else\n")
    third = build(corpus, out, search=False)
    assert third.ok and third.pages > PARALLEL_MINIMUM  # not ours: every page made again
    clean = tmp_path / "clean"
    assert build(corpus, clean, use_cache=False, search=False).ok
    assert tree(out) == tree(clean)


def test_feeds_carry_the_newest_changes_only(corpus: Path, tmp_path: Path) -> None:
    from xml.etree import ElementTree

    from generator.pages.feeds import FEED_ENTRIES

    out = tmp_path / "out"
    assert build(corpus, out, use_cache=False, search=False).ok
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.parse(out / "fi/feed.xml").getroot().findall(f"{atom}entry")
    assert len(entries) == FEED_ENTRIES < len(list((corpus / "content/fi").rglob("*.md")))
    updated = [e.findtext(f"{atom}updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)
    sitemap = ElementTree.parse(out / "sitemap.xml").getroot()
    assert len(sitemap) > 2 * FEED_ENTRIES  # the sitemap, unlike the feeds, lists every page
