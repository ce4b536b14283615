"""Every URL of the site, in one place.

Templates and page planning ask this module for addresses instead of gluing
strings, so renaming a section (or hosting under a sub-path) is one change.
Pages link to each other relatively, which keeps a build browsable from any
sub-path and from the file system.
"""

from __future__ import annotations

import posixpath

SECTIONS: dict[str, dict[str, str]] = {
    "fi": {
        "projects": "hankkeet",
        "meetings": "kokoukset",
        "networks": "verkostot",
        "organisations": "organisaatiot",
        "search": "haku",
        "translations": "kaannokset",
    },
    "sv": {
        "projects": "projekt",
        "meetings": "moten",
        "networks": "natverk",
        "organisations": "organisationer",
        "search": "sok",
        "translations": "oversattningar",
    },
}

ROOT = "/"
NOT_FOUND = "/404.html"


def home(lang: str) -> str:
    return f"/{lang}/"


def section(lang: str, kind: str) -> str:
    """List page of a kind, or of organisations (``kind="organisations"``)."""
    return f"/{lang}/{SECTIONS[lang][kind]}/"


def item(lang: str, kind: str, item_id: str) -> str:
    return f"{section(lang, kind)}{item_id}/"


def organisation(lang: str, organisation_id: str) -> str:
    return item(lang, "organisations", organisation_id)


def search(lang: str) -> str:
    return section(lang, "search")


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


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at ``from_url`` to ``to_url``, relative to the page's folder."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    target = posixpath.relpath(to_url if to_url != "/" else "/.", base)
    if to_url.endswith("/") and target != ".":
        target += "/"
    return "./" if target == "." else target


def absolute(base_url: str, url: str) -> str:
    return base_url.rstrip("/") + url


def base_path(base_url: str) -> str:
    """The path part of the base URL, for pages (the 404) that cannot link relatively."""
    after_scheme = base_url.split("://", 1)[-1]
    slash = after_scheme.find("/")
    return after_scheme[slash:].rstrip("/") if slash != -1 else ""
