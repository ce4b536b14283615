"""The site held in memory, rebuilt whole or only where an edit shows.

``SiteBuilder.rebuild()`` validates the register (re-reading only files
whose bytes changed), works out which pages show what changed, plans and
renders just those, and reports the files whose bytes differ.  ``build`` uses
it once; ``serve`` keeps one alive and feeds it the paths it sees change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing as mp
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from . import urls
from .check import Checked, check
from .diagnostics import Diagnostic, display_path, has_errors, sort_diagnostics
from .gitlog import file_dates
from .listings import FACETS, facet_values, order_of, selection_key
from .markdown import MarkdownRenderer
from .pages import Gettext, PagePlanner, PageSpec
from .register import KINDS, LANGS, Item, LoadCache, Register
from .render import Renderer, RenderError
from .theme import Theme, load_theme

PARALLEL_MINIMUM = 200  # fewer pages than this render faster than a process pool starts
_JOB: tuple[Renderer, list[PageSpec]] | None = None  # what forked workers render (copied by fork)


def _render_chunk(bounds: tuple[int, int]) -> tuple[dict[str, bytes], dict[str, str]]:
    assert _JOB is not None
    renderer, specs = _JOB
    markdown = renderer.markdown
    known = set(markdown.cache) if markdown else set()
    files = {
        urls.output_path(spec.url): renderer.render_page(spec.make()).encode("utf-8")
        for spec in specs[bounds[0] : bounds[1]]
    }
    bodies = {text: html for text, html in markdown.cache.items() if text not in known} if markdown else {}
    return files, bodies


#: Told of progress: (stage, done, total); total 0 when unknown.
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class Delta:
    """What one rebuild changed."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: dict[str, bytes] = field(default_factory=dict)  # site path → new bytes
    removed: list[str] = field(default_factory=list)
    rendered: int = 0
    full: bool = True

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class _Good:
    """The last state that built without errors."""

    checked: Checked
    theme: Theme
    planner: PagePlanner
    pages: dict[str, str]  # URL → site path of every page


class SiteBuilder:
    def __init__(self, root: Path, strict: bool = False, workers: int = 1) -> None:
        self.root = root
        self.strict = strict
        self.workers = workers
        self.cache = LoadCache()
        self.files: dict[str, bytes] = {}
        self.dates: dict[Path, dt.date] = {}
        self.memo: dict[object, object] = {}
        self.last: _Good | None = None
        self._markdown = MarkdownRenderer()

    @property
    def planner(self) -> PagePlanner | None:
        return self.last.planner if self.last else None

    def rebuild(self, changed: Iterable[Path] | None = None, progress: Progress | None = None) -> Delta:
        """Rebuild after ``changed`` paths changed; everything when ``None``."""
        report = progress or _no_progress
        report("check", 0, 0)
        checked = check(self.root, self.cache, strict=self.strict)
        if has_errors(checked.diagnostics):
            return Delta(checked.diagnostics)
        changed = None if changed is None else list(changed)
        full = self.last is None or changed is None or not all(self._is_item_file(p) for p in changed)
        if full or self.last is None:
            self.memo.clear()  # settings or theme may have changed what was kept
            theme, problems = load_theme(self.root, checked.settings.theme, LANGS)
            if theme is None or has_errors(problems):
                return Delta(sort_diagnostics(checked.diagnostics + problems))
        else:
            theme = self.last.theme
        gettexts: dict[str, Gettext] = {lang: theme.translations[lang].gettext for lang in LANGS}
        self._dates(checked.register, None if full else changed)
        planner = PagePlanner(
            checked.register, checked.settings, gettexts, self._markdown, checked.translations, self.dates, self.memo
        )
        specs = planner.specs()
        if full or self.last is None:
            selected = specs
        else:
            selected = self._affected(specs, self.last.checked.register, checked.register)
        renderer = Renderer(theme, checked.settings, self._markdown)
        try:
            rendered = self._render(renderer, selected, report)
        except RenderError as exc:
            where = display_path(Path(exc.template), self.root)
            return Delta([*checked.diagnostics, Diagnostic(where, exc.line, "", f"template error: {exc.message}")])
        if full:
            for site_path, source in theme.static_files().items():
                rendered[f"static/{site_path}"] = source.read_bytes()

        pages = {spec.url: urls.output_path(spec.url) for spec in specs}
        if full:
            keep = set(rendered)
            removed = [path for path in self.files if path not in keep]
        else:
            assert self.last is not None
            removed = [path for url, path in self.last.pages.items() if url not in pages]
        written = {path: data for path, data in rendered.items() if self.files.get(path) != data}
        for path in removed:
            self.files.pop(path, None)
        self.files.update(written)
        self.last = _Good(checked, theme, planner, pages)
        return Delta(checked.diagnostics, written, removed, len(selected), full)

    def _render(self, renderer: Renderer, selected: list[PageSpec], report: Progress) -> dict[str, bytes]:
        """Plan and render pages; with several workers, in forked processes that share
        everything planned so far.  Each page depends only on its spec, so the result
        is the same whatever the number of workers (tests compare them)."""
        if self.workers > 1 and len(selected) >= PARALLEL_MINIMUM and "fork" in mp.get_all_start_methods():
            global _JOB
            _JOB = (renderer, selected)
            size = max(16, len(selected) // (self.workers * 8))
            chunks = [(start, min(start + size, len(selected))) for start in range(0, len(selected), size)]
            rendered: dict[str, bytes] = {}
            try:
                with mp.get_context("fork").Pool(self.workers) as pool:
                    for files, bodies in pool.imap(_render_chunk, chunks):
                        rendered.update(files)
                        self._markdown.cache.update(bodies)
                        report("render", len(rendered), len(selected))
            finally:
                _JOB = None
            return {path: rendered[path] for path in (urls.output_path(s.url) for s in selected)}
        rendered = {}
        for done, spec in enumerate(selected, 1):
            rendered[urls.output_path(spec.url)] = renderer.render_page(spec.make()).encode("utf-8")
            report("render", done, len(selected))
        return rendered

    def _dates(self, register: Register, changed: list[Path] | None) -> None:
        """Last-changed dates of the content files: from git on a full build; an edited
        file is uncommitted, so its own modification time stands."""
        paths = [v.source.path for item in register.items.values() for v in item.versions.values()]
        if changed is None:
            self.dates = file_dates(self.root, paths)
            return
        for path in changed:
            with contextlib.suppress(OSError):
                self.dates[path] = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()

    @staticmethod
    def _selections_of(register: Register, item: Item) -> set[str]:
        planner = SimpleNamespace(register=register)
        return {selection_key(item.kind, None, None)} | {
            selection_key(item.kind, facet, value)
            for facet in FACETS
            for value in facet_values(item, facet, planner)  # type: ignore[arg-type]
        }

    def _is_item_file(self, path: Path) -> bool:
        try:
            lang, kind, name = path.absolute().relative_to((self.root / "content").absolute()).parts
        except ValueError:
            return False
        return lang in LANGS and kind in KINDS and name.endswith(".md")

    def _affected(self, specs: list[PageSpec], old: Register, new: Register) -> list[PageSpec]:
        keys: set[str] = set()
        item_pages: set[str] = set()
        for item_id in old.items.keys() | new.items.keys():
            before, after = old.items.get(item_id), new.items.get(item_id)
            if before is after or (before is not None and after is not None and before == after):
                continue
            keys |= {"items", f"item:{item_id}"}
            # New, gone, or sorted elsewhere: every list it is on is redrawn.
            moved = before is None or after is None or order_of(before) != order_of(after)
            selections: list[set[str]] = []
            for register, item in ((old, before), (new, after)):
                if item is None:
                    selections.append(set())
                    continue
                keys.add(f"kind:{item.kind}")
                keys |= {f"org:{o}" for o in register.organisation_ids(item)}
                selections.append(self._selections_of(register, item))
                # Pages that list this item among their related ones, before or after.
                item_pages |= {urls.item(lang, r.kind, r.id) for r in register.related(item) for lang in LANGS}
            # Lists it joined or left change, and so do all its lists if it moved in them.
            keys |= selections[0] ^ selections[1]
            if moved:
                keys |= selections[0] | selections[1]
        known = set(self.last.pages) if self.last else set()
        return [s for s in specs if s.depends_on & keys or s.url in item_pages or s.url not in known]
