"""The published folder is replaced whole, or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import output
from generator.build.output import OutputError, write_site

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


def test_swap_failure_keeps_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    write_site({"index.html": b"old"}, out)

    def broken_write(folder: Path, files: object) -> None:
        (folder / "index.html").write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "_write_tree", broken_write)
    with pytest.raises(OutputError, match="No space left on device"):
        write_site({"index.html": b"new"}, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_fallback_without_renameat2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "build"
    write_site({"a.html": b"1"}, out)
    write_site({"b.html": b"2"}, out)
    assert snapshot(out) == {"b.html": b"2"}
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_output_that_is_a_file_is_an_error(cli: Callable[..., Run], site: Site) -> None:
    site.out.write_text("not a folder")
    result = cli("build", "--root", site.root)
    assert result.code == 2  # a usage error: nothing is wrong with the content
    assert "exists and is not a folder" in result.err
    assert site.out.read_text() == "not a folder"
