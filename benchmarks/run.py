"""Benchmark rekisteri on synthetic registers and print a Markdown report.

For each size, pages alone (``build --no-search``): a clean build (the whole
``rekisteri build --no-cache`` command, interpreter start included: wall time,
pages per second, peak memory), side by side with Hugo on the same items when
``hugo`` is installed (``../shared/bench/hugo_twin.py`` makes the twin; the two
run alternately and the ratio of their medians is reported), a rebuild with
nothing changed, a rebuild after editing one item, and serve's latency from a
real save to the served page showing it (a ``rekisteri serve`` process, read
over HTTP).  Then the search index on its own: seconds and bytes per 1,000
items, the indexer's memory, Pagefind alone on the same built pages (the
yardstick), an edit with search, and the bytes a browser downloads for its
first query (measured in headless Chromium).  Each figure is the median of
``--runs`` runs, with min and max.

    .venv/bin/python benchmarks/run.py                 # 1,000 and 5,000 items
    .venv/bin/python benchmarks/run.py --sizes 50000 --runs 1 --pages-only
    .venv/bin/python benchmarks/run.py --work /dev/shm --pages-only   # on tmpfs

Hugo: ``apt-get install hugo`` (Debian's 0.111); without it the Hugo columns
are left out.  ``--work`` chooses where registers and outputs live: on a disk
mounted with online ``discard`` (as on the project's machines) creating files
right after deleting many is up to ten times slower at random, and that noise
drowns both programs' figures; tmpfs measures the programs instead.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import generate  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def build_once(root: Path, out: Path, search: bool = True) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "_build_once.py"), str(root), str(out), *([] if search else ["--no-search"])],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


HUGO_TWIN = HERE.parent.parent / "shared" / "bench" / "hugo_twin.py"
REKISTERI = Path(sys.executable).with_name("rekisteri")


def run_timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds of a whole command, and its peak memory in MiB (the largest of the
    process and the children it waited for, as the kernel reports it to ``wait4``)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def rekisteri_build(root: Path, out: Path, *options: str) -> tuple[float, float]:
    """The command an editor runs, interpreter start included."""
    return run_timed([str(REKISTERI), "build", "--root", str(root), "--out", str(out), "-q", *options])


def hugo_build(twin: Path) -> tuple[float, float]:
    """Hugo cold: no output and no resource cache left from the previous run."""
    for made in ("public", "resources"):
        shutil.rmtree(twin / made, ignore_errors=True)
    return run_timed(["hugo", "--quiet", "-s", str(twin)])


def pagefind_alone(site: Path, scratch: Path) -> tuple[float, float]:
    """The yardstick for the search step: Pagefind indexing the built HTML pages as they are."""
    from generator.search.pagefind import pagefind_binary

    shutil.rmtree(scratch, ignore_errors=True)
    return run_timed([str(pagefind_binary()), "--site", str(site), "--output-path", str(scratch), "--silent"])


def ratio(ours: list[float], theirs: list[float]) -> str:
    return f"{statistics.median(ours) / statistics.median(theirs):.2f}"


def spread(values: list[float], unit: str = "", digits: int = 2) -> str:
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.{digits}f}{unit}"
    return f"{median:.{digits}f}{unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def transfer_size(body: bytes) -> int:
    """Bytes on the wire from a server that gzips text; Pagefind's own chunks come gzipped."""
    return len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 6))


def first_query_bytes(site: Path, query: str) -> int:
    """Bytes of the search bundle Chromium fetches to show the first results page."""
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            fetched: list[int] = []
            page.on(
                "response",
                lambda r: fetched.append(transfer_size(r.body())) if "/pagefind/" in r.url else None,
            )
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/fi/haku/?q={query}")
            page.wait_for_selector("#search[data-busy=false]")
            page.wait_for_load_state("networkidle")
            browser.close()
            return sum(fetched)
    finally:
        httpd.shutdown()
        httpd.server_close()


def _served_figures(served: dict[str, list[float]]) -> dict[str, str]:
    return {
        "serve: save → page served, ms (plain write)": spread(served["plain write"], digits=0),
        "serve: save → page served, ms (temp + rename)": spread(served["temp + rename"], digits=0),
        "serve: save → all files written, ms": spread(served["all files"], digits=0),
        "serve: save → searchable, ms": spread(served["searchable"], digits=0),
    }


def serve_row(items: int, runs: int, work: Path) -> dict[str, str]:
    root = work / f"register-{items}"
    generate(root, items)
    return {"items": f"{items:,}"} | _served_figures(serve_latency(root, runs))


def measure(items: int, runs: int, work: Path, search: bool = True) -> dict[str, str]:
    root = work / f"register-{items}"
    generate(root, items)
    out = root / "build"
    target = next((root / "content/fi/projects").glob("*.md"))
    twin = work / f"hugo-{items}"
    hugo = shutil.which("hugo") is not None and HUGO_TWIN.is_file()
    if hugo:
        subprocess.run([sys.executable, str(HUGO_TWIN), str(root), str(twin)], check=True, capture_output=True)

    def forget() -> None:
        for made in (out, root / ".cache"):  # nothing kept: a clean build
            shutil.rmtree(made, ignore_errors=True)

    def clean_build(with_search: bool) -> dict[str, Any]:
        forget()
        return build_once(root, out, with_search)

    def edit() -> None:
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\nMuokkaus {time.monotonic_ns()}.\n")

    # Pages: HTML only, no search documents and no Pagefind; the whole command against Hugo's,
    # alternately, so that both meet the same moments of a noisy machine.
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(runs):
        forget()
        ours.append(rekisteri_build(root, out, "--no-search", "--no-cache"))
        if hugo:
            theirs.append(hugo_build(twin))
    pages = sum(1 for _ in out.rglob("*.html"))
    files = sum(1 for path in out.rglob("*") if path.is_file())
    unchanged = [rekisteri_build(root, out, "--no-search")[0] for _ in range(runs)]  # saves the state first
    edited = []
    for _ in range(runs):
        edit()
        edited.append(rekisteri_build(root, out, "--no-search")[0])
    served = serve_latency(root, runs)
    seconds = [wall for wall, _ in ours]
    row = {
        "items": f"{items:,}",
        "HTML pages / files": f"{pages:,} / {files:,}",
        "clean build (HTML), s": spread(seconds),
        "pages/s": spread([pages / wall for wall in seconds], digits=0),
        "peak RSS, MiB": spread([rss for _, rss in ours], digits=0),
    }
    if theirs:
        row |= {
            "Hugo twin clean build, s": spread([wall for wall, _ in theirs]),
            "Hugo peak RSS, MiB": spread([rss for _, rss in theirs], digits=0),
            "ratio rekisteri / Hugo": ratio(seconds, [wall for wall, _ in theirs]),
        }
    row |= {
        "no-change rebuild, s": spread(unchanged),
        "one-edit rebuild, s": spread(edited),
    } | _served_figures(served)
    if not search:
        return row
    # Search, on its own: making the documents (word forms…) plus running Pagefind, against
    # Pagefind alone on the same built pages.
    alone = [pagefind_alone(out, work / "pagefind-alone") for _ in range(max(1, runs // 2))]
    shutil.rmtree(work / "pagefind-alone", ignore_errors=True)
    indexed = [clean_build(True) for _ in range(max(1, runs // 2))]
    search_seconds = [c["search_seconds"] + c["search_prep_seconds"] for c in indexed]
    edit()
    edited_search = rekisteri_build(root, out)[0]
    per_thousand = 1000 / items
    row |= {
        "search step, s": spread(search_seconds),
        "Pagefind alone on the HTML, s": spread([wall for wall, _ in alone]),
        "search index, s per 1,000 items": spread([s * per_thousand for s in search_seconds]),
        "search index, MB per 1,000 items": spread([c["search_bytes"] * per_thousand / 1e6 for c in indexed]),
        "indexer peak RSS, MiB (Pagefind alone)": spread([c["indexer_rss_kib"] / 1024 for c in indexed], digits=0)
        + f" ({spread([rss for _, rss in alone], digits=0)})",
        "build with search peak RSS, MiB": spread([c["rss_kib"] / 1024 for c in indexed], digits=0),
        "one edit with search, s": f"{edited_search:.2f}",
        "first query download, KB": " / ".join(
            f"{first_query_bytes(out, word) / 1000:.0f}" for word in ("digitalisaatio", "strategia", "Virtanen")
        ),
    }
    return row


class _Serve:
    """A real ``rekisteri serve`` process on the register, as an editor runs it."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("rekisteri")), "serve", "--root", str(root), "--port", "0", "-q"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stderr is not None
        for line in self.process.stderr:
            found = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
            if found:
                self.url = found.group(1)
                break
        else:
            raise SystemExit("serve did not start")
        threading.Thread(target=self.process.stderr.read, daemon=True).start()  # keep the pipe drained

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            body: bytes = response.read()
            return body

    def status(self) -> dict[str, Any]:
        status: dict[str, Any] = json.loads(self.get("__rekisteri__/status"))
        return status

    def wait(self, done: Callable[[dict[str, Any]], bool], seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not done(self.status()):
            if time.monotonic() > deadline:
                raise SystemExit("serve did not finish in time")
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)


def _save(path: Path, text: str, how: str) -> None:
    if how == "plain write":
        path.write_text(text, encoding="utf-8")
        return
    temporary = path.with_name(f".{path.name}.tmp")  # an editor's atomic save: temp file renamed over the file
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def serve_latency(root: Path, runs: int) -> dict[str, list[float]]:
    """Through a real ``rekisteri serve`` process and real file saves: milliseconds from just
    before the save until the served page (read over HTTP, as the reloading browser reads it)
    shows the new text, until the feeds and data files are written too, and until the
    search bundle with the edit is served.  Saves alternate
    between a plain write and a temporary file renamed over the item.  Between saves the
    background search refresh is allowed to finish, as it does while an editor types."""
    serve = _Serve(root)
    try:
        serve.wait(lambda status: status["search_builds"] >= 1, 3600)
        target = next((root / "content/fi/networks").glob("*.md"))
        page = f"fi/verkostot/{target.stem}/"
        original = target.read_text(encoding="utf-8")
        figures: dict[str, list[float]] = {"plain write": [], "temp + rename": [], "all files": [], "searchable": []}
        for run in range(max(runs, 3) * 2):
            how = "plain write" if run % 2 == 0 else "temp + rename"
            word = f"Palvelinmittaus{run}x"
            before = serve.status()
            started = time.perf_counter()
            _save(target, f"{original}\n{word}.\n", how)
            while word.encode() not in serve.get(page):
                time.sleep(0.002)
            figures[how].append((time.perf_counter() - started) * 1000)
            serve.wait(lambda status, b=before: status["builds"] > b["builds"] and not status["pending"], 600)
            figures["all files"].append((time.perf_counter() - started) * 1000)
            serve.wait(lambda status, b=before: status["search_builds"] > b["search_builds"], 3600)
            figures["searchable"].append((time.perf_counter() - started) * 1000)  # the new bundle is served
        target.write_text(original, encoding="utf-8")
        return figures
    finally:
        serve.stop()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def report(rows: list[dict[str, str]], runs: int, write: Callable[[str], object] = print) -> None:
    write(f"Machine: {machine()}; median of {runs} runs (min–max).\n")
    keys = list(dict.fromkeys(key for row in rows for key in row))
    write("| " + " | ".join(keys) + " |")
    write("|" + "---|" * len(keys))
    for row in rows:
        write("| " + " | ".join(row.get(k, "–") for k in keys) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages-only", action="store_true", help="leave out the search figures (quick mode)")
    parser.add_argument("--serve-only", action="store_true", help="only serve's save-to-page latency")
    parser.add_argument("--work", type=Path, help="folder for the registers and outputs (e.g. /dev/shm: tmpfs)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rekisteri-bench-", dir=arguments.work) as work:
        if arguments.serve_only:
            rows = [serve_row(items, arguments.runs, Path(work)) for items in arguments.sizes]
        else:
            rows = [measure(items, arguments.runs, Path(work), not arguments.pages_only) for items in arguments.sizes]
    report(rows, arguments.runs)


if __name__ == "__main__":
    main()
