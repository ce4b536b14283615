"""``build()``: the whole pipeline, top to bottom.

settings → load + validate + join + resolve (register) → theme → plan pages →
render → write atomically.  Any stage that finds errors stops the build
before anything is written, so the published site stays as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, display_path, has_errors, sort_diagnostics
from .markdown import MarkdownRenderer
from .output import OutputError, write_site
from .pages import Gettext, PagePlanner
from .register import LANGS, Register, load_register
from .render import Renderer, RenderError
from .search import IndexStats, SearchIndexError, build_search_index
from .searchrecords import documents, search_records
from .settings import Settings, load_settings
from .theme import load_theme
from .translations import TranslationReport, translation_report
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


@dataclass
class Checked:
    settings: Settings
    register: Register
    translations: TranslationReport
    diagnostics: list[Diagnostic]


def check(root: Path) -> Checked:
    """Validate settings and content; what ``rekisteri check`` runs and ``build`` starts with."""
    settings, diagnostics = load_settings(root)
    register, problems = load_register(root)
    translations, translation_problems = translation_report(register)
    return Checked(
        settings, register, translations, sort_diagnostics(diagnostics + problems + translation_problems)
    )


def build(root: Path, out: Path) -> BuildResult:
    started = time.perf_counter()
    checked = check(root)
    result = BuildResult(list(checked.diagnostics))
    if not result.ok:
        return result

    theme, problems = load_theme(root, checked.settings.theme, LANGS)
    result.diagnostics = sort_diagnostics(result.diagnostics + problems)
    if theme is None or not result.ok:
        return result

    gettexts: dict[str, Gettext] = {lang: theme.translations[lang].gettext for lang in LANGS}
    planner = PagePlanner(
        checked.register, checked.settings, gettexts, MarkdownRenderer(), checked.translations
    )
    pages = planner.pages()

    renderer = Renderer(theme, checked.settings)
    try:
        files = renderer.render(pages)
    except RenderError as exc:
        where = display_path(Path(exc.template), root)
        result.diagnostics.append(Diagnostic(where, exc.line, "", f"template error: {exc.message}"))
        return result
    for site_path, source in theme.static_files().items():
        files[f"static/{site_path}"] = source.read_bytes()

    forms = WordForms.load()
    try:
        index_documents = documents(search_records(planner, forms))
    finally:
        forms.close()
    result.notes.extend(f"search: {missing}; recall is lower" for missing in forms.missing)

    def add_search_index(staging: Path) -> None:
        result.search = build_search_index(index_documents, staging)

    try:
        write_site(files, out, before_swap=add_search_index)
    except (OutputError, SearchIndexError) as exc:
        result.diagnostics.append(Diagnostic(display_path(out, root), 0, "", str(exc)))
        return result
    result.pages, result.files, result.written = len(pages), len(files), True
    result.seconds = time.perf_counter() - started
    return result
