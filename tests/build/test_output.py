"""The published folder is replaced whole, or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import output
from generator.build.output import apply_changes
from generator.build.publish import build

from ..conftest import NETWORK_FI, Run, Site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_previous_site_untouched(cli: Callable[..., Run], site: Site) -> None:
    assert cli("build", "--root", site.root).code == 0
    before = snapshot(site.out)
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("status: active", "status: sleeping"))
    result = cli("build", "--root", site.root)
    assert result.code == 1
    assert "nothing written" in result.err
    assert snapshot(site.out) == before
    assert sorted(p.name for p in site.root.iterdir()) == [".cache", "build", "content", "pyproject.toml"]


def test_rebuild_replaces_stale_pages(cli: Callable[..., Run], site: Site) -> None:
    assert cli("build", "--root", site.root).code == 0
    stale = site.out / "fi/kokoukset/kokous-2021/index.html"
    assert stale.is_file()
    site.remove("fi/meetings/kokous-2021.md")
    (site.out / "leftover.txt").write_text("put there by hand")
    assert cli("build", "--root", site.root).code == 0  # incremental: changes what changed, in place
    assert not stale.exists()
    assert not (stale.parent).exists()
    # A full build replaces the whole folder, so nothing but the site is left in it.
    assert cli("build", "--root", site.root, "--no-cache").code == 0
    assert not (site.out / "leftover.txt").exists()


def test_out_option_and_leftover_staging_folders(cli: Callable[..., Run], site: Site, tmp_path: Path) -> None:
    out = tmp_path / "public"
    crashed = tmp_path / ".public-staging-abc123"
    (crashed / "fi").mkdir(parents=True)
    (crashed / ".rekisteri-staging").touch()  # every staging folder carries it from the start
    assert cli("build", "--root", site.root, "--out", out).code == 0
    assert (out / "fi/index.html").is_file()
    assert not crashed.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_write_failure_keeps_old_site(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    assert build(site.root, out, use_cache=False, search=False).ok
    before = snapshot(out)
    written = 0

    def disk_full(target: Path, data: output.Content) -> None:
        nonlocal written
        written += 1
        if written > 3:  # a few pages in
            target.write_bytes(b"half")
            raise OSError(28, "No space left on device")
        write(target, data)

    write = output._write
    monkeypatch.setattr(output, "_write", disk_full)
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("Sumppi", "Sumppi uusi"))
    result = build(site.root, out, use_cache=False, search=False, workers=1)
    assert not result.ok and any("No space left on device" in d.message for d in result.diagnostics)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "register"]


def test_fallback_without_renameat2(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "build"
    assert build(site.root, out, use_cache=False, search=False).ok
    site.remove("fi/meetings/kokous-2021.md")
    assert build(site.root, out, use_cache=False, search=False).ok
    assert (out / "fi/index.html").is_file()
    assert not (out / "fi/kokoukset/kokous-2021").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "register"]


def test_changes_are_applied_file_by_file(tmp_path: Path) -> None:
    """serve's folder: each rebuild's files renamed over the served ones, nothing else kept."""
    apply_changes(tmp_path, {"fi/index.html": b"1", "old.html": b"x"}, [])
    apply_changes(tmp_path, {"fi/index.html": b"2", "fi/uusi/index.html": [b"a", b"b"]}, ["old.html", "never.html"])
    assert snapshot(tmp_path) == {"fi/index.html": b"2", "fi/uusi/index.html": b"ab"}


def test_output_that_is_a_file_is_an_error(cli: Callable[..., Run], site: Site) -> None:
    site.out.write_text("not a folder")
    result = cli("build", "--root", site.root)
    assert result.code == 2  # a usage error: nothing is wrong with the content
    assert "exists and is not a folder" in result.err
    assert site.out.read_text() == "not a folder"
