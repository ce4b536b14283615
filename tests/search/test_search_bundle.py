"""A broken Pagefind bundle is never published.

Pagefind is made to misbehave by a wrapper script, named by ``REKISTERI_PAGEFIND``, that
runs the real binary and then cuts one file of the bundle short, as Pagefind's Python API
was seen to do; ``rekisteri build`` and ``rekisteri serve`` run as editors run them."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.search.pagefind import ENTRY, build_search_index, verify_bundle

from ..commands.serving import Serve
from ..conftest import Site

REAL_PAGEFIND = Path(str(importlib.import_module("pagefind_bin").get_executable()))
REKISTERI = Path(sys.executable).with_name("rekisteri")

# Which file of the bundle the wrapper cuts (Python source run in the wrapper) and to how
# many bytes: an empty entry file is what the Python API left behind, the others are cut
# mid-stream.
VICTIMS = {
    "entry": ('bundle / "pagefind-entry.json"', "0"),
    "meta": ('sorted(bundle.glob("*.pf_meta"))[0]', "size // 2"),
    "index chunk": ('sorted((bundle / "index").iterdir())[0]', "size // 2"),
    "fragment": ('sorted((bundle / "fragment").iterdir())[-1]', "size // 2"),
}

WRAPPER = """\
#!{python}
import fcntl, subprocess, sys
from pathlib import Path

log = Path({log!r})
calls = log.with_suffix(".calls")
with open(log.with_suffix(".lock"), "a") as lock:  # shards are indexed two at a time: count each run once
    fcntl.flock(lock, fcntl.LOCK_EX)
    count = int(calls.read_text()) + 1 if calls.exists() else 1
    calls.write_text(str(count))
code = subprocess.call([{real!r}, *sys.argv[1:]])
if code == 0 and ({broken}):
    bundle = Path(sys.argv[sys.argv.index("--output-path") + 1])
    victim = {pick}
    size = victim.stat().st_size
    with victim.open("r+b") as handle:
        handle.truncate({keep})
    with log.open("a") as named:
        named.write(victim.relative_to(bundle).as_posix() + "\\n")
sys.exit(code)
"""


class Wrapper:
    """A Pagefind that runs the real one, then cuts a file of the bundles of the runs for
    which ``broken`` (a Python condition on ``count``, the number of the run) holds."""

    def __init__(self, folder: Path, victim: str, broken: str) -> None:
        self.path = folder / "pagefind-wrapper"
        self.log = folder / "cut.log"
        pick, keep = VICTIMS[victim]
        self.path.write_text(
            WRAPPER.format(
                python=sys.executable, real=str(REAL_PAGEFIND), log=str(self.log), broken=broken, pick=pick, keep=keep
            ),
            encoding="utf-8",
        )
        self.path.chmod(0o755)

    @property
    def calls(self) -> int:
        calls = self.log.with_suffix(".calls")
        return int(calls.read_text()) if calls.exists() else 0

    @property
    def cut(self) -> list[str]:
        return self.log.read_text().split() if self.log.exists() else []


def rekisteri(
    *arguments: str | Path, pagefind: Path | str | None = None, per_shard: str | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """The command with the Pagefind binary and the items per search shard this test names,
    whatever the caller's environment says (these tests count runs of one index unless told)."""
    environment = dict(os.environ)
    for variable, value in (("REKISTERI_PAGEFIND", pagefind), ("REKISTERI_SEARCH_SHARD_ITEMS", per_shard)):
        environment.pop(variable, None)
        if value is not None:
            environment[variable] = str(value)
    return subprocess.run(
        [str(REKISTERI), *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=environment,
    )


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``folder``."""
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def published(site: Site) -> dict[str, bytes | None]:
    result = rekisteri("build", "--root", site.root)
    assert result.returncode == 0, result.stderr
    assert verify_bundle(site.out / "pagefind") == []
    return snapshot(site.out)


def edit(site: Site) -> None:
    """An edit the search documents see, so the next build must index again."""
    path = site.root / "content/fi/networks/sumppi.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUusi kappale verkostosta.\n", encoding="utf-8")


# --- rekisteri build --------------------------------------------------------------------------


@pytest.mark.parametrize("victim", sorted(VICTIMS))
@pytest.mark.parametrize("path", ["incremental", "full"])
def test_a_bundle_broken_twice_fails_the_build_and_keeps_the_published_site(
    site: Site, tmp_path: Path, victim: str, path: str
) -> None:
    before = published(site)
    wrapper = Wrapper(tmp_path, victim, broken="count <= 2")
    edit(site)
    arguments: list[str | Path] = ["build", "--root", site.root, *(["--no-cache"] if path == "full" else [])]
    result = rekisteri(*arguments, pagefind=wrapper.path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert wrapper.calls == 2  # made once more before giving up
    name = wrapper.cut[-1]
    assert re.search(
        rf"^build/pagefind/{re.escape(name)}: search bundle file .*broken bundle twice, so none is published$",
        result.stderr,
        re.M,
    )
    assert "nothing written" in result.stderr
    assert snapshot(site.out) == before
    assert not [p.name for p in site.root.iterdir() if p.name.startswith(".build-")]


@pytest.mark.parametrize("path", ["incremental", "full"])
def test_a_bundle_broken_once_is_made_again(site: Site, tmp_path: Path, path: str) -> None:
    published(site)
    folder = site.out.stat().st_ino
    wrapper = Wrapper(tmp_path, "fragment", broken="count == 1")
    edit(site)
    arguments: list[str | Path] = ["build", "--root", site.root, *(["--no-cache"] if path == "full" else [])]
    result = rekisteri(*arguments, pagefind=wrapper.path)
    assert result.returncode == 0, result.stderr
    assert (site.out.stat().st_ino == folder) == (
        path == "incremental"
    )  # files renamed in, or a staged folder swapped in
    assert wrapper.calls == 2
    assert f"note: search: Pagefind's first bundle was broken and was made again: pagefind/{wrapper.cut[0]}" in (
        result.stderr
    )
    bundle = site.out / "pagefind"
    assert verify_bundle(bundle) == []
    fragments = [gzip.decompress(p.read_bytes()) for p in (bundle / "fragment").iterdir()]
    assert any(b"Uusi kappale verkostosta" in fragment for fragment in fragments)  # the edit is searchable


def test_a_missing_binary_is_a_clear_error(site: Site, tmp_path: Path) -> None:
    before = published(site)
    edit(site)
    missing = tmp_path / "no-such-pagefind"
    result = rekisteri("build", "--root", site.root, pagefind=missing)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"build: search index: REKISTERI_PAGEFIND={missing}: no such file" in result.stderr
    assert snapshot(site.out) == before


def test_a_failing_binary_is_a_clear_error(site: Site, tmp_path: Path) -> None:
    before = published(site)
    edit(site)
    failing = tmp_path / "failing-pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: out of disk space' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    result = rekisteri("build", "--root", site.root, "--no-cache", pagefind=failing)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "failed with exit status 3: Error: out of disk space" in result.stderr
    assert snapshot(site.out) == before


def test_entry_languages_are_sorted(site: Site) -> None:
    published(site)
    entry = json.loads((site.out / "pagefind" / ENTRY).read_bytes())
    assert list(entry["languages"]) == ["fi", "sv"]


def test_an_empty_register_gets_a_loadable_bundle(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    (root / "content").mkdir(parents=True)
    (root / "content/organisations.yaml").write_text("- id: vm\n  name: {fi: VM, sv: FM}\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.rekisteri]\nbase_url = "https://example.test/"\n', encoding="utf-8")
    result = rekisteri("build", "--root", root)
    assert result.returncode == 0, result.stderr
    bundle = root / "build/pagefind"
    assert json.loads((bundle / ENTRY).read_bytes())["languages"] == {}
    assert verify_bundle(bundle, 0) == []
    assert not (bundle / "fragment").exists()


# --- rekisteri serve --------------------------------------------------------------------------


@pytest.fixture
def served_with_wrapper(shipped: Site, tmp_path: Path) -> Iterator[tuple[Serve, Wrapper]]:
    """``rekisteri serve`` whose Pagefind makes a good bundle first and broken ones after."""
    wrapper = Wrapper(tmp_path, "entry", broken="count >= 2")  # only the first bundle may ever be served
    served = Serve.start(shipped.root, environment={"REKISTERI_PAGEFIND": str(wrapper.path)})
    yield served, wrapper
    served.stop()


def test_serve_keeps_the_last_good_bundle(served_with_wrapper: tuple[Serve, Wrapper], shipped: Site) -> None:
    served, wrapper = served_with_wrapper
    deadline = time.monotonic() + 60
    while int(served.status()["search_builds"]) < 1:  # type: ignore[call-overload]
        assert time.monotonic() < deadline, "no search index in serve"
        time.sleep(0.1)
    good = served.get("pagefind/" + ENTRY)[1]
    assert json.loads(good)["languages"]

    meeting = shipped.root / "content/fi/meetings/kansliapaallikoiden-ja-valtiosihteerien-kokous-2021.md"
    meeting.write_text(meeting.read_text(encoding="utf-8") + "\nLisätty kappale.\n", encoding="utf-8")
    refused = served.wait_for_line("search index not refreshed.*", 60).group(0)
    assert f"pagefind/{ENTRY}: is empty" in refused
    assert wrapper.calls == 3  # the good run, then the broken one and its retry
    assert served.get("pagefind/" + ENTRY) == (200, good)
    assert served.status()["search_builds"] == 1
    for about in json.loads(good)["languages"].values():  # the good bundle's files are all still there
        code, meta = served.get_bytes(f"pagefind/pagefind.{about['hash']}.pf_meta")
        assert code == 200 and gzip.decompress(meta).startswith(b"pagefind_dcd")


# --- the verifier itself ------------------------------------------------------------------------

DOCUMENT = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>
<h1>{title}</h1><p data-pagefind-filter="kind">{kind}</p><p>{text}</p></body></html>"""


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("bundle")
    documents = {
        f"{lang}/{n}/index.html": DOCUMENT.format(
            lang=lang, title=f"{word} {n}", kind=kind, text=f"{word} {n} " * 40
        ).encode()
        for lang, word, kind in (("fi", "kunta", "hanke"), ("sv", "kommun", "projekt"))
        for n in range(12)
    }
    stats = build_search_index(documents, site)
    assert stats.pages == 24 and stats.retried == ()
    return site / "pagefind"


def test_the_verifier_accepts_a_good_bundle(good_bundle: Path) -> None:
    assert verify_bundle(good_bundle, 24) == []


BREAKS: dict[str, Callable[[Path], Path]] = {
    "entry": lambda b: b / ENTRY,
    "meta": lambda b: sorted(b.glob("*.pf_meta"))[1],
    "index chunk": lambda b: sorted((b / "index").iterdir())[0],
    "filter": lambda b: sorted((b / "filter").iterdir())[0],
    "fragment": lambda b: sorted((b / "fragment").iterdir())[3],
    "wasm": lambda b: b / "wasm.sv.pagefind",
    "module script": lambda b: b / "pagefind.js",
    "worker script": lambda b: b / "pagefind-worker.js",
}


@pytest.mark.parametrize("how", ["empty", "half", "all but one byte", "missing"])
@pytest.mark.parametrize("part", sorted(BREAKS))
def test_the_verifier_names_each_broken_file(good_bundle: Path, tmp_path: Path, part: str, how: str) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(good_bundle, bundle)
    victim = BREAKS[part](bundle)
    size = victim.stat().st_size
    if how == "missing":
        victim.unlink()
    else:
        with victim.open("r+b") as handle:
            handle.truncate({"empty": 0, "half": size // 2, "all but one byte": size - 1}[how])
    problems = verify_bundle(bundle, 24)
    name = victim.relative_to(bundle).as_posix()
    assert problems and {broken for broken, _ in problems} == {name}, problems


def test_the_verifier_counts_pages(good_bundle: Path) -> None:
    assert verify_bundle(good_bundle, 25) == [
        (ENTRY, "counts 24 pages in its languages, but 25 documents were indexed")
    ]
