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
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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
            # Pagefind's API is async; a worker thread keeps it clear of any event
            # loop the caller runs (serve's watcher, a browser driver in tests).
            with ThreadPoolExecutor(max_workers=1) as pool:
                pages = pool.submit(asyncio.run, _index(Path(scratch), bundle)).result()
        except (OSError, AssertionError, RuntimeError) as exc:
            raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(pages, time.perf_counter() - started, sum(p.stat().st_size for p in files), len(files))


async def _index(folder: Path, bundle: Path) -> int:
    config = IndexConfig(output_path=str(bundle), verbose=False)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(folder))
        return int(result["page_count"])
