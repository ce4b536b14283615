"""Pages → HTML bytes with the theme's Jinja templates.

Everything a template needs arrives in its context; the ``url`` filter turns
the site-absolute paths of :mod:`urls` into links relative to the page being
rendered (absolute for the 404 page, which is served from any address).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from .. import urls
from ..build.output import Content
from ..pages.labels import KIND_PLURAL
from ..pages.views import Page, Value
from ..read.model import KINDS, LANGS
from ..read.settings import Settings
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


class Renderer:
    def __init__(self, theme: Theme, settings: Settings, markdown: MarkdownRenderer | None = None) -> None:
        self.theme = theme
        self.settings = settings
        self.markdown = markdown  # the planner's, so parallel workers can hand back what they rendered
        environment = theme.environment
        environment.filters["url"] = _url_filter
        self._base_path = urls.base_path(settings.base_url)

    def render_page(self, page: Page) -> Content:
        """The file's bytes (UTF-8), or its pieces."""
        if isinstance(page.content, bytes | list):
            return page.content
        if page.content is not None:
            return page.content.encode("utf-8")
        translations = self.theme.translations[page.lang]
        try:
            template = self.theme.environment.get_template(page.template)
            return template.render(self._context(page, translations)).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(exc.filename or exc.name or page.template, exc.lineno, exc.message or "") from exc
        except jinja2.TemplateError as exc:
            raise RenderError(page.template, 0, f"while rendering {page.url}: {exc}") from exc

    def _context(self, page: Page, translations: Any) -> dict[str, Any]:
        _ = translations.gettext
        lang = page.lang
        nav = [
            NavLink(_(KIND_PLURAL[kind]), urls.section(lang, kind), page.url.startswith(urls.section(lang, kind)))
            for kind in KINDS
        ]
        organisations = urls.section(lang, "organisations")
        nav.append(NavLink(_("Organisations"), organisations, page.url.startswith(organisations)))
        alternates = [
            Alternate(
                other,
                page.alternates[other],
                urls.absolute(self.settings.base_url, page.alternates[other]),
                language_name(other, other),
            )
            for other in LANGS
            if other in page.alternates
        ]
        return {
            **page.context,
            "page": page,
            "lang": lang,
            "site_title": self.settings.title.for_lang(lang),
            "home_url": urls.home(lang),
            "search_url": urls.search(lang),
            "translation_status_url": urls.translation_status(lang),
            "nav": nav,
            "alternates": alternates,
            "switch": [a for a in alternates if a.lang != lang],
            "canonical_url": urls.absolute(self.settings.base_url, page.url),
            "language_choice_url": urls.absolute(self.settings.base_url, urls.ROOT),
            "og_locale": OPEN_GRAPH_LOCALES[lang],
            "stylesheet": urls.static("style.css"),
            "favicon": urls.static("favicon.svg"),
            "feeds": [Value(self.settings.title.for_lang(lang), urls.feed(lang)), *page.feeds],
            "og_alternate_locales": [OPEN_GRAPH_LOCALES[a.lang] for a in alternates if a.lang != lang],
            "og_site_name": self.settings.title.for_lang(lang),
            "footer_links": [
                Value(_("Accessibility statement"), urls.accessibility(lang)),
                Value(_("Open data"), urls.data_page(lang)),
                Value(_("Translation status"), urls.translation_status(lang)),
            ],
            "base_path": self._base_path,
            "gettext": translations.gettext,
            "ngettext": translations.ngettext,
        }
