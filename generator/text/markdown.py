"""Markdown bodies → HTML fragments.

CommonMark plus tables, with heading anchors from mdit-py-plugins.  Raw HTML is
not passed through (editors write Markdown; nothing they type can inject
markup), and markdown-it's link validation already drops ``javascript:`` and
similar schemes.  Links between items are rewritten per page by a
:class:`LinkRewriter` (see :mod:`bodylinks`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Protocol

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin


def _demote_top_headings(state: StateCore) -> None:
    """The page title is the only ``<h1>``; a ``#`` heading in a body becomes ``<h2>``."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"


class LinkRewriter(Hashable, Protocol):
    """Turns a link as written into the link the page shows; equal rewriters rewrite equally."""

    def __call__(self, href: str) -> str: ...


def _links(renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """Links between items become the page's own links; links out of the site are marked so
    the theme can style them and readers know."""
    token = tokens[idx]
    href = str(token.attrs.get("href", ""))
    rewrite: LinkRewriter | None = env.get("links")
    if rewrite is not None:
        href = rewrite(href)
        token.attrSet("href", href)
    if href.startswith(("http://", "https://")):
        token.attrSet("rel", "external noopener")
    return renderer.renderToken(tokens, idx, options, env)


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.core.ruler.push("demote_top_headings", _demote_top_headings)
    md.use(anchors_plugin, min_level=2, max_level=4, permalink=False)
    md.add_render_rule("link_open", _links)
    return md


#: A body without links renders the same on every page and is kept by its text alone.
CacheKey = str | tuple[str, LinkRewriter]


class MarkdownRenderer:
    """One configured parser for every page, remembering what it rendered.

    A body is rendered once per text (and per page, when it has links): ``serve`` and
    incremental builds keep the renderer, so an edit re-renders one body, not all of them."""

    def __init__(self) -> None:
        self._md = make_markdown()
        self.cache: dict[CacheKey, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"cache": self.cache}  # the parser is rebuilt, not pickled

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._md = make_markdown()
        self.cache = state["cache"]

    def render(self, text: str, links: LinkRewriter | None = None) -> str:
        """``links``: how this page shows the body's links; ignored when it has none."""
        if links is not None and not might_link(text):
            links = None
        key: CacheKey = text if links is None else (text, links)
        html = self.cache.get(key)
        if html is None:
            env: dict[str, Any] = {"links": links}
            html = str(self._md.render(text, env))
            self.cache[key] = html
        return html


def might_link(text: str) -> bool:
    """Whether a body can hold a link worth looking at: an inline link or a reference
    definition.  Most bodies have neither, and then need no parsing and no per-page HTML."""
    return "]" in text and ("](" in text or "]:" in text)  # one character is found by memchr, fast
