"""Benchmark rekisteri on synthetic registers and print a Markdown report.

For each size, pages alone (``build --no-search``): clean build (wall time,
pages per second, peak memory), a rebuild with nothing changed, a rebuild after
editing one item, and serve's latency from an edit to pages written.  Then the
search index on its own: seconds and bytes per 1,000 items, the indexer's
memory, an edit with search, and the bytes a browser downloads for its first
query (measured in headless Chromium).  Each figure is the median of ``--runs``
runs, with min and max.

    .venv/bin/python benchmarks/run.py                 # 1,000 and 5,000 items
    .venv/bin/python benchmarks/run.py --sizes 50000 --runs 1 --pages-only
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
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


def measure(items: int, runs: int, work: Path, search: bool = True) -> dict[str, str]:
    root = work / f"register-{items}"
    generate(root, items)
    out = root / "build"
    target = next((root / "content/fi/projects").glob("*.md"))

    def clean_build(with_search: bool) -> dict[str, Any]:
        subprocess.run(["rm", "-rf", str(out), str(root / ".cache")], check=True)  # nothing kept: a clean build
        return build_once(root, out, with_search)

    def edit_and_build(run: int, with_search: bool) -> dict[str, Any]:
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\nMuokkaus {run}.\n")
        return build_once(root, out, with_search)

    # Pages: HTML only, no search documents and no Pagefind.
    clean = [clean_build(False) for _ in range(runs)]
    unchanged = [build_once(root, out, False) for _ in range(runs)]
    edited = [edit_and_build(run, False) for run in range(runs)]
    serve_pages, serve_all = serve_latency(root, runs)
    pages = clean[0]["pages"]
    row = {
        "items": f"{items:,}",
        "pages": f"{pages:,}",
        "clean build (HTML), s": spread([c["seconds"] for c in clean]),
        "pages/s": spread([pages / c["seconds"] for c in clean], digits=0),
        "peak RSS, MiB (build / largest render worker)": spread([c["rss_kib"] / 1024 for c in clean], digits=0)
        + " / "
        + spread([c["indexer_rss_kib"] / 1024 for c in clean], digits=0),
        "no-change rebuild, s": spread([u["seconds"] for u in unchanged]),
        "one-edit rebuild, s": spread([e["seconds"] for e in edited]),
        "serve: edit → pages written, ms": spread(serve_pages, digits=0),
        "serve: edit → all files written, ms": spread(serve_all, digits=0),
    }
    if not search:
        return row
    # Search, on its own: making the documents (word forms…) plus running Pagefind.
    indexed = [clean_build(True) for _ in range(max(1, runs // 2))]
    search_seconds = [c["search_seconds"] + c["search_prep_seconds"] for c in indexed]
    edited_search = edit_and_build(runs, True)
    per_thousand = 1000 / items
    row |= {
        "search index, s per 1,000 items": spread([s * per_thousand for s in search_seconds]),
        "search index, MB per 1,000 items": spread([c["search_bytes"] * per_thousand / 1e6 for c in indexed]),
        "indexer peak RSS, MiB": spread([c["indexer_rss_kib"] / 1024 for c in indexed], digits=0),
        "one edit with search, s": f"{edited_search['seconds']:.2f}",
        "first query download, KB": " / ".join(
            f"{first_query_bytes(out, word) / 1000:.0f}" for word in ("digitalisaatio", "strategia", "Virtanen")
        ),
    }
    return row


def serve_latency(root: Path, runs: int) -> tuple[list[float], list[float]]:
    """What ``serve`` does after an edit, plus its 50 ms wait for a burst of file events to
    end: milliseconds until the pages are written, and until the feeds and data files
    (which serve writes right after the pages) are too."""
    from generator.output import FolderWriter
    from generator.serve import QUIET_SECONDS
    from generator.site import SiteBuilder, tune_collector

    tune_collector()  # as serve does: the first build forked and straight to a folder, then in-process
    site = SiteBuilder(root, workers=os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="rekisteri-serve-") as folder:
        assert site.rebuild(writer=FolderWriter(Path(folder))).ok
    site.workers = 1
    target = next((root / "content/fi/networks").glob("*.md"))
    pages, everything = [], []
    for run in range(max(runs, 3)):
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\nPalvelimen muokkaus {run}.\n")
        started = time.perf_counter()
        delta = site.rebuild([target], watched=True, defer_files=True)
        assert delta.ok
        pages.append((time.perf_counter() - started + QUIET_SECONDS) * 1000)
        site.finish()
        everything.append((time.perf_counter() - started + QUIET_SECONDS) * 1000)
    return pages, everything


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
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rekisteri-bench-") as work:
        rows = [measure(items, arguments.runs, Path(work), not arguments.pages_only) for items in arguments.sizes]
    report(rows, arguments.runs)


if __name__ == "__main__":
    main()
