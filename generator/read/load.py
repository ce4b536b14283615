"""Read the whole register from disk: the entry point of the ``read`` stage.

``load_register`` turns a content folder into a :class:`Register` of items
joined across languages, plus every diagnostic found on the way.  This module
finds and reads the files and keeps what it read in a :class:`LoadCache`; the
join (:mod:`join`) and the reference checks (:mod:`references`) are pure steps
it runs on what it read.  Nothing here raises for bad content; a broken file
simply drops out of the register and leaves a diagnostic behind.
"""

from __future__ import annotations

import hashlib
import os
import time
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from pydantic import ValidationError

from ..diagnostics import Diagnostic, display_path
from ..text.editor import N_e, _e, current_language
from ..urls import RESERVED_IDS
from .bodyfacts import BodyFacts
from .join import Joined, Loaded, Pending, apply_drafts, join
from .model import KINDS, LANGS, ORGANISATIONS_FILE, THEMES_FILE, Item, Register, SourceFile
from .problems import validation_problems
from .references import ReferenceMemo, reference_problems, resolve_references, unlink_drafts
from .schema import ID_PATTERN, Organisation, Theme, id_problem
from .source import MAX_FILE_BYTES, ParsedSource, comment_warnings, decode, is_leftover, split_frontmatter
from .yamlsource import YamlProblem, load_located

_CachedFile = tuple[str, Loaded | None, list[Diagnostic]]  # (digest, parsed file, problems)
_CachedItem = tuple[tuple[tuple[str, str], ...], Joined | None, list[Diagnostic], Pending]  # (file digests, …)


@dataclass
class LoadCache:
    """What an earlier load parsed and joined, reused while the files' bytes stay the same.

    ``serve`` keeps one across rebuilds, so an edit re-reads and re-validates
    only the files it touched.
    """

    files: dict[Path, _CachedFile] = field(default_factory=dict)
    items: dict[tuple[str, str], _CachedItem] = field(default_factory=dict)
    changed: set[Path] = field(default_factory=set)  # files new or different in the latest load
    signatures: dict[Path, tuple[int, int, int]] = field(default_factory=dict)  # size, mtime, inode when read
    references: ReferenceMemo = field(default_factory=ReferenceMemo)  # problems per item, and the ids checked against
    organisations_named: dict[str, tuple[Item, list[str]]] = field(default_factory=dict)  # see Register
    sources: dict[str, SourceFile] = field(default_factory=dict)  # by display path, reused while unchanged
    bodies: dict[str, BodyFacts] = field(default_factory=dict)  # links and headings per body text (bodylinks.py)

    def parsed(self, source: SourceFile) -> ParsedSource | None:
        """A discovered file as last read; ``None`` when it could not be read or split."""
        cached = self.files.get(source.path)
        return cached[1].parsed if cached is not None and cached[1] is not None else None


def load_register(
    root: Path,
    cache: LoadCache | None = None,
    only: Collection[Path] | None = None,
    drafts: bool = False,
) -> tuple[Register, list[Diagnostic]]:
    """``only``: the files known to have changed (from a watcher); a cached file not among
    them is taken as it is, without even a ``stat``.  ``drafts``: keep files marked
    ``draft: true`` (a preview); otherwise they are left out as if they did not exist.
    A cache serves one of the two modes only."""
    content = root / "content"
    diagnostics: list[Diagnostic] = []
    if not content.is_dir():
        rel = display_path(content, root)
        return Register(root, {}, {}), [
            Diagnostic(
                rel,
                0,
                "",
                _e("content folder not found: {root} is not a register ('rekisteri init DIR' starts one)").format(
                    root=root
                ),
                code="no-content-folder",
            )
        ]

    organisations, excused = _load_organisations(content / ORGANISATIONS_FILE, root, diagnostics)
    themes, themes_readable = _load_themes(content / THEMES_FILE, root, diagnostics)
    sources = _discover(content, root, diagnostics, cache.sources if cache else {})
    cache = cache if cache is not None else LoadCache()
    cache.changed = set()
    touched = None if only is None else {os.path.abspath(path) for path in only}
    loaded = []
    unreadable: dict[tuple[str, str], set[str]] = defaultdict(set)  # files that exist but could not be parsed
    for source in sources:
        one = _read(source, diagnostics, cache, touched)
        if one is None:
            unreadable[(source.kind, source.id)].add(source.lang)
        else:
            loaded.append(one)
    groups = _group(loaded, diagnostics)

    joined: dict[str, Joined] = {}
    pending: Pending = []
    draft_only: set[str] = set()  # every version a draft: not published, yet not unknown either
    seen_items: dict[tuple[str, str], _CachedItem] = {}
    for (kind, item_id), by_lang in sorted(groups.items()):
        broken = frozenset(unreadable.get((kind, item_id), ()))
        key = tuple((lang, one.digest) for lang, one in sorted(by_lang.items())) + tuple(
            (lang, "unreadable") for lang in sorted(broken)
        )
        cached = cache.items.get((kind, item_id))
        if cached is not None and cached[0] == key:
            result, problems, references = cached[1], cached[2], cached[3]
        else:
            problems, references = [], []
            result = join(kind, item_id, by_lang, problems, broken, references)
            if result is not None:
                result = apply_drafts(result, by_lang, drafts, problems)
        seen_items[(kind, item_id)] = (key, result, problems, references)
        diagnostics.extend(problems)
        pending.extend(references)
        if result is not None and result.item.versions:
            joined[item_id] = result
        elif result is not None:
            draft_only.add(item_id)
    cache.items = seen_items
    cache.files = {source.path: cache.files[source.path] for source in sources if source.path in cache.files}
    cache.sources = {source.rel: source for source in sources}
    cache.signatures = {path: cache.signatures[path] for path in cache.files if path in cache.signatures}

    items = {item_id: j.item for item_id, j in joined.items()}
    register = Register(root, organisations, items, themes=themes)
    register._organisations_named = cache.organisations_named  # per item object: kept across loads
    # Items with errors of their own still exist: naming one is not a second error.
    known = {item_id: kind for kind, item_id in groups}
    resolve_references(joined, register, known, diagnostics, cache.references, excused, themes_readable)
    theme_ids = frozenset(themes) if themes_readable else None
    for origin, found in pending:
        diagnostics.extend(reference_problems(found, origin, organisations, known, excused, theme_ids))
    if draft_only:
        register.drafts_only = frozenset(draft_only)
        diagnostics.extend(unlink_drafts(joined, register, draft_only))
    return register, diagnostics


# --- organisations -------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    """A YAML list of entries that items name by id: organisations.yaml, themes.yaml.
    The sentences are whole, per file, so that each language may word them its own way."""

    model: type[Organisation] | type[Theme]
    unchecked: str  # "{problem}; until it is fixed, … ids in items are not checked"
    not_a_list: str
    duplicate: str
    missing: str | None  # None: the file is optional


_ORGANISATIONS = _Vocabulary(
    Organisation,
    N_e("{problem}; until it is fixed, the organisation ids in items are not checked"),
    N_e(
        "expected a list of organisations ('- id: …' entries); "
        "until it is fixed, the organisation ids in items are not checked"
    ),
    N_e("duplicate organisation id '{id}' (first given on line {line})"),
    N_e("organisations file not found; until it is fixed, the organisation ids in items are not checked"),
)
_THEMES = _Vocabulary(
    Theme,
    N_e("{problem}; until it is fixed, the theme ids in items are not checked"),
    N_e("expected a list of themes ('- id: …' entries); until it is fixed, the theme ids in items are not checked"),
    N_e("duplicate theme id '{id}' (first given on line {line})"),
    None,
)


def _load_organisations(
    path: Path, root: Path, diagnostics: list[Diagnostic]
) -> tuple[dict[str, Organisation], frozenset[str] | None]:
    """The organisations, and the ids whose references must not be reported: those of
    entries that are themselves broken (already reported), or ``None`` for every id when the
    file could not be read at all.  Either way the editor hears of the cause once, not
    of every item that names an organisation."""
    entries, excused = _load_vocabulary(path, root, diagnostics, _ORGANISATIONS)
    return {k: v for k, v in entries.items() if isinstance(v, Organisation)}, excused


def _load_themes(path: Path, root: Path, diagnostics: list[Diagnostic]) -> tuple[dict[str, Theme], bool]:
    """The register's themes (optional: a register without the file has none), and whether
    theme ids can be checked: not while the file is there but unreadable."""
    entries, excused = _load_vocabulary(path, root, diagnostics, _THEMES)
    return {k: v for k, v in entries.items() if isinstance(v, Theme)}, excused is not None


def _load_vocabulary(
    path: Path, root: Path, diagnostics: list[Diagnostic], kind: _Vocabulary
) -> tuple[dict[str, Organisation | Theme], frozenset[str] | None]:
    rel = display_path(path, root)
    if not path.is_file():
        if kind.missing is None:
            return {}, frozenset()
        diagnostics.append(Diagnostic(rel, 0, "", _e(kind.missing), code="no-organisations-file"))
        return {}, None

    def unchecked(problem: str) -> str:
        return _e(kind.unchecked).format(problem=problem)

    text, problems = _read_text(path, rel)
    if text is None:
        diagnostics.extend(replace(problem, message=unchecked(problem.message)) for problem in problems)
        return {}, None
    try:
        located = load_located(text)
    except YamlProblem as exc:
        diagnostics.append(Diagnostic(rel, exc.line, exc.field, unchecked(exc.message), code=exc.code))
        return {}, None
    if located is None or not isinstance(located.data, list):
        diagnostics.append(Diagnostic(rel, 1, "", _e(kind.not_a_list), code="not-a-list"))
        return {}, None
    diagnostics.extend(comment_warnings(located, rel))
    entries: dict[str, Organisation | Theme] = {}
    first_line: dict[str, int] = {}
    broken: set[str] = set()
    for index, entry in enumerate(located.data):
        try:
            one = kind.model.model_validate(entry)
        except ValidationError as exc:
            for problem in validation_problems(exc, kind.model, prefix=(index,)):
                diagnostics.append(problem.at(rel, located))
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                broken.add(entry["id"].strip())
            continue
        line = located.line_of((index, "id"))
        if one.id in entries:
            message = _e(kind.duplicate).format(id=one.id, line=first_line[one.id])
            diagnostics.append(Diagnostic(rel, line, "id", message, code="duplicate-id"))
            continue
        entries[one.id] = one
        first_line[one.id] = line
    return entries, frozenset(broken - entries.keys())


# --- discovering and reading files ---------------------------------------------------


def _discover(
    content: Path, root: Path, diagnostics: list[Diagnostic], known: dict[str, SourceFile]
) -> list[SourceFile]:
    """Content files in a stable order; ``known`` gives back last load's objects for the same files."""

    def problem(path: Path, message: str, code: str) -> None:
        diagnostics.append(Diagnostic(display_path(path, root), 0, "", message, code=code))

    sources: list[SourceFile] = []
    for entry in _entries(content):
        if entry.name in (ORGANISATIONS_FILE, THEMES_FILE) and not entry.is_dir():
            continue
        if entry.name not in LANGS or not entry.is_dir() or entry.is_symlink():
            problem(
                entry,
                _e("not part of the register: content/ holds fi/, sv/, organisations.yaml and themes.yaml"),
                "not-in-register",
            )
            continue
        for kind_dir in _entries(entry):
            if kind_dir.name not in KINDS or not kind_dir.is_dir() or kind_dir.is_symlink():
                problem(
                    kind_dir,
                    _e("unknown kind folder; expected one of {kinds}").format(kinds=", ".join(KINDS)),
                    "unknown-kind-folder",
                )
                continue
            folder_rel = display_path(kind_dir, root)
            with os.scandir(kind_dir) as found:  # thousands of files: plain names, no Path per check
                names = sorted((e.name, e.is_dir(), e.is_symlink()) for e in found if not is_leftover(e.name))
            for name, is_dir, is_symlink in names:
                if (
                    is_symlink
                    or is_dir
                    or not name.endswith(".md")
                    or name[:-3] in RESERVED_IDS
                    or not ID_PATTERN.match(name[:-3])
                ):
                    source = _source_file(kind_dir / name, content, root, entry.name, kind_dir.name, problem)
                else:
                    rel = f"{folder_rel}/{name}"
                    source = known.get(rel) or SourceFile(kind_dir / name, rel, entry.name, kind_dir.name, name[:-3])
                if source is not None:
                    sources.append(source)
    return sources


def _entries(folder: Path) -> list[Path]:
    """Folder entries in a stable order, hidden files (.gitkeep) and editors' leftovers skipped."""
    try:
        return sorted(p for p in folder.iterdir() if not is_leftover(p.name))
    except OSError:
        return []


def _source_file(path: Path, content: Path, root: Path, lang: str, kind: str, problem: Any) -> SourceFile | None:
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(content.resolve()):
            problem(path, _e("symbolic link pointing outside content/ is refused"), "link-outside-content")
            return None
    if path.is_dir():
        problem(path, _e("a folder where a Markdown file is expected; items are files <id>.md"), "not-a-file")
        return None
    if path.suffix != ".md":
        problem(path, _e("not a Markdown file; items are files named <id>.md"), "not-markdown")
        return None
    item_id = unicodedata.normalize("NFC", path.stem)  # macOS writes file names decomposed (NFD)
    if item_id in RESERVED_IDS:
        problem(
            path,
            _e("'{id}' is reserved for the site's list pages; choose another id").format(id=item_id),
            "reserved-id",
        )
        return None
    wrong = id_problem(item_id)
    if wrong:
        problem(path, wrong, "bad-id")
        return None
    return SourceFile(path, display_path(path, root), lang, kind, item_id)


RACY_NANOSECONDS = 2_000_000_000


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def _read_bytes(path: Path, rel: str) -> tuple[bytes | None, list[Diagnostic]]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            size_shown = format_decimal(size, locale=current_language())
            message = _e("file is {size} bytes; the limit is {limit} MiB").format(size=size_shown, limit=limit)
            return None, [Diagnostic(rel, 0, "", message, code="file-too-large")]
        return path.read_bytes(), []
    except OSError as exc:
        message = _e("cannot read file: {error}").format(error=exc.strerror or exc)
        return None, [Diagnostic(rel, 0, "", message, code="unreadable-file")]


def _read_text(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    raw, problems = _read_bytes(path, rel)
    return (None, problems) if raw is None else decode(raw, rel)


def _read(
    source: SourceFile, diagnostics: list[Diagnostic], cache: LoadCache, touched: set[str] | None = None
) -> Loaded | None:
    """A file whose size, modification time and inode are as when it was last read (and not
    so recent that a second write could share its timestamp) is not read again: git's
    index does the same, and it saves reading the whole register on every edit."""
    cached = cache.files.get(source.path)
    if cached is not None and not (cached[1] is None or cached[1].source is source or cached[1].source == source):
        cached = None  # the same path now read as another language, kind or id
    if cached is not None and touched is not None and os.path.abspath(source.path) not in touched:
        diagnostics.extend(cached[2])
        return cached[1]
    signature = _signature(source.path)
    if cached is not None and signature is not None and cache.signatures.get(source.path) == signature:
        diagnostics.extend(cached[2])
        return cached[1]
    if signature is not None and time.time_ns() - signature[1] > RACY_NANOSECONDS:
        cache.signatures[source.path] = signature
    else:
        cache.signatures.pop(source.path, None)
    raw, problems = _read_bytes(source.path, source.rel)
    if raw is None:
        diagnostics.extend(problems)
        cache.files.pop(source.path, None)
        return None
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    if cached is not None and cached[0] == digest:
        diagnostics.extend(cached[2])
        return cached[1]
    text, problems = decode(raw, source.rel)
    parsed = None
    if text is not None:
        parsed, more = split_frontmatter(text, source.rel)
        problems = problems + more
    loaded = Loaded(source, parsed, digest) if parsed else None
    cache.files[source.path] = (digest, loaded, problems)
    cache.changed.add(source.path)
    diagnostics.extend(problems)
    return loaded


def _group(loaded: list[Loaded], diagnostics: list[Diagnostic]) -> dict[tuple[str, str], dict[str, Loaded]]:
    by_id: dict[str, list[Loaded]] = defaultdict(list)
    for one in loaded:
        by_id[one.source.id].append(one)
    groups: dict[tuple[str, str], dict[str, Loaded]] = {}
    for item_id, files in by_id.items():
        kinds = {one.source.kind for one in files}
        if len(kinds) > 1:
            for one in files:
                others = ", ".join(o.source.rel for o in files if o.source.kind != one.source.kind)
                diagnostics.append(
                    Diagnostic(
                        one.source.rel,
                        1,
                        "",
                        _e(
                            "duplicate id '{id}': also used by {others}; "
                            "ids must be unique across projects, meetings and networks"
                        ).format(id=item_id, others=others),
                        code="duplicate-id",
                    )
                )
            continue
        groups[(files[0].source.kind, item_id)] = {one.source.lang: one for one in files}
    return groups
