"""Atom feeds, the sitemap and robots.txt: how readers and crawlers follow the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from . import urls
from .pages import KIND_PLURAL, KIND_SINGULAR, Page, PageSpec
from .settings import Settings

if TYPE_CHECKING:
    from .pages import PagePlanner

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPOCH = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str
    updated: str
    summary: str
    category: str
    lang: str


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed(planner: PagePlanner, lang: str, kind: str | None) -> Page:
    """Every item (or every item of a kind), newest change first, as the language's site shows it."""
    _ = planner.gettexts[lang]
    base = planner.settings.base_url
    entries = []
    items = planner.register.of_kind(kind) if kind else list(planner.register.items.values())
    for item in items:
        version = item.version(lang)
        url = urls.absolute(base, urls.item(lang, item.kind, item.id))
        updated = planner.updated.get(version.source.path, EPOCH)
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
        "feed.xml",
        lang,
        title,
        {},
        {
            "entries": [entry for _, entry in entries],
            "updated": _stamp(max((day for day, _ in entries), default=EPOCH)),
            "self_url": urls.absolute(base, urls.feed(lang, kind)),
            "html_url": urls.absolute(base, html),
            "feed_id": urls.absolute(base, urls.feed(lang, kind)),
        },
    )


def sitemap(settings: Settings, specs: Iterable[PageSpec]) -> Page:
    """Every indexable page, with its other-language version as an hreflang alternate."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for spec in sorted(specs, key=lambda s: s.url):
        entry = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(settings.base_url, spec.url)
        for lang, url in sorted(spec.alternates.items()):
            ElementTree.SubElement(
                entry,
                f"{{{XHTML_NS}}}link",
                {"rel": "alternate", "hreflang": lang, "href": urls.absolute(settings.base_url, url)},
            )
    text = ElementTree.tostring(root, encoding="unicode", xml_declaration=False)
    return Page(urls.SITEMAP, "", "fi", "sitemap", {}, content=f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n')


def robots(settings: Settings) -> Page:
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {urls.absolute(settings.base_url, urls.SITEMAP)}", ""]
    return Page(urls.ROBOTS, "", "fi", "robots", {}, content="\n".join(lines))
