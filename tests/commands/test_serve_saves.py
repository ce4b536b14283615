"""``rekisteri serve`` fed by real saves, the way editors' tools make them.

Each save must rebuild only the pages that show the changed item (watchdog also reports
the folder as modified; that is not a change of the site), and what serve then serves
must be byte for byte what a clean ``rekisteri build`` writes.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator import urls
from generator.read.model import LANGS

from ..conftest import REPO, Site
from .serving import SCRIPT_TAG, Serve

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate

PROJECT = "content/fi/projects/digitaaliset-keinot.md"


def rekisteri(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("rekisteri")
    return subprocess.run(
        [str(executable), *map(str, arguments)], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def served(site: Site) -> Iterator[Serve]:
    running = Serve.start(site.root)
    yield running
    running.stop()


def plain_write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def temp_and_rename(path: Path, text: str) -> None:
    """VS Code's and most libraries' atomic save: a hidden temporary file renamed over the real one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def visible_temp_and_rename(path: Path, text: str) -> None:
    """Tools that make their temporary file with an ordinary name (Python's tempfile, rsync)."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix="tmp", suffix=".partial")
    with os.fdopen(handle, "w", encoding="utf-8") as temporary:
        temporary.write(text)
    os.replace(name, path)


def jetbrains(path: Path, text: str) -> None:
    """IntelliJ's safe write: new text to ``x___jb_tmp___``, old file to ``x___jb_old___``."""
    new, old = path.with_name(path.name + "___jb_tmp___"), path.with_name(path.name + "___jb_old___")
    new.write_text(text, encoding="utf-8")
    path.replace(old)
    new.replace(path)
    old.unlink()


def vim(path: Path, text: str) -> None:
    """Vim's default: probe the folder with ``4913``, keep a backup ``x~``, write a new file."""
    probe = path.with_name("4913")
    probe.write_text("", encoding="utf-8")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    path.replace(backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


SAVES: dict[str, Callable[[Path, str], None]] = {
    "plain write": plain_write,
    "temp file + rename": temp_and_rename,
    "visible temp file + rename": visible_temp_and_rename,
    "JetBrains safe write": jetbrains,
    "vim": vim,
}


def served_equals_clean_build(running: Serve, root: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    result = rekisteri("build", "--root", root, "--out", clean, "--no-search", "--no-cache", "-q")
    assert result.returncode == 0, result.stderr
    files = [p for p in sorted(clean.rglob("*")) if p.is_file() and p.name != ".rekisteri-build"]
    assert len(files) > 50
    for path in files:
        site_path = path.relative_to(clean).as_posix()
        code, body = running.get_bytes(site_path)
        assert code == 200, site_path
        if site_path.endswith(".html"):
            body = body.replace(SCRIPT_TAG.encode(), b"")
        assert body == path.read_bytes(), f"{site_path} differs from a clean build"


@pytest.mark.parametrize("save", SAVES, ids=list(SAVES))
def test_a_save_rebuilds_only_what_it_touched(served: Serve, site: Site, tmp_path: Path, save: str) -> None:
    first = served.status()
    assert first["full"] and int(first["rendered"]) > 40  # type: ignore[call-overload]
    source = site.root / PROJECT
    before = served.builds()
    SAVES[save](source, source.read_text(encoding="utf-8").replace("title: Digitaaliset keinot", "title: Uudet keinot"))
    status = served.wait_settled(before)
    assert status["ok"] and not status["full"]
    assert 0 < int(status["rendered"]) < int(first["rendered"]) // 2  # type: ignore[call-overload]
    assert "Uudet keinot" in served.get("fi/hankkeet/digitaaliset-keinot/")[1]
    time.sleep(0.6)  # any event the save caused has been taken by now: one save, one rebuild
    assert served.builds() == before + 1
    served_equals_clean_build(served, site.root, tmp_path)


def test_a_body_edit_leaves_the_summary_pages_and_a_status_edit_redraws_them(
    served: Serve, site: Site, tmp_path: Path
) -> None:
    """The overview, people, themes and translation status pages show items' facts, never
    their bodies: a save that changes only a body does not render them again (nor the
    sitemap, the site's pages being the same), while one that changes a status does."""
    summaries = {urls.overview(lang) for lang in LANGS} | {urls.translation_status(lang) for lang in LANGS}
    summaries |= {urls.section(lang, "people") for lang in LANGS} | {urls.SITEMAP}
    item_page = urls.item("fi", "projects", "digitaaliset-keinot")
    source = site.root / PROJECT
    before = served.builds()
    temp_and_rename(source, source.read_text(encoding="utf-8").replace("Teksti.", "Teksti, jota jatkettiin."))
    status = served.wait_settled(before)
    assert status["ok"] and not status["full"]
    rendered = set(status["rendered_urls"])  # type: ignore[call-overload]
    assert item_page in rendered
    assert not rendered & summaries
    assert "jota jatkettiin" in served.get("fi/hankkeet/digitaaliset-keinot/")[1]
    served_equals_clean_build(served, site.root, tmp_path / "body")

    before = served.builds()
    plain_write(source, source.read_text(encoding="utf-8").replace("status: ended", "status: active"))
    status = served.wait_settled(before)
    assert status["ok"] and not status["full"]
    rendered = set(status["rendered_urls"])  # type: ignore[call-overload]
    assert {item_page, *(urls.overview(lang) for lang in LANGS)} <= rendered
    served_equals_clean_build(served, site.root, tmp_path / "status")


def published(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in (".rekisteri-build", ".rekisteri-state")
    }


def test_cli_builds_after_a_body_edit_and_a_status_edit_equal_clean_builds(site: Site, tmp_path: Path) -> None:
    """``rekisteri build`` continuing from its saved state: a body edit leaves the overview as
    it was, a status edit redraws it, and each result is what a clean build writes."""
    overview = urls.output_path(urls.overview("fi"))
    first = rekisteri("build", "--root", site.root, "--no-search")
    assert first.returncode == 0, first.stderr
    before = (site.out / overview).read_bytes()
    source = site.root / PROJECT
    for step, old, new in (
        ("body", "Teksti.", "Teksti, jota jatkettiin."),
        ("status", "status: ended", "status: active"),
    ):
        plain_write(source, source.read_text(encoding="utf-8").replace(old, new))
        result = rekisteri("build", "--root", site.root, "--no-search")
        assert result.returncode == 0, result.stderr
        clean = tmp_path / step
        fresh = rekisteri("build", "--root", site.root, "--out", clean, "--no-search", "--no-cache", "-q")
        assert fresh.returncode == 0, fresh.stderr
        assert published(site.out) == published(clean), step
        changed = (site.out / overview).read_bytes() != before
        assert changed == (step == "status"), step


def test_delete_and_rename_rebuild_only_what_they_touch(served: Serve, site: Site, tmp_path: Path) -> None:
    pages = int(served.status()["rendered"])  # type: ignore[call-overload]
    meeting = site.root / "content/fi/meetings/kokous-2021.md"
    before = served.builds()
    meeting.rename(meeting.with_name("kokous-2021-lokakuu.md"))  # an id change
    status = served.wait_settled(before)
    assert status["ok"] and not status["full"] and int(status["rendered"]) < pages // 2  # type: ignore[call-overload]
    assert served.get("fi/kokoukset/kokous-2021/")[0] == 404
    assert served.get("fi/kokoukset/kokous-2021-lokakuu/")[0] == 200
    served_equals_clean_build(served, site.root, tmp_path / "renamed")

    before = served.builds()
    (site.root / "content/fi/meetings/kokous-2021-lokakuu.md").unlink()
    status = served.wait_settled(before)
    assert status["ok"] and not status["full"] and int(status["rendered"]) < pages // 2  # type: ignore[call-overload]
    assert served.get("fi/kokoukset/kokous-2021-lokakuu/")[0] == 404
    served_equals_clean_build(served, site.root, tmp_path / "deleted")


LEFTOVERS = [
    "digitaaliset-keinot.md~",
    "#digitaaliset-keinot.md#",
    ".#digitaaliset-keinot.md",
    ".digitaaliset-keinot.md.swp",
    "digitaaliset-keinot.md.swp",
    "digitaaliset-keinot.md___jb_tmp___",
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    ".hidden.md",
]


def test_editors_leftover_files_are_ignored_by_check_build_and_serve(served: Serve, site: Site) -> None:
    before = served.builds()
    for folder in ("fi/projects", "fi", ""):
        for name in LEFTOVERS:
            site.write(f"{folder}/{name}" if folder else name, "roskaa: [\n")
    time.sleep(1.0)
    assert served.builds() == before, "a leftover file made serve rebuild"
    settings = site.root / "pyproject.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("[tool.rekisteri]\n", '[tool.rekisteri]\ntheme = "oma"\n')
    )
    theme_static = site.root / "themes" / "oma" / "static"
    theme_static.mkdir(parents=True)
    (theme_static / ".DS_Store").write_bytes(b"\0")
    (theme_static / "Thumbs.db").write_bytes(b"\0")

    checked = rekisteri("check", "--root", site.root)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == ""
    built = rekisteri("build", "--root", site.root, "--no-search")
    assert built.returncode == 0, built.stderr
    published = {p.name for p in site.out.rglob("*")}
    assert not published & {".DS_Store", "Thumbs.db"}


def test_port_out_of_range_is_a_clear_error(site: Site) -> None:
    for port in ("99999", "-1", "http"):
        result = rekisteri("serve", "--root", site.root, "--port", port)
        assert result.returncode == 2
        assert "--port" in result.stderr and "0-65535" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that the first build and the search index take seconds."""
    root = tmp_path_factory.mktemp("large")
    generate(root, 400)
    return root


#: "At once": well under what finishing the first build or the search index of 400 items takes
#: (about 7 s for the index alone), with room for a machine busy with other work.
STOPS_AT_ONCE = 5.0


def assert_left_empty(folder: Path) -> None:
    """What serve could not unlink in half a second goes to a process of its own (``_remove``),
    which on a busy machine may still be at work when serve has exited; once empty, the folder
    must stay so (no lingering indexer or worker writing into it)."""
    deadline = time.monotonic() + 60
    while list(folder.iterdir()):
        assert time.monotonic() < deadline, list(folder.iterdir())
        time.sleep(0.05)
    time.sleep(1.0)
    assert list(folder.iterdir()) == []


def test_ctrl_c_during_the_first_build_exits_at_once_and_cleans_up(large: Path, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    with Serve.start(large, wait=False, temporary=temporary) as running:
        deadline = time.monotonic() + 60
        while not any(temporary.glob("rekisteri-serve-*/fi/*/*/index.html")):  # pages are being written
            assert time.monotonic() < deadline, "serve wrote no page"
            time.sleep(0.01)
        assert running.process.poll() is None
        assert "serving" not in running.rest_of_output(), "the first build was over before Ctrl-C"
        interrupted = time.monotonic()
        running.interrupt()
        code = running.process.wait(timeout=10)
        assert time.monotonic() - interrupted < STOPS_AT_ONCE
        assert code == 130
        output = running.rest_of_output()
        assert "Traceback" not in output and "interrupted" in output
        assert_left_empty(temporary)


def test_stopping_while_the_search_index_is_made_exits_at_once_and_cleans_up(large: Path, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    with Serve.start(large, temporary=temporary) as running:
        time.sleep(1.0)
        assert int(running.status()["search_builds"]) == 0  # type: ignore[call-overload]
        interrupted = time.monotonic()
        running.interrupt()
        code = running.process.wait(timeout=20)
        assert time.monotonic() - interrupted < STOPS_AT_ONCE
        assert code == 0
        assert "Traceback" not in running.rest_of_output()
        assert_left_empty(temporary)


def test_folders_of_killed_serves_are_removed_and_live_ones_kept(site: Site, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    dead = Path(tempfile.mkdtemp(prefix="rekisteri-serve-", dir=temporary))
    (dead / ".rekisteri-serve.lock").touch()
    (dead / "index.html").write_text("old", encoding="utf-8")
    alive = Path(tempfile.mkdtemp(prefix="rekisteri-serve-", dir=temporary))
    (alive / "index.html").write_text("live", encoding="utf-8")
    claim = os.open(alive / ".rekisteri-serve.lock", os.O_CREAT | os.O_RDWR)
    fcntl.flock(claim, fcntl.LOCK_EX)  # as a live serve holds it
    try:
        with Serve.start(site.root, temporary=temporary):
            pass
        assert not dead.exists()
        assert (alive / "index.html").read_text(encoding="utf-8") == "live"
        assert sorted(temporary.iterdir()) == [alive]  # and the stopped serve left nothing
    finally:
        os.close(claim)
