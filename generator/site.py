"""The site held in memory, rebuilt whole or only where an edit shows.

``SiteBuilder.rebuild()`` validates the register (re-reading only files
whose bytes changed), works out which pages show what changed, plans and
renders just those, and reports the files whose bytes differ.  ``build`` uses
it once; ``serve`` keeps one alive and feeds it the paths it sees change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .check import Checked, check
from .diagnostics import Diagnostic, display_path, has_errors, sort_diagnostics
from .gitlog import file_dates
from .markdown import MarkdownRenderer
from .pages import Gettext, PagePlanner, PageSpec
from .register import KINDS, LANGS, LoadCache, Register
from .render import Renderer, RenderError
from .theme import Theme, load_theme

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
    def __init__(self, root: Path, strict: bool = False) -> None:
        self.root = root
        self.strict = strict
        self.cache = LoadCache()
        self.files: dict[str, bytes] = {}
        self.dates: dict[Path, dt.date] = {}
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
            theme, problems = load_theme(self.root, checked.settings.theme, LANGS)
            if theme is None or has_errors(problems):
                return Delta(sort_diagnostics(checked.diagnostics + problems))
        else:
            theme = self.last.theme
        gettexts: dict[str, Gettext] = {lang: theme.translations[lang].gettext for lang in LANGS}
        self._dates(checked.register, None if full else changed)
        planner = PagePlanner(
            checked.register, checked.settings, gettexts, self._markdown, checked.translations, self.dates
        )
        specs = planner.specs()
        if full or self.last is None:
            selected = specs
        else:
            selected = self._affected(specs, self.last.checked.register, checked.register)
        renderer = Renderer(theme, checked.settings)
        try:
            rendered = {}
            for done, spec in enumerate(selected, 1):
                rendered[urls.output_path(spec.url)] = renderer.render_page(spec.make()).encode("utf-8")
                report("render", done, len(selected))
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
            for register, item in ((old, before), (new, after)):
                if item is None:
                    continue
                keys.add(f"kind:{item.kind}")
                keys |= {f"org:{o}" for o in register.organisation_ids(item)}
                # Pages that list this item among their related ones, before or after.
                item_pages |= {urls.item(lang, r.kind, r.id) for r in register.related(item) for lang in LANGS}
        known = set(self.last.pages) if self.last else set()
        return [s for s in specs if s.depends_on & keys or s.url in item_pages or s.url not in known]
