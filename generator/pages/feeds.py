"""Atom feeds, the sitemap and robots.txt: how readers and crawlers follow the register."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .. import urls
from ..read.settings import Settings
from .contexts import FeedContext
from .labels import KIND_PLURAL, KIND_SINGULAR
from .views import FeedEntry, File, Page, PageSpec

if TYPE_CHECKING:
    from .context import PageContext

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPOCH = dt.date(2000, 1, 1)
_QUOTE = {'"': "&quot;"}
FEED_ENTRIES = 50  # the newest changes; older ones are in the lists and register.json


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed(planner: PageContext, lang: str, kind: str | None) -> Page:
    """The newest changes (of every item, or of a kind), as the language's site shows them.

    Only the latest :data:`FEED_ENTRIES`: readers poll feeds for what is new, and a feed of
    every item would be megabytes redrawn on every edit."""
    _ = planner.gettexts[lang]
    base = planner.settings.base_url
    items = planner.register.of_kind(kind) if kind else list(planner.register.items.values())
    dated = ((planner.updated.get(item.version(lang).source.path, EPOCH), item) for item in items)
    newest = heapq.nlargest(FEED_ENTRIES, dated, key=lambda pair: (pair[0], urls.item(lang, pair[1].kind, pair[1].id)))
    entries = []
    for updated, item in newest:
        version = item.version(lang)
        url = urls.absolute(base, urls.item(lang, item.kind, item.id))
        entries.append(
            (
                updated,
                FeedEntry(
                    url,
                    version.data.title,
                    url,
                    _stamp(updated),
                    version.data.summary,
                    _(KIND_SINGULAR[item.kind]),
                    version.lang,
                ),
            )
        )
    entries.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)
    site = planner.settings.title.for_lang(lang)
    title = f"{site}: {_(KIND_PLURAL[kind])}" if kind else site
    html = urls.listing(lang, kind) if kind else urls.home(lang)
    return Page(
        urls.feed(lang, kind),
        lang,
        title,
        {},
        FeedContext(
            entries=[entry for _, entry in entries],
            updated=_stamp(max((day for day, _ in entries), default=EPOCH)),
            self_url=urls.absolute(base, urls.feed(lang, kind)),
            html_url=urls.absolute(base, html),
            feed_id=urls.absolute(base, urls.feed(lang, kind)),
        ),
    )


def sitemap(settings: Settings, specs: Iterable[PageSpec]) -> File:
    """Every indexable page, with its versions as its head declares them (``hreflang``): the other
    language's page unless that is a fallback, and the home pages' ``x-default``, the language choice.

    Written as text, one page per line: the ElementTree version took half a second for
    12,000 pages, on every edit."""
    base = settings.base_url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    for spec in sorted(specs, key=lambda s: s.url):
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(urls.absolute(base, url), _QUOTE)}" />'
            for lang, url in sorted(spec.alternates.items())
        )
        lines.append(f"<url><loc>{escape(urls.absolute(base, spec.url))}</loc>{links}</url>")
    lines.append("</urlset>\n")
    return File(urls.SITEMAP, "\n".join(lines).encode("utf-8"))


def robots(settings: Settings) -> File:
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {urls.absolute(settings.base_url, urls.SITEMAP)}", ""]
    return File(urls.ROBOTS, "\n".join(lines).encode("utf-8"))
