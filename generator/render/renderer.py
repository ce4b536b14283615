"""Pages → HTML bytes with the theme's Jinja templates.

A template receives its page's context (:mod:`pages.contexts`) and the common
variables of :class:`SiteContext`, field by field; docs/themes.md documents both.
The ``url`` filter turns the site-absolute paths of :mod:`urls` into links
relative to the page being rendered (absolute for the 404 page, which is served
from any address).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from types import TracebackType
from typing import Any

import jinja2
from babel.support import Translations

from .. import urls
from ..pages.labels import KIND_PLURAL
from ..pages.views import X_DEFAULT, Gettext, Page, TemplateContext, Value
from ..read.model import KINDS, LANGS
from ..read.settings import Settings
from ..text.editor import _e
from ..text.i18n import OPEN_GRAPH_LOCALES, language_name
from ..text.markdown import MarkdownRenderer
from .theme import Theme


@dataclass(frozen=True)
class NavLink:
    text: str
    url: str
    current: bool


@dataclass(frozen=True)
class Alternate:
    lang: str
    url: str
    absolute_url: str
    language: str


@dataclass(frozen=True)
class SiteContext:
    """What every template receives, whatever its page: the site around the page."""

    page: Page
    lang: str
    site_title: str
    home_url: str
    search_url: str
    translation_status_url: str
    nav: list[NavLink]
    alternates: list[Alternate]
    switch: list[Alternate]
    canonical_url: str
    language_choice_url: str
    x_default_url: str
    og_locale: str
    stylesheet: str
    favicon: str
    feeds: list[Value]
    og_alternate_locales: list[str]
    og_site_name: str
    footer_links: list[Value]
    base_path: str
    gettext: Gettext
    ngettext: Callable[[str, str, int], str]


class RenderError(Exception):
    def __init__(self, template: str, line: int, message: str) -> None:
        super().__init__(message)
        self.template = template
        self.line = line
        self.message = message


@jinja2.pass_context
def _url_filter(context: jinja2.runtime.Context, target: str) -> str:
    page: Page = context["page"]
    if target.startswith(("http://", "https://", "mailto:", "tel:", "#")):
        return target
    if page.absolute_links:
        return str(context["base_path"]) + target
    return urls.relative(page.url, target)


def _static_filter(theme: Theme) -> Callable[[str], str]:
    def static(name: str) -> str:
        """A theme file's site path under its published, content-hashed name:
        ``{{ 'search.js' | static | url }}``."""
        try:
            return urls.static(theme.static.names[name])
        except KeyError:
            message = _e("no static file '{name}' in the theme").format(name=name)
            raise jinja2.TemplateRuntimeError(message) from None

    return static


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # per context class: ``fields()`` is slow, once per page twice


def _variables(context: TemplateContext | SiteContext) -> dict[str, Any]:
    """A context's fields as template variables: the values themselves, not copies."""
    names = _FIELD_NAMES.get(type(context))
    if names is None:
        names = _FIELD_NAMES[type(context)] = tuple(one.name for one in fields(context))
    return {name: getattr(context, name) for name in names}


@dataclass(frozen=True)
class _Language:
    """What the site around a page says in one language, whatever the page."""

    site_title: str
    sections: list[tuple[str, str]]  # the navigation's texts and addresses
    feed: Value
    footer_links: list[Value]


def _where(traceback: TracebackType | None) -> tuple[str, int] | None:
    """The template file and line an error was raised at: Jinja rewrites the traceback so
    that its innermost template frame names them."""
    found = None
    while traceback is not None:
        frame = traceback.tb_frame
        if "__jinja_exception__" in frame.f_globals:
            found = frame.f_code.co_filename, traceback.tb_lineno
        traceback = traceback.tb_next
    return found


class Renderer:
    def __init__(self, theme: Theme, settings: Settings, markdown: MarkdownRenderer | None = None) -> None:
        self.theme = theme
        self.settings = settings
        self.markdown = markdown  # the planner's, so parallel workers can hand back what they rendered
        environment = theme.environment
        environment.filters["url"] = _url_filter
        environment.filters["static"] = _static_filter(theme)
        self.static = theme.static  # hashed once here, before render workers fork
        self._base_path = urls.base_path(settings.base_url)
        self._stylesheet = urls.static(self.static.names["style.css"])
        self._favicon = urls.static(self.static.names["favicon.svg"])
        self._languages: dict[str, _Language] = {}

    def render_page(self, page: Page) -> bytes:
        """The page's file, UTF-8."""
        translations = self.theme.translations[page.lang]
        try:
            template = self.theme.environment.get_template(page.template)
            variables = {**_variables(page.context), **_variables(self._site_context(page, translations))}
            return template.render(variables).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(exc.filename or exc.name or page.template, exc.lineno, exc.message or "") from exc
        except jinja2.TemplateError as exc:
            template_file, line = _where(exc.__traceback__) or (page.template, 0)
            message = _e("while rendering {url}: {error}").format(url=page.url, error=exc)
            raise RenderError(template_file, line, message) from exc

    def _language(self, lang: str, translations: Translations) -> _Language:
        known = self._languages.get(lang)
        if known is None:
            _ = translations.gettext
            sections = [(_(KIND_PLURAL[kind]), urls.section(lang, kind)) for kind in KINDS]
            sections.append((_("Organisations"), urls.section(lang, "organisations")))
            known = self._languages[lang] = _Language(
                site_title=self.settings.title.for_lang(lang),
                sections=sections,
                feed=Value(self.settings.title.for_lang(lang), urls.feed(lang)),
                footer_links=[
                    Value(_("Themes"), urls.section(lang, "themes")),
                    Value(_("People"), urls.section(lang, "people")),
                    Value(_("Accessibility statement"), urls.accessibility(lang)),
                    Value(_("Open data"), urls.data_page(lang)),
                    Value(_("Translation status"), urls.translation_status(lang)),
                ],
            )
        return known

    def _site_context(self, page: Page, translations: Translations) -> SiteContext:
        lang = page.lang
        language = self._language(lang, translations)
        nav = [NavLink(text, url, page.url.startswith(url)) for text, url in language.sections]
        base = self.settings.base_url

        def alternate(other: str, url: str) -> Alternate:
            return Alternate(other, url, urls.absolute(base, url), language_name(other, other))

        # Search engines are told of the versions meant to be found; a noindex page is none.
        declared = {} if page.noindex else page.alternates if page.hreflang is None else page.hreflang
        alternates = [alternate(other, declared[other]) for other in LANGS if other in declared]
        switch = [alternate(o, page.alternates[o]) for o in LANGS if o in page.alternates and o != lang]
        return SiteContext(
            page=page,
            lang=lang,
            site_title=language.site_title,
            home_url=urls.home(lang),
            search_url=urls.search(lang),
            translation_status_url=urls.translation_status(lang),
            nav=nav,
            alternates=alternates,
            switch=switch,
            canonical_url=urls.absolute(base, page.canonical or page.url),
            language_choice_url=urls.absolute(base, urls.ROOT),
            x_default_url=urls.absolute(base, declared[X_DEFAULT]) if X_DEFAULT in declared else "",
            og_locale=OPEN_GRAPH_LOCALES[lang],
            stylesheet=self._stylesheet,
            favicon=self._favicon,
            feeds=[language.feed, *page.feeds],
            og_alternate_locales=[OPEN_GRAPH_LOCALES[a.lang] for a in alternates if a.lang != lang],
            og_site_name=language.site_title,
            footer_links=language.footer_links,
            base_path=self._base_path,
            gettext=translations.gettext,
            ngettext=translations.ngettext,
        )
