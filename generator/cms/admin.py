"""The files of the web editor at /admin/: its page, its start script, one configuration per
interface language, and the Sveltia CMS bundle (``scripts/bundle-cms`` makes it from npm).

The page gets a Content-Security-Policy of its own, wider than the public pages' in only what
an editor needs: the git service's API for reading and committing, and the inline styles
Svelte's components set.  Everything else (fonts, interface texts, code) comes from the site.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from .. import urls
from ..read.settings import CmsBackend, Settings
from .config import CMS_LANGS, Gettext, ItemChoice, cms_config

ADMIN = urls.ADMIN.strip("/")
#: Made by ``scripts/bundle-cms``; ``REKISTERI_CMS_BUNDLE`` names another folder (a packager's).
BUNDLE = Path(os.environ.get("REKISTERI_CMS_BUNDLE") or Path(__file__).resolve().parent / "bundle")
STATIC = Path(__file__).resolve().parent / "static"
#: The services' APIs and avatars when the register does not name its own host.
DEFAULT_API = {
    CmsBackend.GITHUB: "https://api.github.com",
    CmsBackend.GITLAB: "https://gitlab.com",
    CmsBackend.GITEA: "https://gitea.com",
}
AVATARS = {CmsBackend.GITHUB: "https://avatars.githubusercontent.com"}
TITLE = {"fi": "Sisällön muokkain", "sv": "Innehållsredigeraren"}


class BundleMissing(Exception):
    """The Sveltia CMS bundle has not been made on this machine (``make site`` makes it)."""


def editor_inputs() -> list[Path]:
    """The files outside the register that decide /admin/: a build whose saved state predates
    a change to one of them makes the editor's files again."""
    return [BUNDLE / "VERSION", STATIC / "admin.js"]


def bundle_version() -> str | None:
    """The bundled Sveltia CMS version, or ``None`` when there is no bundle."""
    try:
        return (BUNDLE / "VERSION").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


@functools.cache
def _bundle(version: str) -> Mapping[str, bytes]:
    """The bundle's files by their path under ``admin/cms/``; read once per version."""
    return {
        path.relative_to(BUNDLE).as_posix(): path.read_bytes()
        for path in sorted(BUNDLE.rglob("*"))
        if path.is_file() and path.name != "VERSION"
    }


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: Settings) -> str:
    """The admin page's policy: the site itself, plus the git service the editor talks to."""
    assert settings.cms is not None
    cms = settings.cms
    services: list[str] = []  # the git service's API and sign-in origins
    if cms.backend is not CmsBackend.TEST_REPO:
        urls_used = (cms.api or DEFAULT_API[cms.backend], cms.base_url)
        services = list(dict.fromkeys(_origin(url) for url in urls_used if url))
    connect = ["'self'", "data:", "blob:", *services]  # the editor reads its own icons and previews back
    images = ["'self'", "data:", "blob:"]
    if cms.backend is not CmsBackend.TEST_REPO:
        # Avatars: github.com's own host, or the self-hosted service's (GitHub Enterprise too).
        images += [AVATARS[cms.backend]] if cms.backend in AVATARS and cms.api is None else services
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {' '.join(dict.fromkeys(images))}",
            "font-src 'self'",
            f"connect-src {' '.join(connect)}",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def admin_page(settings: Settings) -> bytes:
    lang = CMS_LANGS[0]
    title = f"{TITLE[lang]} – {settings.title.for_lang(lang)}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(content_security_policy(settings))}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n"
        '<script type="module" src="admin.js"></script>\n'
        "</head>\n"
        "<body>\n"
        "<noscript><p>Muokkain tarvitsee JavaScriptin. / Redigeraren behöver JavaScript.</p></noscript>\n"
        "</body>\n"
        "</html>\n"
    ).encode()


def admin_shell(settings: Settings) -> dict[str, bytes]:
    """Site path → bytes of the editor's page, start script and bundle: what only settings and
    the installed bundle decide.  Raises :class:`BundleMissing` when there is no bundle."""
    version = bundle_version()
    if version is None:
        raise BundleMissing(str(BUNDLE))
    files = {f"{ADMIN}/index.html": admin_page(settings), f"{ADMIN}/admin.js": (STATIC / "admin.js").read_bytes()}
    for path, content in _bundle(version).items():
        files[f"{ADMIN}/cms/{path}"] = content
    return files


def admin_configs(settings: Settings, words: Mapping[str, Gettext], items: Sequence[ItemChoice]) -> dict[str, bytes]:
    """Site path → bytes of the configuration per interface language; ``words`` is the
    theme's catalogue per language, ``items`` what item references offer."""
    files = {}
    for lang in CMS_LANGS:
        config = cms_config(settings, lang, words[lang], items)
        files[f"{ADMIN}/config.{lang}.json"] = (json.dumps(config, ensure_ascii=False, indent=1) + "\n").encode()
    return files
