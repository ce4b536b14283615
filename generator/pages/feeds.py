"""Atom feeds, the sitemap and robots.txt: how readers and crawlers follow the register."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from .. import urls
from ..read.model import Item
from ..read.schema import Organisation
from ..read.settings import Settings
from .contexts import FeedContext
from .labels import KIND_PLURAL, KIND_SINGULAR
from .views import FeedEntry, File, Page, PageSpec

if TYPE_CHECKING:
    from .context import PageContext

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # an item git and the file system cannot date
_QUOTE = {'"': "&quot;"}
FEED_ENTRIES = 50  # the newest changes; older ones are in the lists and register.json


def stamp(when: dt.datetime) -> str:
    """RFC 3339 with the zone the time was recorded in (a commit's own), ``Z`` for UTC."""
    text = when.isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def feed(planner: PageContext, lang: str, kind: str | None) -> Page:
    """The newest changes (of every item, or of a kind), as the language's site shows them."""
    _ = planner.gettexts[lang]
    items = planner.register.of_kind(kind) if kind else list(planner.register.items.values())
    site = planner.settings.title.for_lang(lang)
    title = f"{site}: {_(KIND_PLURAL[kind])}" if kind else site
    html = urls.listing(lang, kind) if kind else urls.home(lang)
    return item_feed(planner, lang, items, title, urls.feed(lang, kind), html)


def organisation_feed(planner: PageContext, lang: str, organisation: Organisation) -> Page:
    """The newest changes of the items naming one organisation: those its page lists."""
    site = planner.settings.title.for_lang(lang)
    items = planner.register.items_of(organisation.id)
    title = f"{site}: {organisation.name.for_lang(lang)}"
    html = urls.organisation(lang, organisation.id)
    return item_feed(planner, lang, items, title, urls.organisation_feed(lang, organisation.id), html)


def item_feed(planner: PageContext, lang: str, items: Iterable[Item], title: str, url: str, html: str) -> Page:
    """Items, newest change first: each dated by its newest commit (or its file's modification
    time where git cannot say), the feed by its newest entry.

    Only the latest :data:`FEED_ENTRIES`: readers poll feeds for what is new, and a feed of
    every item would be megabytes redrawn on every edit."""
    _ = planner.gettexts[lang]
    base = planner.settings.base_url
    dated = ((planner.updated.get(item.version(lang).source.path, EPOCH), item) for item in items)
    newest = heapq.nlargest(FEED_ENTRIES, dated, key=lambda pair: (pair[0], urls.item(lang, pair[1].kind, pair[1].id)))
    entries = []
    for updated, item in newest:
        version = item.version(lang)
        link = urls.absolute(base, urls.item(lang, item.kind, item.id))
        entries.append(
            FeedEntry(
                link,
                version.data.title,
                link,
                stamp(updated),
                version.data.summary,
                _(KIND_SINGULAR[item.kind]),
                version.lang,
            )
        )
    return Page(
        url,
        lang,
        title,
        {},
        FeedContext(
            entries=entries,
            updated=stamp(newest[0][0] if newest else EPOCH),
            self_url=urls.absolute(base, url),
            html_url=urls.absolute(base, html),
            feed_id=urls.absolute(base, url),
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
    lines = ["User-agent: *", "Allow: /"]
    if settings.cms is not None:  # the web editor: nothing for a search engine, and its code is large
        lines.append(f"Disallow: {urlsplit(urls.absolute(settings.base_url, urls.ADMIN)).path}")
    lines += [f"Sitemap: {urls.absolute(settings.base_url, urls.SITEMAP)}", ""]
    return File(urls.ROBOTS, "\n".join(lines).encode("utf-8"))
