"""A small register planned, or built in memory, for the page families' unit tests."""

from __future__ import annotations

from pathlib import Path

from generator.build.site import SiteBuilder
from generator.diagnostics import has_errors
from generator.pages.planner import PagePlanner
from generator.read.load import load_register
from generator.read.model import LANGS, Register
from generator.read.settings import load_settings
from generator.render.theme import load_theme
from generator.text.markdown import MarkdownRenderer

from ..conftest import SETTINGS, Site


def register_of(root: Path) -> Register:
    register, problems = load_register(root)
    assert not problems, [p.format() for p in problems]
    return register


def planner_for(root: Path) -> PagePlanner:
    """Planned as a build plans it, with the default theme's catalogs."""
    settings, problems = load_settings(root)
    assert not has_errors(problems), [p.format() for p in problems]  # warnings (an unfilled statement) plan too
    theme, _ = load_theme(root, settings.theme, LANGS)
    assert theme is not None
    gettexts = {lang: theme.translations[lang].gettext for lang in LANGS}
    return PagePlanner(register_of(root), settings, gettexts, MarkdownRenderer())


def built(root: Path) -> dict[str, bytes]:
    """Every file of a full build, by site path, as ``build`` would write them."""
    delta = SiteBuilder(root).rebuild()
    assert delta.ok, [d.format() for d in delta.diagnostics]
    return delta.written


def set_page_size(site: Site, size: int) -> None:
    settings = SETTINGS.replace("[tool.rekisteri]\n", f"[tool.rekisteri]\npage_size = {size}\n")
    (site.root / "pyproject.toml").write_text(settings, encoding="utf-8")


def add_project(
    site: Site, item_id: str, title: str, organisation: str = "lvm", status: str = "active", year: int = 2021
) -> Path:
    """A project in Finnish only, appointed by ``organisation`` for ``year``."""
    return site.write(
        f"fi/projects/{item_id}.md",
        f"""\
        ---
        title: "{title}"
        summary: Hanke {item_id}.
        project_number: VM001:00/{year}
        category: development
        appointed_by: {organisation}
        appointed_on: {year}-01-01
        term: {{start: {year}-01-01, end: {year}-12-31}}
        status: {status}
        ---
        Teksti.
        """,
    )
