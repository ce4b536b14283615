"""Links in Markdown bodies: to other items' files, to pages of the site, within the page.

Editors link to an item's *source file*, relative to the file they write in
(``[Digisumpit](../networks/digisumpit.md#tavoitteet)``), as MkDocs and
Pelican users do and as their editors complete paths.  Each page rewrites such
a link to the item's page in the page's own language, so the same Finnish text
links correctly on the Finnish page, on the Swedish page and on a Swedish
fallback page.  Site-relative links (``/fi/haku/``) become relative too, so the
site works from any sub-path.

A rewritten link is a pure function of the link, the folder of the file it is
written in and the page it is shown on (:class:`PageLinks`); whether its target
exists only decides whether the build may go ahead (:func:`body_link_problems`).
So no page has to be re-rendered when a target appears or disappears: the
build either fails or shows the same bytes as before.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it import MarkdownIt

from .. import urls
from ..diagnostics import Diagnostic
from ..text.editor import N_e, _e
from ..text.markdown import might_link
from .bodyfacts import NO_LINKS, BodyFacts, link_parser, parse_body
from .load import LoadCache
from .model import KINDS, LANGS, Register, SourceFile
from .problems import closest
from .settings import Settings
from .translations import TranslationReport

FIELD = "body"
#: Every page URL the site will have for a register: the planner's knowledge, which ``read``
#: may not import (``pages`` builds on it), so the caller of :func:`body_link_problems` passes it.
PageUrls = Callable[[Register, Settings, TranslationReport], Iterable[str]]
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")  # a scheme (https:, mailto:) or another host
#: A link to an item file of one kind whose id is another kind's: (the id's kind, the link's) →
#: a whole sentence, so that each language words the kinds as its grammar needs.
_WRONG_KIND = {
    ("projects", "meetings"): N_e("'{path}': '{id}' is a project, not a meeting; link to '{right}'"),
    ("projects", "networks"): N_e("'{path}': '{id}' is a project, not a network; link to '{right}'"),
    ("meetings", "projects"): N_e("'{path}': '{id}' is a meeting, not a project; link to '{right}'"),
    ("meetings", "networks"): N_e("'{path}': '{id}' is a meeting, not a network; link to '{right}'"),
    ("networks", "projects"): N_e("'{path}': '{id}' is a network, not a project; link to '{right}'"),
    ("networks", "meetings"): N_e("'{path}': '{id}' is a network, not a meeting; link to '{right}'"),
}
#: An anchor missing from the text the other language's page shows, per that language.
_NOT_ON_OTHER_PAGE = {
    "fi": N_e(
        "'#{anchor}' is not a heading in {file}, which the Finnish page shows; this text is shown there "
        "too, as this item has no Finnish version: link without the '#…' part, or give both texts that heading"
    ),
    "sv": N_e(
        "'#{anchor}' is not a heading in {file}, which the Swedish page shows; this text is shown there "
        "too, as this item has no Swedish version: link without the '#…' part, or give both texts that heading"
    ),
}
#: What is wrong with a link: (code, message), or None.
Problem = tuple[str, str] | None


def _split(href: str) -> tuple[str, str]:
    """``path`` and what follows it (``?query#fragment``), as written."""
    cut = min((i for i in (href.find("?"), href.find("#")) if i != -1), default=len(href))
    return href[:cut], href[cut:]


def _fragment(href: str) -> str:
    return unquote(href.partition("#")[2])


def item_file(folder: str, path: str) -> tuple[str, str, str] | None:
    """``(lang, kind, id)`` of the item file a relative ``path`` names from a file in
    ``folder`` (``fi/projects``), or ``None`` when it names no ``<lang>/<kind>/<id>.md``."""
    resolved = posixpath.normpath(posixpath.join(folder, unquote(path)))
    parts = resolved.split("/")
    if len(parts) != 3 or not parts[2].endswith(".md"):
        return None
    lang, kind, name = parts
    if lang not in LANGS or kind not in KINDS or name == ".md":
        return None
    return lang, kind, name[:-3]


def site_page(path: str) -> str:
    """A site path as the site's own URLs spell it: ``/fi/hankkeet`` and
    ``/fi/hankkeet/index.html`` are the folder ``/fi/hankkeet/``."""
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    last = path.rsplit("/", 1)[-1]
    return f"{path}/" if last and "." not in last else path


@dataclass(frozen=True)
class PageLinks:
    """How the links of a body written in ``folder`` read on the page at ``url`` (in ``lang``).

    Also the Markdown cache's key beside the text: equal ``PageLinks`` rewrite equally."""

    folder: str  # of the source file under content/, e.g. "fi/projects"
    lang: str
    url: str

    def __call__(self, href: str) -> str:
        if not href or href.startswith("#") or _EXTERNAL.match(href):
            return href
        path, rest = _split(href)
        if href.startswith("/"):
            return urls.relative(self.url, site_page(path)) + rest
        target = item_file(self.folder, path)
        if target is None:
            return href  # an error in the check: never published
        _, kind, item_id = target
        return urls.relative(self.url, urls.item(self.lang, kind, item_id)) + rest


# --- checking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _File:
    source: SourceFile
    body: str
    body_line: int


class _Checker:
    def __init__(
        self,
        register: Register,
        settings: Settings,
        translations: TranslationReport,
        cache: LoadCache,
        page_urls: PageUrls,
    ) -> None:
        self.register, self.settings, self.translations = register, settings, translations
        self.page_urls = page_urls
        self._md: MarkdownIt | None = None  # made when a body needs parsing, which a rebuild rarely does
        self.earlier = cache.bodies
        self.cache = cache
        self.seen: dict[str, BodyFacts] = {}
        self._files: dict[tuple[str, str, str], _File] | None = None
        self._kinds: dict[str, set[str]] = {}
        self._langs: dict[tuple[str, str], set[str]] = {}
        self._pages: set[str] | None = None

    def _index(self) -> None:
        """Every item file, made on first use: an edit's check of one file's links may need none of it."""
        if self._files is not None:
            return
        self._files = {}
        for source in self.cache.sources.values():
            self._kinds.setdefault(source.id, set()).add(source.kind)
            self._langs.setdefault((source.kind, source.id), set()).add(source.lang)
            parsed = self.cache.parsed(source)
            if parsed is not None:
                self._files[(source.lang, source.kind, source.id)] = _File(source, parsed.body, parsed.body_line)

    @property
    def files(self) -> dict[tuple[str, str, str], _File]:
        """(lang, kind, id) → a readable item file."""
        self._index()
        assert self._files is not None
        return self._files

    @property
    def kinds(self) -> dict[str, set[str]]:
        """id → kinds it has files in (two is an error of its own)."""
        self._index()
        return self._kinds

    @property
    def langs(self) -> dict[tuple[str, str], set[str]]:
        """(kind, id) → languages it has files in."""
        self._index()
        return self._langs

    def facts(self, text: str, anchors: bool = False) -> BodyFacts:
        """Parsed once per text, kept across builds in the load cache."""
        known = self.seen.get(text) or self.earlier.get(text)
        if known is None or (anchors and known.anchors is None):
            if anchors or might_link(text):
                self._md = self._md or link_parser()
                known = parse_body(self._md, text)
            else:
                known = NO_LINKS
        self.seen[text] = known
        return known

    def problems(self) -> list[Diagnostic]:
        return [problem for file in self.files.values() for problem in self.file_problems(file)]

    def file_problems(self, file: _File) -> list[Diagnostic]:
        found = []
        for link in self.facts(file.body).links:
            problem = self.problem(file, link.href)
            if problem:
                code, message = problem
                found.append(Diagnostic(file.source.rel, file.body_line + link.line, FIELD, message, code=code))
        return found

    def problem(self, file: _File, href: str) -> Problem:
        if not href or _EXTERNAL.match(href):
            return None
        if href.startswith("#"):
            anchor = _fragment(href)
            anchors = self.facts(file.body, anchors=True).anchors or frozenset()
            if anchor and anchor not in anchors:
                message = _e("'#{anchor}' is not a heading on this page{suggestion}").format(
                    anchor=anchor, suggestion=_did_you_mean(anchor, anchors, "#")
                )
                return "unknown-anchor", message
            return None
        path, _ = _split(href)
        if href.startswith("/"):
            return self._site_problem(file, unquote(path), href)
        return self._item_problem(file, unquote(path), href)

    def _item_problem(self, file: _File, path: str, href: str) -> Problem:
        folder = f"{file.source.lang}/{file.source.kind}"
        target = item_file(folder, path)
        if target is None:
            if path.endswith(".yaml") and posixpath.basename(path) == "organisations.yaml":
                message = _e(
                    "'{path}': links go to items' .md files; link to an organisation's page "
                    "from the site's root instead, e.g. {example}"
                ).format(path=path, example=urls.organisation(file.source.lang, "<id>"))
                return "bad-link", message
            message = _e(
                "'{href}' is not an item's file; link to an item's .md file relative to this one "
                "(e.g. ../networks/<id>.md), to a page of this site from its root "
                "(e.g. {example}) or to a full address (https://…)"
            ).format(href=unquote(href), example=urls.search(file.source.lang))
            return "bad-link", message
        lang, kind, item_id = target
        if (kind, item_id) not in self.langs:
            return self._missing_item(folder, lang, kind, item_id, path)
        linking = self.register.items.get(file.source.id)
        published = linking is not None and file.source.lang in linking.versions
        if item_id in self.register.drafts_only and published:  # the page would link to nothing
            message = _e("'{path}': '{id}' is a draft, not published; publish it first or link to it later")
            return "draft-link", message.format(path=path, id=item_id)
        anchor = _fragment(href)
        if anchor:
            return self._anchor_problem(file, kind, item_id, anchor)
        return None

    def _missing_item(self, folder: str, lang: str, kind: str, item_id: str, path: str) -> tuple[str, str]:
        """The file is missing: the id is another kind's, or close to an existing one, or unknown."""
        other_kinds = sorted(self.kinds.get(item_id, ()))
        if other_kinds:
            right = _relative_file(folder, lang, other_kinds[0], item_id)
            return "wrong-kind", _e(_WRONG_KIND[(other_kinds[0], kind)]).format(path=path, id=item_id, right=right)
        close = _closest(item_id, self.kinds)
        hint = ""
        if close is not None:
            hint = _suggestion(_relative_file(folder, lang, sorted(self.kinds[close])[0], close))
        message = _e("'{path}': there is no {file}{suggestion}").format(
            path=path, file=f"content/{lang}/{kind}/{item_id}.md", suggestion=hint
        )
        return "unknown-item", message

    def _anchor_problem(self, file: _File, kind: str, item_id: str, anchor: str) -> Problem:
        """The anchor must be a heading on every page the link is shown on: this text is shown
        on its own language's page and, when its item has no version in the other language,
        on that language's page too, where the target shows its text in that language."""
        own = self.langs.get((file.source.kind, file.source.id), set())
        shown_on = [file.source.lang, *(lang for lang in LANGS if lang != file.source.lang and lang not in own)]
        for lang in shown_on:
            target = self._shown(lang, kind, item_id)
            if target is None:
                continue  # unreadable: its own error says so
            anchors = self.facts(target.body, anchors=True).anchors or frozenset()
            if anchor in anchors:
                continue
            if lang == file.source.lang:
                hint = _did_you_mean(anchor, anchors, "#") if anchors else _e(" (it has no headings)")
                message = _e("'#{anchor}' is not a heading in {file}{suggestion}").format(
                    anchor=anchor, file=target.source.rel, suggestion=hint
                )
                return "unknown-anchor", message
            return "unknown-anchor", _e(_NOT_ON_OTHER_PAGE[lang]).format(anchor=anchor, file=target.source.rel)
        return None

    def _shown(self, lang: str, kind: str, item_id: str) -> _File | None:
        """The file whose text the target's page in ``lang`` shows: its own, else the other's."""
        if lang in self.langs.get((kind, item_id), ()):
            return self.files.get((lang, kind, item_id))
        return next((self.files[(o, kind, item_id)] for o in LANGS if (o, kind, item_id) in self.files), None)

    def _site_problem(self, file: _File, path: str, href: str) -> Problem:
        page = site_page(path)
        if self._always_there(page):
            return None
        pages = self.pages()
        if page in pages:
            return None
        if path.endswith(".md"):  # a file's path from the register's root: the relative one is meant
            named = item_file("", path.removeprefix("/").removeprefix("content/"))
            if named is not None and (named[1], named[2]) in self.langs:
                right = _relative_file(f"{file.source.lang}/{file.source.kind}", *named)
                message = _e("'{href}': item files are linked relative to this file: '{right}'")
                return "bad-link", message.format(href=href, right=right)
        message = _e("'{href}': no page at {page} on this site{suggestion}").format(
            href=href, page=page, suggestion=_did_you_mean(page, pages, "")
        )
        return "unknown-page", message

    def _always_there(self, page: str) -> bool:
        """The pages most links go to, known without planning the site: the site-wide ones and
        the item and organisation pages.  Only the browsable lists' narrowed and later pages
        need the whole page list."""
        if page in FIXED_PAGES:
            return True
        parts = page.strip("/").split("/")
        if len(parts) != 3 or not page.endswith("/"):
            return False
        lang, section, ident = parts
        kind = _SECTION_KINDS.get((lang, section))
        if kind == "organisations":
            return ident in self.register.organisations
        return kind is not None and (kind, ident) in self.langs

    def pages(self) -> set[str]:
        """Every URL the site will have (made only when some body links to a list page)."""
        if self._pages is None:
            self._pages = set(self.page_urls(self.register, self.settings, self.translations))
            # Items whose own errors keep them out of this register still get their pages.
            self._pages |= {urls.item(lang, kind, item_id) for kind, item_id in self.langs for lang in LANGS}
        return self._pages


#: Pages every site has whatever its content (``pages.PagePlanner.specs`` makes each of them).
FIXED_PAGES = frozenset(
    {
        urls.ROOT,
        urls.NOT_FOUND,
        urls.SITEMAP,
        urls.ROBOTS,
        urls.DATA_JSON,
        urls.DATA_SCHEMA,
        urls.DATA_PACKAGE,
        *(urls.data_csv(table) for table in (*KINDS, *urls.DATA_TABLES)),
        *(
            page
            for lang in LANGS
            for page in (
                urls.home(lang),
                urls.search(lang),
                urls.translation_status(lang),
                urls.accessibility(lang),
                urls.data_page(lang),
                urls.section(lang, "organisations"),
                urls.feed(lang),
                *(urls.section(lang, kind) for kind in KINDS),
                *(urls.feed(lang, kind) for kind in KINDS),
            )
        ),
    }
)
_SECTION_KINDS = {(lang, urls.SECTIONS[lang][kind]): kind for lang in LANGS for kind in (*KINDS, "organisations")}


def _relative_file(folder: str, lang: str, kind: str, item_id: str) -> str:
    return posixpath.relpath(f"{lang}/{kind}/{item_id}.md", folder)


def _closest(value: str, known: Iterable[str]) -> str | None:
    """Close in spelling, or the one longer id that begins with a shortened one."""
    candidates = list(known)
    close = closest(value, candidates)
    if close:
        return close
    longer = [c for c in candidates if c.startswith(value)] if len(value) >= 3 else []
    return longer[0] if len(longer) == 1 else None


def _suggestion(close: str) -> str:
    """Said after a problem, in parentheses."""
    return " " + _e("(did you mean '{close}'?)").format(close=close)


def _did_you_mean(value: str, known: Iterable[str], prefix: str) -> str:
    close = _closest(value, known)
    return _suggestion(f"{prefix}{close}") if close else ""


def body_link_problems(
    register: Register,
    settings: Settings,
    translations: TranslationReport,
    cache: LoadCache,
    page_urls: PageUrls,
) -> list[Diagnostic]:
    """Every broken link in every readable item file, even one whose frontmatter has errors,
    so an editor sees them all at once.  Parses are kept in ``cache`` by text.  ``page_urls``
    is asked only when a link goes to a page not known without planning the site."""
    checker = _Checker(register, settings, translations, cache, page_urls)
    found = checker.problems()
    cache.bodies = checker.seen
    return found


def file_link_problems(
    register: Register,
    settings: Settings,
    translations: TranslationReport,
    cache: LoadCache,
    page_urls: PageUrls,
    files: Iterable[tuple[SourceFile, str, int]],
) -> tuple[list[Diagnostic], list[frozenset[str]]]:
    """:func:`body_link_problems` of the given texts only (source, body, its first line), and
    each text's heading ids: an edit's check, which keeps the other files' problems."""
    checker = _Checker(register, settings, translations, cache, page_urls)
    found: list[Diagnostic] = []
    anchors: list[frozenset[str]] = []
    for source, body, line in files:
        found += checker.file_problems(_File(source, body, line))
        anchors.append(checker.facts(body, anchors=True).anchors or frozenset())
    cache.bodies.update(checker.seen)
    return found, anchors
