"""The template contract: docs/themes.md, the context classes and the shipped theme agree.

Theme authors read the documentation, templates receive the dataclasses' fields; a field
added without its line in the documentation (or the other way round) fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields

import pytest

from generator import urls
from generator.pages import contexts
from generator.pages.planner import PagePlanner
from generator.pages.views import File, Page, TemplateContext
from generator.read.load import load_register
from generator.read.model import KINDS, LANGS
from generator.read.settings import load_settings
from generator.render.renderer import SiteContext
from generator.render.theme import load_theme
from generator.text.markdown import MarkdownRenderer

from ..conftest import REPO, Run, Site

TEMPLATES = REPO / "themes" / "default" / "templates"
PARTIALS = {"base.html", "_head.html", "macros.html"}  # extended or included, never rendered for a page
HEADING = re.compile(r"^### .*`(?P<cls>\w+Context)`\)$")
ROW = re.compile(r"^\| `(?P<name>\w+)` \|")


def documented() -> dict[str, tuple[str | None, set[str]]]:
    """Context class name → (its template, or None for the common variables; its variables)."""
    sections: dict[str, tuple[str | None, set[str]]] = {}
    current: str | None = None
    for line in (REPO / "docs" / "themes.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = HEADING.match(line)
            current = heading["cls"] if heading else None
            if heading:
                template = re.search(r"`([\w.]+\.(?:html|xml))`", line)
                sections[current] = (template[1] if template else None, set())
        elif current and (row := ROW.match(line)):
            sections[current][1].add(row["name"])
    return sections


CONTEXTS = {
    name: cls
    for name, cls in vars(contexts).items()
    if isinstance(cls, type) and issubclass(cls, TemplateContext) and cls is not TemplateContext
}


def test_every_template_context_is_documented_with_its_template() -> None:
    docs = documented()
    assert docs.pop("SiteContext")[0] is None
    assert {name: template for name, (template, _) in docs.items()} == {
        name: cls.template for name, cls in CONTEXTS.items()
    }


@pytest.mark.parametrize("name", sorted([*CONTEXTS, "SiteContext"]))
def test_documented_variables_are_exactly_the_context_fields(name: str) -> None:
    cls = SiteContext if name == "SiteContext" else CONTEXTS[name]
    assert documented()[name][1] == {field.name for field in fields(cls)}


def test_documented_templates_are_the_default_themes() -> None:
    shipped = {path.name for path in TEMPLATES.iterdir()}
    assert {cls.template for cls in CONTEXTS.values()} == shipped - PARTIALS


def test_no_context_field_hides_a_common_variable() -> None:
    """The common variables win: a page field of the same name would never reach its template."""
    common = {field.name for field in fields(SiteContext)}
    for cls in CONTEXTS.values():
        assert not common & {field.name for field in fields(cls)}, cls.__name__


def test_the_shipped_register_plans_the_documented_contexts() -> None:
    register, problems = load_register(REPO)
    assert not problems
    settings, _ = load_settings(REPO)
    theme, _ = load_theme(REPO, settings.theme, LANGS)
    assert theme is not None
    planner = PagePlanner(
        register, settings, {lang: theme.translations[lang].gettext for lang in LANGS}, MarkdownRenderer()
    )
    by_template = {cls.template: cls for cls in CONTEXTS.values()}
    used: set[str] = set()
    files: set[str] = set()
    for spec in planner.specs():
        made = spec.make()
        if isinstance(made, File):
            files.add(made.url)
            continue
        assert isinstance(made, Page)
        assert type(made.context) is by_template[made.template], made.url
        used.add(made.template)
    assert used == set(by_template)
    tables = (urls.data_csv(table) for table in (*KINDS, *urls.DATA_TABLES))
    data = {urls.DATA_JSON, urls.DATA_SCHEMA, urls.ITEM_SCHEMA, urls.DATA_PACKAGE, urls.CHANGES_JSON, *tables}
    items = {urls.item_json(lang, item.kind, item.id) for item in register.items.values() for lang in LANGS}
    raw = {urls.SITEMAP, urls.ROBOTS, urls.CATALOG_TTL, urls.CATALOG_JSONLD, *data, *items}
    assert files == raw


def test_an_undefined_variable_fails_the_build_at_its_line(site: Site, cli: Callable[..., Run]) -> None:
    settings = site.root / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("[tool.rekisteri]\n", '[tool.rekisteri]\ntheme = "broken"\n', 1), encoding="utf-8")
    template = site.root / "themes" / "broken" / "templates" / "home.html"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ no_such_variable }}</p>\n{% endblock %}\n',
        encoding="utf-8",
    )
    result = cli("build", "--root", site.root, "--out", site.out)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert any(
        line.startswith("themes/broken/templates/home.html:3: template error")
        and "'no_such_variable' is undefined" in line
        for line in result.lines
    ), result.err
