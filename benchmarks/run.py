"""Benchmark rekisteri on synthetic registers and print a Markdown report.

For each size: clean build (wall time, HTML pages per second with the search
indexing time taken out, peak memory), a rebuild with nothing changed, a
rebuild after editing one item, and the search index (seconds and bytes per
1,000 items, and the bytes a browser downloads for its first query, measured
in headless Chromium).  Each figure is the median of ``--runs`` runs, with
min and max.

    .venv/bin/python benchmarks/run.py                 # 1,000 and 5,000 items
    .venv/bin/python benchmarks/run.py --sizes 1000 5000 50000 --runs 3
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


def build_once(root: Path, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "_build_once.py"), str(root), str(out)],
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


def measure(items: int, runs: int, work: Path) -> dict[str, str]:
    root = work / f"register-{items}"
    generate(root, items)
    out = root / "build"
    clean: list[dict[str, Any]] = []
    for _ in range(runs):
        subprocess.run(["rm", "-rf", str(out), str(root / ".cache")], check=True)  # nothing kept: a clean build
        clean.append(build_once(root, out))
    unchanged = [build_once(root, out) for _ in range(runs)]
    edited = []
    target = next((root / "content/fi/projects").glob("*.md"))
    for run in range(runs):
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\nMuokkaus {run}.\n")
        edited.append(build_once(root, out))
    serve = serve_latency(root, runs)
    # Pages and search are each other's overhead: the HTML figure leaves out both making the
    # search documents and running Pagefind, and the search figure counts both.
    search_seconds = [c["search_seconds"] + c["search_prep_seconds"] for c in clean]
    html_seconds = [c["seconds"] - s for c, s in zip(clean, search_seconds, strict=True)]
    pages = clean[0]["pages"]
    per_thousand = 1000 / items
    return {
        "items": f"{items:,}",
        "pages": f"{pages:,}",
        "clean build, s": spread([c["seconds"] for c in clean]),
        "HTML only, s": spread(html_seconds),
        "pages/s (HTML)": spread([pages / s for s in html_seconds], digits=0),
        "peak RSS, MiB": spread([c["rss_kib"] / 1024 for c in clean], digits=0),
        "indexer peak RSS, MiB": spread([c["indexer_rss_kib"] / 1024 for c in clean], digits=0),
        "no-change rebuild, s": spread([u["seconds"] for u in unchanged]),
        "one-edit rebuild, s (pages / with search)": spread(
            [e["seconds"] - e["search_seconds"] - e["search_prep_seconds"] for e in edited]
        )
        + " / "
        + spread([e["seconds"] for e in edited]),
        "serve: edit → pages written, ms": spread(serve, digits=0),
        "search index, s per 1,000 items": spread([s * per_thousand for s in search_seconds]),
        "search index, MB per 1,000 items": spread([c["search_bytes"] * per_thousand / 1e6 for c in clean]),
        "first query download, KB": " / ".join(
            f"{first_query_bytes(out, word) / 1000:.0f}" for word in ("digitalisaatio", "strategia", "Virtanen")
        ),
    }


def serve_latency(root: Path, runs: int) -> list[float]:
    """What ``serve`` does after an edit (incremental rebuild of a warm site), plus its 50 ms
    wait for a burst of events to end."""
    from generator.serve import QUIET_SECONDS
    from generator.site import SiteBuilder

    site = SiteBuilder(root, workers=1)
    site.rebuild()
    target = next((root / "content/fi/networks").glob("*.md"))
    timings = []
    for run in range(max(runs, 3)):
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\nPalvelimen muokkaus {run}.\n")
        started = time.perf_counter()
        delta = site.rebuild([target])
        assert delta.ok
        timings.append((time.perf_counter() - started + QUIET_SECONDS) * 1000)
    return timings


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
    keys = list(rows[0])
    write("| " + " | ".join(keys) + " |")
    write("|" + "---|" * len(keys))
    for row in rows:
        write("| " + " | ".join(row[k] for k in keys) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rekisteri-bench-") as work:
        rows = [measure(items, arguments.runs, Path(work)) for items in arguments.sizes]
    report(rows, arguments.runs)


if __name__ == "__main__":
    main()
