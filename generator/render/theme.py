"""Themes: templates, static files and UI catalogs, looked up theme by theme.

A site names a theme; its files override the default theme's one by one
(like Hugo's theme lookup), so a register can restyle one template without
copying the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
from babel.support import Translations

from ..diagnostics import Diagnostic, display_path
from ..read.source import is_leftover
from ..text.editor import _e
from ..text.i18n import load_catalogs
from .assets import StaticFiles, hash_static

DEFAULT_THEME = "default"


@dataclass
class Theme:
    folders: list[Path]
    environment: jinja2.Environment
    translations: dict[str, Translations]

    def static_files(self) -> dict[str, Path]:
        """Site path under ``static/`` → file; earlier themes win."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            for path in sorted(static.rglob("*")):
                if path.is_file() and not any(is_leftover(part) for part in path.relative_to(static).parts):
                    found[path.relative_to(static).as_posix()] = path
        return found

    @cached_property
    def static(self) -> StaticFiles:
        """The static files as published: content-hashed names, references between them
        rewritten.  Read once per theme load (a changed theme file loads the theme again)."""
        return hash_static(self.static_files())


def theme_search_path(root: Path) -> list[Path]:
    """The register's own ``themes/``, then the themes shipped with rekisteri."""
    package = Path(__file__).resolve().parents[1]
    candidates = [root / "themes", package / "themes", package.parent / "themes"]
    return [c for c in candidates if c.is_dir()]


def find_theme_folders(root: Path, name: str) -> tuple[list[Path], list[Diagnostic]]:
    names = [name] if name == DEFAULT_THEME else [name, DEFAULT_THEME]
    folders: list[Path] = []
    for wanted in names:
        found = next((base / wanted for base in theme_search_path(root) if (base / wanted).is_dir()), None)
        if found is None:
            where = display_path(root / "pyproject.toml", root)
            message = _e("theme '{name}' not found").format(name=wanted)
            return [], [Diagnostic(where, 0, "tool.rekisteri.theme", message, code="unknown-theme")]
        folders.append(found)
    return folders, []


def load_theme(root: Path, name: str, langs: tuple[str, ...]) -> tuple[Theme | None, list[Diagnostic]]:
    folders, problems = find_theme_folders(root, name)
    if problems:
        return None, problems
    loader = jinja2.FileSystemLoader([str(folder / "templates") for folder in folders])
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A changed theme file loads the theme again (a new environment), so templates need
        # not be looked at on disk again for every page: a stat per template per page.
        auto_reload=False,
    )
    translations, problems = load_catalogs(
        [folder / "locales" for folder in folders],
        langs,
        root,
        unreadable=lambda error: _e("cannot read translations: {error}").format(error=error),
    )
    return Theme(folders, environment, translations), problems
