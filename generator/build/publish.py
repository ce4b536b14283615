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
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, display_path, has_errors
from ..pages.planner import PagePlanner
from ..search.pagefind import BUNDLE, IndexStats, SearchIndexError, build_search_index, documents_digest
from ..search.records import documents, search_records
from ..search.wordforms import WordForms
from ..text.editor import _e
from . import manifest
from .output import (
    BUILD_ID_FILE,
    FolderWriter,
    InPlaceWriter,
    OutputError,
    exchange_or_replace,
    guard_output,
    link_tree,
    locked,
    publishing,
    remove_leftovers,
    scratch_folder,
)
from .site import Progress, SiteBuilder, tune_collector
from .state import state_version


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
MANIFEST_FILE = STATE_FILE.with_name("manifest.pickle")  # see :mod:`manifest`
WORDFORMS_FILE = STATE_FILE.with_name("wordforms.sqlite")  # see :mod:`search.wordforms`


def _build_id(files: dict[str, str]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        digest.update(f"{path}\0{files[path]}\n".encode())
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
    search: bool = True,
    force: bool = False,
) -> BuildResult:
    """``workers``: processes for rendering (default: one per core).  With ``use_cache`` the
    previous build's state (ROOT/.cache/rekisteri) is reused, so only what changed is
    rendered, re-indexed and written.  Without ``search`` no search bundle is published
    (quick previews, and the benchmark's pages-only figures).  ``out`` is refused
    (:class:`output.UnsafeOutput`, before anything is read or written) when replacing it could
    destroy files rekisteri did not make, unless ``force`` allows a folder of the user's."""
    started = time.perf_counter()
    out = guard_output(out, root, force)
    tune_collector()
    workers = workers or os.cpu_count() or 1
    state = root / STATE_FILE
    inputs = manifest.input_signatures(root)  # before anything is read: an edit during the build is seen next time
    head = manifest.history_head(root)
    if use_cache:
        last = manifest.load(root / MANIFEST_FILE)
        marker = out / BUILD_ID_FILE
        if (
            last
            and (out / BUNDLE).is_dir() == search
            and manifest.still_published(last, state_version(), root, strict, search, out, marker)
        ):
            return BuildResult(
                list(last.diagnostics), files=last.files, written=True, seconds=time.perf_counter() - started
            )
    site = SiteBuilder.load(state, root, strict, workers) if use_cache else SiteBuilder(root, strict, workers)
    site.keep_markdown = search  # the search documents reuse the rendered bodies
    forms_cache = root / WORDFORMS_FILE if use_cache else None
    result = BuildResult()
    try:
        ours = _published_by(site, out)
        if ours and not site.needs_full():
            _publish_changes(site, out, search, progress, result, forms_cache)
        else:
            _publish_whole(site, out, ours, search, progress, result, forms_cache)
    except _NotBuilt:
        return result
    except OutputError as exc:
        result.diagnostics.append(Diagnostic(display_path(out, root), 0, "", str(exc), code="output-not-written"))
        return result
    except SearchIndexError as exc:  # each broken file of the bundle named where it would have been published
        result.diagnostics.extend(
            Diagnostic(
                display_path(out / BUNDLE / name, root),
                0,
                "",
                _e("search bundle file {problem}").format(problem=message),
                code="search-index",
            )
            if name
            else Diagnostic(
                display_path(out, root),
                0,
                "",
                _e("search index: {problem}").format(problem=message),
                code="search-index",
            )
            for name, message in exc.problems
        )
        return result
    if use_cache:
        with contextlib.suppress(OSError):
            (root / MANIFEST_FILE).unlink(missing_ok=True)  # stale until the state is saved
            site.save(state)
            made = manifest.make(
                state_version(),
                root,
                strict,
                search,
                out,
                site.build_id,
                len(site.files),
                inputs,
                result.diagnostics,
                head,
            )
            manifest.save(made, root / MANIFEST_FILE)
    result.written = True
    result.seconds = time.perf_counter() - started
    return result


class _NotBuilt(Exception):
    """The register or a template has errors: leave the published site as it is."""


def _publish_whole(
    site: SiteBuilder,
    out: Path,
    ours: bool,
    search: bool,
    progress: Progress | None,
    result: BuildResult,
    forms_cache: Path | None = None,
) -> None:
    """Every page is made into a staging folder that replaces ``out`` in one atomic swap.
    When the output is ``ours`` (what the saved state describes), files whose bytes are
    already published are linked, keeping their modification time."""
    report = progress or (lambda stage, done, total: None)
    previous_search = site.search_digest if ours and (out / BUNDLE).is_dir() else ""
    with publishing(out) as staging:
        writer = FolderWriter(staging, out if ours else None, site.files if ours else {})
        delta = site.rebuild(None, progress, writer)
        result.diagnostics = delta.diagnostics
        if not delta.ok:
            raise _NotBuilt
        result.pages, result.files = delta.rendered, len(site.files)
        build_id = _build_id(site.files)
        (staging / BUILD_ID_FILE).write_text(build_id + "\n", encoding="utf-8")
        if search:
            report("search", 0, 0)
            if not _make_search_bundle(site, staging, previous_search, result, out / BUNDLE, forms_cache):
                link_tree(out / BUNDLE, staging / BUNDLE)
    _published(site, out, build_id, search)


def _publish_changes(
    site: SiteBuilder,
    out: Path,
    search: bool,
    progress: Progress | None,
    result: BuildResult,
    forms_cache: Path | None = None,
) -> None:
    """Only what an edit changed is made, put beside the published files and renamed over
    them in one burst at the end (see :class:`output.InPlaceWriter`); nothing is renamed
    unless the pages and the search bundle were all made."""
    report = progress or (lambda stage, done, total: None)
    previous_search = site.search_digest if (out / BUNDLE).is_dir() else ""
    with locked(out):
        remove_leftovers(out)
        scratch = scratch_folder(out)
        try:
            writer = InPlaceWriter(out, scratch, dict(site.files))
            delta = site.rebuild([], progress, writer)  # the build decided no full rebuild is needed
            result.diagnostics = delta.diagnostics
            if not delta.ok:
                raise _NotBuilt
            result.pages, result.files = delta.rendered, len(site.files)
            build_id = _build_id(site.files)
            made = False
            if search:
                report("search", 0, 0)
                made = _make_search_bundle(site, scratch, previous_search, result, out / BUNDLE, forms_cache)
            report("write", 0, 0)

            def swap_search() -> None:
                if made:
                    exchange_or_replace(scratch / BUNDLE, out / BUNDLE)
                elif not search and (out / BUNDLE).exists():
                    (out / BUNDLE).rename(scratch / ".old-bundle")

            writer.commit(delta.changed, delta.removed, BUILD_ID_FILE, build_id + "\n", during=swap_search)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    _published(site, out, build_id, search)


def _published(site: SiteBuilder, out: Path, build_id: str, search: bool) -> None:
    """What the saved state must say of the output now."""
    if not search:
        site.search_digest = ""  # no bundle went out
    site.published, site.build_id = str(out), build_id


def _make_search_bundle(
    site: SiteBuilder,
    folder: Path,
    previous_search: str,
    result: BuildResult,
    published: Path,
    forms_cache: Path | None,
) -> bool:
    """The published bundle is kept whole (False) when no search document changed, and made
    again into ``folder`` (True) otherwise, from the ``published`` bundle's shards whose
    documents did not change and Pagefind runs for the others."""
    assert site.planner is not None
    started = time.perf_counter()
    search_key = _search_key(site)
    key_seconds = time.perf_counter() - started
    if previous_search and search_key == site.search_key:
        result.search_prep_seconds = key_seconds
        return False
    bundle = make_search_bundle(
        site.planner,
        folder,
        previous=previous_search,
        published=published if previous_search else None,
        cache=forms_cache,
    )
    result.notes.extend(_e("search: {missing}; recall is lower").format(missing=missing) for missing in bundle.missing)
    result.search_prep_seconds = key_seconds + bundle.prep_seconds
    site.search_key = search_key
    if bundle.stats is None:
        return False
    result.search = bundle.stats
    result.notes.extend(
        _e("search: Pagefind's first bundle was broken and was made again: {problem}").format(problem=problem)
        for problem in bundle.stats.retried
    )
    site.search_digest = bundle.digest
    return True


@dataclass
class SearchBundle:
    """What :func:`make_search_bundle` did."""

    digest: str  # of the search documents: the same digest, the same bundle
    prep_seconds: float  # making the documents (word forms…), before Pagefind
    missing: list[str] = field(default_factory=list)  # word forms this machine cannot make
    stats: IndexStats | None = None  # None: the documents were ``previous``'s, so no bundle was made


def make_search_bundle(
    planner: PagePlanner,
    folder: Path,
    forms: WordForms | None = None,
    previous: str = "",
    stop: threading.Event | None = None,
    published: Path | None = None,
    cache: Path | None = None,
) -> SearchBundle:
    """The search documents of every item page, indexed into ``folder/pagefind``: what
    ``build`` publishes and ``serve`` swaps in beside the pages it serves.

    Pagefind has no incremental mode, so documents whose digest is ``previous`` are not
    indexed again, and shards whose documents are those of a shard of ``published`` (a bundle
    made by this code for the same register) are taken from there.  Without ``forms`` word
    forms load only if some record has to be made (their analyses kept in ``cache`` between
    runs), and are closed before Pagefind runs; ``serve`` refreshes often and keeps its own.
    ``stop`` stops Pagefind at once (:class:`search.pagefind.SearchCancelled`)."""
    started = time.perf_counter()
    loaded: list[WordForms] = []

    def load_forms() -> WordForms:
        made = WordForms.load()
        loaded.append(made if cache is None else made.keep_in(cache))
        return loaded[0]

    try:
        index_documents = documents(search_records(planner, load_forms if forms is None else forms))
    finally:
        for made in loaded:
            made.close()
    bundle = SearchBundle(
        documents_digest(index_documents),
        time.perf_counter() - started,
        [missing for made in loaded for missing in made.missing],
    )
    if not (previous and bundle.digest == previous):
        bundle.stats = build_search_index(index_documents, folder, stop, published)
    return bundle
