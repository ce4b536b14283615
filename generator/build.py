"""``build()``: the whole pipeline, top to bottom.

settings → load + validate + join + resolve (register) → theme → plan pages →
render (all in :class:`site.SiteBuilder`) → search index → write atomically.
Any stage that finds errors stops the build before anything is written, so the
published site stays as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, display_path, has_errors
from .output import OutputError, link_tree, write_site
from .search import IndexStats, SearchIndexError, build_search_index
from .searchrecords import documents, documents_digest, search_records
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
    search_prep_seconds: float = 0.0  # making the search documents (word forms…), before Pagefind

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


STATE_FILE = Path(".cache") / "rekisteri" / "site.pickle"
BUILD_ID_FILE = ".rekisteri-build"  # in the output: which build wrote it (a digest of its files)


def _build_id(files: dict[str, bytes]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(hashlib.blake2b(files[path], digest_size=16).digest())
    return digest.hexdigest()


def _search_key(site: SiteBuilder) -> str:
    """What the search documents are made of — every item file's bytes, translation states,
    dates, settings and theme — without making them: unchanged, the bundle is kept as is."""
    digest = hashlib.blake2b(site.inputs.encode(), digest_size=16)
    for path, (file_digest, _, _) in sorted(site.cache.files.items()):
        digest.update(f"{path}\0{file_digest}\0{site.dates.get(path)}\n".encode())
    if site.last is not None:
        for translation in site.last.checked.translations.items:
            digest.update(f"{translation.item.id}{sorted(translation.states.items())}".encode())
    return digest.hexdigest()


def _published_by(site: SiteBuilder, out: Path) -> bool:
    """A build killed after publishing but before saving its state leaves an output the
    state does not describe; then nothing in it is reused."""
    try:
        marker = (out / BUILD_ID_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return site.published == str(out.absolute()) and bool(site.build_id) and marker == site.build_id


def build(
    root: Path,
    out: Path,
    strict: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    use_cache: bool = True,
) -> BuildResult:
    """``workers``: processes for rendering (default: one per core).  With ``use_cache`` the
    previous build's state (ROOT/.cache/rekisteri) is reused, so only what changed is
    rendered, re-indexed and written."""
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    workers = workers or os.cpu_count() or 1
    state = root / STATE_FILE
    site = SiteBuilder.load(state, root, strict, workers) if use_cache else SiteBuilder(root, strict, workers)
    same_output = _published_by(site, out)  # the output is exactly what the saved state describes
    previous_search = site.search_digest if same_output and (out / "pagefind").is_dir() else ""
    delta = site.update(progress)
    result = BuildResult(delta.diagnostics)
    if not delta.ok or site.planner is None:
        return result

    report("search", 0, 0)
    prep_started = time.perf_counter()
    search_key = _search_key(site)
    reuse_search = bool(previous_search) and search_key == site.search_key
    index_documents: dict[str, bytes] = {}
    if not reuse_search:
        holder: list[WordForms] = []

        def load_forms() -> WordForms:
            holder.append(WordForms.load())
            return holder[0]

        try:
            index_documents = documents(search_records(site.planner, load_forms))
        finally:
            for forms in holder:
                forms.close()
        result.notes.extend(f"search: {missing}; recall is lower" for forms in holder for missing in forms.missing)
    search_digest = site.search_digest if reuse_search else documents_digest(index_documents)
    result.search_prep_seconds = time.perf_counter() - prep_started
    build_id = _build_id(site.files)

    def add_search_index(staging: Path) -> None:
        (staging / BUILD_ID_FILE).write_text(build_id + "\n", encoding="utf-8")
        if reuse_search or search_digest == previous_search:
            link_tree(out / "pagefind", staging / "pagefind")  # nothing to re-index
        else:
            result.search = build_search_index(index_documents, staging)

    report("write", 0, 0)
    unchanged = set(site.files) - set(delta.written) if same_output else set()
    try:
        write_site(site.files, out, before_swap=add_search_index, unchanged=unchanged)
    except (OutputError, SearchIndexError) as exc:
        result.diagnostics.append(Diagnostic(display_path(out, root), 0, "", str(exc)))
        return result
    site.search_digest = search_digest
    site.search_key = search_key
    site.published = str(out.absolute())
    site.build_id = build_id
    if use_cache:
        with contextlib.suppress(OSError):
            site.save(state)
    result.pages, result.files, result.written = delta.rendered, len(site.files), True
    result.seconds = time.perf_counter() - started
    return result
