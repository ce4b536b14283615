"""``build()``: the whole pipeline, top to bottom.

settings → load + validate + join + resolve (register) → theme → plan pages →
render (all in :class:`site.SiteBuilder`) → search index → write atomically.
Any stage that finds errors stops the build before anything is written, so the
published site stays as it was.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, display_path, has_errors
from .output import OutputError, write_site
from .search import IndexStats, SearchIndexError, build_search_index
from .searchrecords import documents, search_records
from .site import Progress, SiteBuilder
from .wordforms import WordForms


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    written: bool = False
    notes: list[str] = field(default_factory=list)
    search: IndexStats | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(
    root: Path, out: Path, strict: bool = False, progress: Progress | None = None, workers: int | None = None
) -> BuildResult:
    """``workers``: processes for rendering (default: one per core)."""
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    site = SiteBuilder(root, strict=strict, workers=workers or os.cpu_count() or 1)
    delta = site.rebuild(progress=progress)
    result = BuildResult(delta.diagnostics)
    if not delta.ok or site.planner is None:
        return result

    report("search", 0, 0)
    forms = WordForms.load()
    try:
        index_documents = documents(search_records(site.planner, forms))
    finally:
        forms.close()
    result.notes.extend(f"search: {missing}; recall is lower" for missing in forms.missing)

    def add_search_index(staging: Path) -> None:
        result.search = build_search_index(index_documents, staging)

    report("write", 0, 0)
    try:
        write_site(site.files, out, before_swap=add_search_index)
    except (OutputError, SearchIndexError) as exc:
        result.diagnostics.append(Diagnostic(display_path(out, root), 0, "", str(exc)))
        return result
    result.pages, result.files, result.written = delta.rendered, len(site.files), True
    result.seconds = time.perf_counter() - started
    return result
