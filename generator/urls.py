"""Every URL of the site, in one place.

Templates and page planning ask this module for addresses instead of gluing
strings, so renaming a section (or hosting under a sub-path) is one change.
Pages link to each other relatively, which keeps a build browsable from any
sub-path and from the file system.
"""

from __future__ import annotations

import functools

SECTIONS: dict[str, dict[str, str]] = {
    "fi": {
        "projects": "hankkeet",
        "meetings": "kokoukset",
        "networks": "verkostot",
        "organisations": "organisaatiot",
        "search": "haku",
        "translations": "kaannokset",
        "accessibility": "saavutettavuusseloste",
        "data": "avoin-data",
        "themes": "teemat",
        "people": "henkilot",
        "overview": "yleiskuva",
        "changes": "muutokset",
    },
    "sv": {
        "projects": "projekt",
        "meetings": "moten",
        "networks": "natverk",
        "organisations": "organisationer",
        "search": "sok",
        "translations": "oversattningar",
        "accessibility": "tillganglighetsutlatande",
        "data": "oppna-data",
        "themes": "teman",
        "people": "personer",
        "overview": "oversikt",
        "changes": "andringar",
    },
}

ROOT = "/"
NOT_FOUND = "/404.html"
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
ADMIN = "/admin/"  # the web editor, when the register turns it on (generator/cms)
DATA_JSON = "/data/register.json"
DATA_SCHEMA = "/data/register.schema.json"
DATA_PACKAGE = "/data/datapackage.json"
#: The open-data tables besides one per kind (``data_csv(kind)``): the vocabularies, an index of
#: every item, and the lists inside items, a row per entry (``pages/tables.py`` makes them).
DATA_TABLES = (
    "organisations",
    "themes",
    "items",
    "people",
    "milestones",
    "documents",
    "case_numbers",
    "tags",
    "item_themes",
    "related",
)
#: Every commit that changed the register's content, newest first (see pages/changes.py).
CHANGES_JSON = "/data/changes.json"
ITEM_SCHEMA = "/data/item.schema.json"
CATALOG_TTL = "/data/catalog.ttl"
CATALOG_JSONLD = "/data/catalog.jsonld"


def home(lang: str) -> str:
    return f"/{lang}/"


def section(lang: str, kind: str) -> str:
    """List page of a kind, or of organisations (``kind="organisations"``)."""
    return f"/{lang}/{SECTIONS[lang][kind]}/"


#: Path words of the browsable lists: /fi/hankkeet/tila/paattynyt/sivu/2/.  Items may not use them as ids.
LISTING_WORDS: dict[str, dict[str, str]] = {
    "fi": {"organisation": "organisaatio", "status": "tila", "year": "vuosi", "page": "sivu"},
    "sv": {"organisation": "organisation", "status": "status", "year": "ar", "page": "sida"},
}
STATUS_WORDS: dict[str, dict[str, str]] = {
    "fi": {"planned": "suunnitteilla", "active": "kaynnissa", "ended": "paattynyt"},
    "sv": {"planned": "planerat", "active": "pagaende", "ended": "avslutat"},
}
RESERVED_IDS = frozenset(word for words in LISTING_WORDS.values() for word in words.values())


def listing(lang: str, kind: str, facet: str | None = None, value: str | None = None, page: int = 1) -> str:
    """A kind's list, maybe narrowed to one organisation, status or year, maybe a later page."""
    url = section(lang, kind)
    if facet is not None and value is not None:
        shown = STATUS_WORDS[lang][value] if facet == "status" else value
        url += f"{LISTING_WORDS[lang][facet]}/{shown}/"
    if page > 1:
        url += f"{LISTING_WORDS[lang]['page']}/{page}/"
    return url


def item(lang: str, kind: str, item_id: str) -> str:
    return f"{section(lang, kind)}{item_id}/"


def item_json(lang: str, kind: str, item_id: str) -> str:
    """The item's facts and texts as JSON, beside its page (like GOV.UK's content API)."""
    return f"{item(lang, kind, item_id)}index.json"


def organisation(lang: str, organisation_id: str) -> str:
    return item(lang, "organisations", organisation_id)


def theme(lang: str, theme_id: str) -> str:
    return f"{section(lang, 'themes')}{theme_id}/"


def search(lang: str) -> str:
    return section(lang, "search")


def accessibility(lang: str) -> str:
    return section(lang, "accessibility")


def data_page(lang: str) -> str:
    return section(lang, "data")


def overview(lang: str) -> str:
    """The register in pictures: terms on a timeline, counts, translation coverage."""
    return section(lang, "overview")


def data_csv(table: str) -> str:
    """A kind's table (``projects``) or one of :data:`DATA_TABLES`."""
    return f"/data/{table}.csv"


def feed(lang: str, kind: str | None = None) -> str:
    """Atom feed of every item, or of one kind, in a language."""
    return f"{section(lang, kind) if kind else home(lang)}feed.xml"


def changes_feed(lang: str) -> str:
    """Atom feed of the register's newest commits, one entry per commit, in a language."""
    return f"{section(lang, 'changes')}feed.xml"


def organisation_feed(lang: str, organisation_id: str) -> str:
    """Atom feed of the items naming one organisation, newest change first."""
    return f"{organisation(lang, organisation_id)}feed.xml"


def translation_status(lang: str) -> str:
    return section(lang, "translations")


def search_bundle() -> str:
    """Pagefind's bundle, shared by both languages (it holds one index per language)."""
    return "/pagefind/"


def static(path: str) -> str:
    return f"/static/{path}"


def output_path(url: str) -> str:
    """File that serves ``url``: directories get ``index.html``."""
    path = url.lstrip("/")
    return f"{path}index.html" if url.endswith("/") else path


def is_page(url: str) -> bool:
    """An HTML page (a folder's ``index.html``, or the 404), not a feed or data file."""
    return url.endswith(("/", ".html"))


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at ``from_url`` to ``to_url``, relative to the page's folder.

    Both are site paths from this module, so plain segment arithmetic will do
    (``posixpath.relpath`` normalises through the file system's rules and is the
    build's hottest call without this)."""
    base = from_url if from_url.endswith("/") else from_url.rsplit("/", 1)[0] + "/"
    folders = _folders(base)
    if "//" not in to_url and to_url + "/" not in folders[1]:  # else by segments, below
        for folder, up in folders[0]:
            if to_url.startswith(folder):
                return up + to_url[len(folder) :] or "./"
    return _relative(base, to_url)


@functools.lru_cache(maxsize=4096)
def _folders(base: str) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """The folder ``base`` and each above it, deepest first, with the ``../`` climbing to it:
    a link is the climb to the deepest folder holding its target, then the rest of the path.
    A page is rendered with a hundred links, each page in its own folder, so this is worked
    out once per page rather than once per link."""
    parts = base.strip("/").split("/") if base.strip("/") else []
    if "" in parts:  # an empty segment: left to the segment arithmetic of _relative
        return (), frozenset()
    found = tuple(
        ("/" + "".join(part + "/" for part in parts[:depth]), "../" * (len(parts) - depth))
        for depth in range(len(parts), -1, -1)
    )
    return found, frozenset(folder for folder, _ in found)


@functools.lru_cache(maxsize=65536)
def _relative(base: str, to_url: str) -> str:
    here = base.strip("/").split("/") if base.strip("/") else []
    there = to_url.strip("/").split("/") if to_url.strip("/") else []
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    target = "/".join(parts)
    if not target:
        return "./"
    return target + "/" if to_url.endswith("/") else target


def absolute(base_url: str, url: str) -> str:
    return base_url.rstrip("/") + url


def base_path(base_url: str) -> str:
    """The path part of the base URL, for pages (the 404) that cannot link relatively."""
    after_scheme = base_url.split("://", 1)[-1]
    slash = after_scheme.find("/")
    return after_scheme[slash:].rstrip("/") if slash != -1 else ""
