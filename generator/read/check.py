"""``check()``: settings, content and translation metadata, validated together.

What ``rekisteri check`` runs, and the first step of every build.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Diagnostic, Severity, display_path, has_errors, sort_diagnostics
from .advice import content_warnings
from .bodylinks import PageUrls, body_link_problems, file_link_problems
from .join import Joined, Loaded, Pending, apply_drafts, join
from .load import LoadCache, _discover, _read, _signature, load_register
from .model import LANGS, Item, Register, SourceFile, Version
from .settings import Settings, catalog_warnings, load_settings
from .translations import TranslationReport, translation_report


@dataclass
class Checked:
    settings: Settings
    register: Register
    translations: TranslationReport
    diagnostics: list[Diagnostic]
    today: dt.date | None = None  # the day the warnings were worked out for
    strict: bool = False
    bodies_only: bool = False  # worked out from a previous check by _check_bodies


def check(
    root: Path,
    page_urls: PageUrls,
    cache: LoadCache | None = None,
    today: dt.date | None = None,
    strict: bool = False,
    only: Collection[Path] | None = None,
    drafts: bool = False,
    previous: Checked | None = None,
) -> Checked:
    """Errors, warnings (see :mod:`advice`) and notices; with ``strict`` the warnings count as
    errors, notices never do.  ``only``: the files a watcher saw change; the cached others are
    not looked at.  ``drafts``: the register as previewed, drafts included (see :mod:`join`).
    ``page_urls``: every page the site will have (``generator.pages.site_urls``), passed
    down because ``read`` may not plan the site.  ``previous``: the last check of the same
    ``cache``, from which an edit of bodies only is checked in the time of the files it
    touched (see :func:`_check_bodies`)."""
    today = today or dt.date.today()
    settings, diagnostics = load_settings(root)
    cache = cache if cache is not None else LoadCache()  # the body-link check reads the files it holds
    if previous is not None and only is not None:
        quick = _check_bodies(previous, root, settings, cache, page_urls, only, today, strict, drafts)
        if quick is not None:
            return quick
    register, problems = load_register(root, cache=cache, only=only, drafts=drafts)
    translations, translation_problems = translation_report(register)
    problems += body_link_problems(register, settings, translations, cache, page_urls)
    complete = not has_errors(problems)
    advice = content_warnings(register, today, complete)
    if not has_errors(diagnostics):  # settings that could not be read are reported as such
        known = register.organisations if complete else None
        advice += catalog_warnings(settings, known, root)
    found = sort_diagnostics(_strict(diagnostics + problems + translation_problems + advice, strict))
    return Checked(settings, register, translations, found, today, strict)


def edited_files(root: Path, cache: LoadCache) -> list[Path] | None:
    """The content files whose size, modification time or inode differ from when ``cache``
    read them (or that were read too recently to trust those), as a watcher would have reported
    them: what a command run, which has no watcher, can pass ``check`` as ``only``.  ``None``
    when the files are not the same ones as then (added, removed, renamed, linked, or anything
    a full check would report about the folders): then only a full check can tell.  The same
    stat per file the load cache makes anyway, without the joining and validating after it."""
    content = root / "content"
    if not content.is_dir():
        return None
    found: list[Diagnostic] = []
    sources = _discover(content, root, found, cache.sources)
    if found or len(sources) != len(cache.sources) or any(cache.sources.get(s.rel) is not s for s in sources):
        return None
    edited = []
    for source in sources:
        signature = cache.signatures.get(source.path)
        if signature is None or source.path not in cache.files or _signature(source.path) != signature:
            edited.append(source.path)
    return edited


def _strict(found: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """With ``strict`` warnings fail the check like errors; notices never do."""
    if not strict:
        return found
    return [replace(d, severity=Severity.ERROR) if d.severity is Severity.WARNING else d for d in found]


def _frontmatter(version: Version) -> tuple[object, ...]:
    """All of a version that is not its body text: what every check but the body links reads."""
    return (
        version.lang,
        version.source,
        version.data,
        version.inherited,
        version.raw,
        version.lines,
        version.body_line,
    )


def _same_but_bodies(old: Item, new: Item) -> bool:
    return (
        old.kind == new.kind
        and old.versions.keys() == new.versions.keys()
        and old.drafts.keys() == new.drafts.keys()
        and all(_frontmatter(v) == _frontmatter(new.versions[lang]) for lang, v in old.versions.items())
        and all(_frontmatter(v) == _frontmatter(new.drafts[lang]) for lang, v in old.drafts.items())
    )


def _check_bodies(
    previous: Checked,
    root: Path,
    settings: Settings,
    cache: LoadCache,
    page_urls: PageUrls,
    only: Collection[Path],
    today: dt.date,
    strict: bool,
    drafts: bool,
) -> Checked | None:
    """``previous`` with the edited items in it, when the edit (files a watcher saw change)
    changed only their bodies: no file added or removed, every frontmatter as it was, no new
    problem when the files are read and joined, and the same headings for links from other
    files to point at.  Then which items exist, what they name, their warnings and the other
    files' problems are all as before; only the edited files' body links and the items'
    translation states are worked out again.  ``None`` for any other edit: the whole
    register is checked (reading only what changed)."""
    register = previous.register
    if (
        previous.today != today
        or previous.strict != strict
        or previous.settings != settings
        or has_errors(previous.diagnostics)
        or register.drafts_only
    ):
        return None
    touched = {os.path.abspath(path) for path in only}
    edited: dict[tuple[str, str], None] = {}
    for path in only:
        source = cache.sources.get(display_path(path, root))
        if source is None or not path.is_file() or path.is_symlink():
            return None  # new, gone or not an item file: what exists may differ
        edited[(source.kind, source.id)] = None
    items = dict(register.items)
    rows = {row.item.id: row for row in previous.translations.items}
    before: list[Diagnostic] = []  # the edited items' diagnostics that may change, as previously found
    after: list[Diagnostic] = []  # and as found now
    old_texts: list[tuple[SourceFile, str, int]] = []
    new_texts: list[tuple[SourceFile, str, int]] = []
    updates: list[tuple[tuple[str, str], tuple[tuple[str, str], ...], Joined, list[Diagnostic]]] = []
    cache.changed = set()
    for kind, item_id in edited:
        old = register.items.get(item_id)
        kept = cache.items.get((kind, item_id))
        if old is None or old.kind != kind or kept is None or kept[1] is None or kept[1].item is not old:
            return None
        sources = [cache.sources.get(_sibling(old, lang)) for lang in LANGS]
        files = [one for one in sources if one is not None]
        old_loaded: dict[str, Loaded] = {}
        by_lang: dict[str, Loaded] = {}
        read_problems: list[Diagnostic] = []
        for source in files:
            cached = cache.files.get(source.path)
            if cached is None or cached[1] is None:
                return None
            old_loaded[source.lang] = cached[1]
            before += cached[2]
            loaded = _read(source, read_problems, cache, touched)
            if loaded is None:
                return None
            by_lang[source.lang] = loaded
        after += read_problems
        key = tuple((lang, one.digest) for lang, one in sorted(by_lang.items()))
        if key == kept[0]:
            continue  # written as it was
        problems: list[Diagnostic] = []
        references: Pending = []
        joined = join(kind, item_id, by_lang, problems, (), references)
        if joined is not None:
            joined = apply_drafts(joined, by_lang, drafts, problems)
        if joined is None or references or has_errors(problems) or not _same_but_bodies(old, joined.item):
            return None
        before += kept[2]
        after += problems
        for lang, loaded in by_lang.items():
            old_parsed, new_parsed = old_loaded[lang].parsed, loaded.parsed
            old_texts.append((old_loaded[lang].source, old_parsed.body, old_parsed.body_line))
            new_texts.append((loaded.source, new_parsed.body, new_parsed.body_line))
        items[item_id] = joined.item
        updates.append(((kind, item_id), key, joined, problems))
    new_register = replace(register, items=items)
    report, _ = translation_report(replace(register, items={i: items[i] for _, i in edited}))
    for row in report.items:
        rows[row.item.id] = row
    translations = TranslationReport([rows[row.item.id] for row in previous.translations.items])
    old_links, old_anchors = file_link_problems(register, settings, previous.translations, cache, page_urls, old_texts)
    new_links, new_anchors = file_link_problems(new_register, settings, translations, cache, page_urls, new_texts)
    if old_anchors != new_anchors:
        return None  # another file's link to a heading may now point at nothing, or at something
    before, after = _strict(before + old_links, strict), _strict(after + new_links, strict)
    if has_errors(after):
        return None
    left = Counter(before)
    found = []
    for diagnostic in previous.diagnostics:
        if left[diagnostic] > 0:
            left[diagnostic] -= 1
        else:
            found.append(diagnostic)
    if +left:
        return None  # not found where expected: something else changed them; check it all
    for item_key, digests, joined, problems in updates:
        cache.items[item_key] = (digests, joined, problems, [])
        if joined.item.id in cache.references.checked:
            cache.references.checked[joined.item.id] = (joined, [])
    return Checked(settings, new_register, translations, sort_diagnostics(found + after), today, strict, True)


def _sibling(item: Item, lang: str) -> str:
    """The display path of the item's file in ``lang``, whether or not it exists."""
    any_version = next(iter({**item.versions, **item.drafts}.values()))
    rel = any_version.source.rel
    return rel.replace(f"content/{any_version.lang}/", f"content/{lang}/", 1)
