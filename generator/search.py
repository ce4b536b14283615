"""Pagefind: index documents in, a static search bundle out.

The indexer runs inside the build through Pagefind's Python API.  Documents
are written to a scratch folder and indexed with ``add_directory`` (adding
pages one by one through the API is two orders of magnitude slower), and the
bundle goes into the staging folder, which starts empty, so stale index
files of an earlier build never survive.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not run or index the documents."""


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float
    bytes: int
    files: int


def build_search_index(documents: dict[str, bytes], site: Path) -> IndexStats:
    """Index ``documents`` (site path → HTML) and write the bundle to ``site/pagefind``."""
    started = time.perf_counter()
    bundle = site / BUNDLE
    with tempfile.TemporaryDirectory(prefix="rekisteri-index-") as scratch:
        for site_path, content in documents.items():
            target = Path(scratch) / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        try:
            pages = _run_apart(_index(Path(scratch), bundle))
        except (OSError, AssertionError, RuntimeError) as exc:
            raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(pages, time.perf_counter() - started, sum(p.stat().st_size for p in files), len(files))


def _run_apart(work: Coroutine[Any, Any, int]) -> int:
    """Pagefind's API is async; a thread of its own keeps it clear of any event loop the
    caller runs (a browser driver in tests).  A daemon thread: ``serve`` stopping while an
    index is being made in the background does not wait for it (an executor's would)."""
    outcome: list[int] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(asyncio.run(work))
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="pagefind", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


async def _index(folder: Path, bundle: Path) -> int:
    config = IndexConfig(output_path=str(bundle), verbose=False)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(folder))
        return int(result["page_count"])
