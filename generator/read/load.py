"""Load, validate, join and cross-reference the whole register.

``load_register`` is the only entry point: it turns a content folder into a
:class:`Register` of items joined across languages, plus every diagnostic
found on the way.  Nothing here raises for bad content; a broken file simply
drops out of the register and leaves a diagnostic behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..diagnostics import Diagnostic, Severity, display_path
from ..urls import RESERVED_IDS
from . import placeholders
from .facts import marked_values, neutral_differences, raw_marked_values
from .problems import did_you_mean, field_name, readable, validation_problems
from .model import KINDS, LANGS, ORGANISATIONS_FILE, Item, Register, SourceFile, Version
from .schema import (
    ID_PATTERN,
    MODELS,
    ItemData,
    ItemRef,
    Organisation,
    OrganisationRef,
    id_problem,
    is_neutral,
)
from .source import MAX_FILE_BYTES, ParsedSource, comment_warnings, decode, is_leftover, split_frontmatter
from .texthash import text_hash
from .yamlsource import Loc, YamlProblem, load_located

if TYPE_CHECKING:
    from .bodylinks import BodyFacts


@dataclass
class _Loaded:
    source: SourceFile
    parsed: ParsedSource
    digest: str = ""

    @property
    def frontmatter(self) -> dict[str, Any]:
        data: dict[str, Any] = self.parsed.frontmatter.data
        return data


@dataclass
class _Joined:
    """An item plus, per language, which file each top-level key came from."""

    item: Item
    origin: dict[str, dict[str, _Loaded]]


_CachedFile = tuple[str, "_Loaded | None", list[Diagnostic]]  # (digest, parsed file, problems)
#: A reference read from an item that failed: (location, id, OrganisationRef or ItemRef).
_Reference = tuple[Loc, str, type]
#: References of an item that could not be joined, per language view: checked all the same.
_Pending = list[tuple[dict[str, "_Loaded"], list[_Reference]]]
_CachedItem = tuple[tuple[tuple[str, str], ...], "_Joined | None", list[Diagnostic], _Pending]  # (file digests, …)


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
    references: dict[str, tuple[_Joined, list[Diagnostic]]] = field(default_factory=dict)  # problems per item
    reference_context: tuple[frozenset[str], dict[str, str], frozenset[str] | None] | None = None  # ids checked against
    organisations_named: dict[str, tuple[Item, list[str]]] = field(default_factory=dict)  # see Register
    sources: dict[str, SourceFile] = field(default_factory=dict)  # by display path, reused while unchanged
    bodies: dict[str, BodyFacts] = field(default_factory=dict)  # links and headings per body text (bodylinks.py)

    def parsed(self, source: SourceFile) -> ParsedSource | None:
        """A discovered file as last read; ``None`` when it could not be read or split."""
        cached = self.files.get(source.path)
        return cached[1].parsed if cached is not None and cached[1] is not None else None


def load_register(
    root: Path,
    content_dir: Path | None = None,
    cache: LoadCache | None = None,
    only: Collection[Path] | None = None,
    drafts: bool = False,
) -> tuple[Register, list[Diagnostic]]:
    """``only``: the files known to have changed (from a watcher); a cached file not among
    them is taken as it is, without even a ``stat``.  ``drafts``: keep files marked
    ``draft: true`` (a preview); otherwise they are left out as if they did not exist.
    A cache serves one of the two modes only."""
    content = content_dir or root / "content"
    diagnostics: list[Diagnostic] = []
    if not content.is_dir():
        rel = display_path(content, root)
        return Register(root, {}, {}), [
            Diagnostic(
                rel, 0, "", f"content folder not found: {root} is not a register ('rekisteri init DIR' starts one)"
            )
        ]

    organisations, excused = _load_organisations(content / ORGANISATIONS_FILE, root, diagnostics)
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

    joined: dict[str, _Joined] = {}
    pending: _Pending = []
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
            result = _join(kind, item_id, by_lang, problems, broken, references)
            if result is not None:
                result = _drafts(result, by_lang, drafts, problems)
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
    register = Register(root, organisations, items)
    register._organisations_named = cache.organisations_named  # per item object: kept across loads
    # Items with errors of their own still exist: naming one is not a second error.
    known = {item_id: kind for kind, item_id in groups}
    _resolve_references(joined, register, known, diagnostics, cache, excused)
    for origin, found in pending:
        diagnostics.extend(_reference_problems(found, origin, organisations, known, excused))
    if draft_only:
        register.drafts_only = frozenset(draft_only)
        diagnostics.extend(_unlink_drafts(joined, register, draft_only))
    return register, diagnostics


# --- organisations -------------------------------------------------------------------


_UNCHECKED = "; until it is fixed, the organisation ids in items are not checked"


def _load_organisations(
    path: Path, root: Path, diagnostics: list[Diagnostic]
) -> tuple[dict[str, Organisation], frozenset[str] | None]:
    """The organisations, and the ids whose references must not be reported: those of
    entries that are themselves broken (already reported), or ``None`` for every id when the
    file could not be read at all.  Either way the editor hears of the cause once, not
    of every item that names an organisation."""
    rel = display_path(path, root)
    if not path.is_file():
        diagnostics.append(Diagnostic(rel, 0, "", "organisations file not found" + _UNCHECKED))
        return {}, None
    text, problems = _read_text(path, rel)
    if text is None:
        diagnostics.extend(replace(problem, message=problem.message + _UNCHECKED) for problem in problems)
        return {}, None
    try:
        located = load_located(text)
    except YamlProblem as exc:
        diagnostics.append(Diagnostic(rel, exc.line, exc.field, exc.message + _UNCHECKED))
        return {}, None
    if located is None or not isinstance(located.data, list):
        message = "expected a list of organisations ('- id: …' entries)" + _UNCHECKED
        diagnostics.append(Diagnostic(rel, 1, "", message))
        return {}, None
    diagnostics.extend(comment_warnings(located, rel))
    organisations: dict[str, Organisation] = {}
    first_line: dict[str, int] = {}
    broken: set[str] = set()
    for index, entry in enumerate(located.data):
        try:
            organisation = Organisation.model_validate(entry)
        except ValidationError as exc:
            for problem in validation_problems(exc, Organisation, prefix=(index,)):
                diagnostics.append(problem.at(rel, located))
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                broken.add(entry["id"].strip())
            continue
        line = located.line_of((index, "id"))
        if organisation.id in organisations:
            diagnostics.append(
                Diagnostic(
                    rel,
                    line,
                    "id",
                    f"duplicate organisation id '{organisation.id}' "
                    f"(first given on line {first_line[organisation.id]})",
                )
            )
            continue
        organisations[organisation.id] = organisation
        first_line[organisation.id] = line
    return organisations, frozenset(broken - organisations.keys())


# --- discovering and reading files ---------------------------------------------------


def _discover(
    content: Path, root: Path, diagnostics: list[Diagnostic], known: dict[str, SourceFile]
) -> list[SourceFile]:
    """Content files in a stable order; ``known`` gives back last load's objects for the same files."""

    def problem(path: Path, message: str) -> None:
        diagnostics.append(Diagnostic(display_path(path, root), 0, "", message))

    sources: list[SourceFile] = []
    for entry in _entries(content):
        if entry.name == ORGANISATIONS_FILE and not entry.is_dir():
            continue
        if entry.name not in LANGS or not entry.is_dir() or entry.is_symlink():
            problem(entry, "not part of the register: content/ holds fi/, sv/ and organisations.yaml")
            continue
        for kind_dir in _entries(entry):
            if kind_dir.name not in KINDS or not kind_dir.is_dir() or kind_dir.is_symlink():
                problem(kind_dir, f"unknown kind folder; expected one of {', '.join(KINDS)}")
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
            problem(path, "symbolic link pointing outside content/ is refused")
            return None
    if path.is_dir():
        problem(path, "a folder where a Markdown file is expected; items are files <id>.md")
        return None
    if path.suffix != ".md":
        problem(path, "not a Markdown file; items are files named <id>.md")
        return None
    item_id = unicodedata.normalize("NFC", path.stem)  # macOS writes file names decomposed (NFD)
    if item_id in RESERVED_IDS:
        problem(path, f"'{item_id}' is reserved for the site's list pages; choose another id")
        return None
    wrong = id_problem(item_id)
    if wrong:
        problem(path, wrong)
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
            return None, [Diagnostic(rel, 0, "", f"file is {size:,} bytes; the limit is {limit} MiB")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Diagnostic(rel, 0, "", f"cannot read file: {exc.strerror or exc}")]


def _read_text(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    raw, problems = _read_bytes(path, rel)
    return (None, problems) if raw is None else decode(raw, rel)


def _read(
    source: SourceFile, diagnostics: list[Diagnostic], cache: LoadCache, touched: set[str] | None = None
) -> _Loaded | None:
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
    loaded = _Loaded(source, parsed, digest) if parsed else None
    cache.files[source.path] = (digest, loaded, problems)
    cache.changed.add(source.path)
    diagnostics.extend(problems)
    return loaded


def _group(loaded: list[_Loaded], diagnostics: list[Diagnostic]) -> dict[tuple[str, str], dict[str, _Loaded]]:
    by_id: dict[str, list[_Loaded]] = defaultdict(list)
    for one in loaded:
        by_id[one.source.id].append(one)
    groups: dict[tuple[str, str], dict[str, _Loaded]] = {}
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
                        f"duplicate id '{item_id}': also used by {others}; "
                        "ids must be unique across projects, meetings and networks",
                    )
                )
            continue
        groups[(files[0].source.kind, item_id)] = {one.source.lang: one for one in files}
    return groups


# --- joining the language versions ---------------------------------------------------


def _join(
    kind: str,
    item_id: str,
    by_lang: dict[str, _Loaded],
    diagnostics: list[Diagnostic],
    unreadable: Collection[str] = (),
    pending: _Pending | None = None,
) -> _Joined | None:
    """``unreadable``: languages whose file exists but could not be parsed; the facts it
    would have given are not reported missing here (its own error says what is wrong).
    ``pending`` receives the references of an item that fails, so they are checked too."""
    model = MODELS[kind]
    neutral = [name for name in model.model_fields if is_neutral(model, name)]
    present = [lang for lang in LANGS if lang in by_lang]
    versions: dict[str, Version] = {}
    origins: dict[str, dict[str, _Loaded]] = {}
    bodies: dict[str, list[Diagnostic]] = {}
    views: dict[str, tuple[dict[str, Any], list[Loc]]] = {}  # per language: the view and its failing locations
    for lang in present:
        own = by_lang[lang]
        other = next((by_lang[o] for o in present if o != lang), None)
        raw = dict(own.frontmatter)
        origin = dict.fromkeys(raw, own)
        if other is not None:
            for name in neutral:
                if name not in raw and name in other.frontmatter:
                    raw[name] = other.frontmatter[name]
                    origin[name] = other
        origins[lang] = origin
        views[lang] = (raw, [])
        body_problems = bodies[lang] = _body_problems(own)
        diagnostics.extend(body_problems)
        try:
            data = model.model_validate(raw)
        except ValidationError as exc:
            for problem in validation_problems(exc, model):
                views[lang][1].append(problem.loc)
                key = str(problem.loc[0]) if problem.loc else ""
                source = origin.get(key, own)
                if source is not own:
                    continue  # a fact taken from the other file: that file's own view reports it
                if problem.missing and key in neutral and (lang != present[0] or unreadable):
                    # Missing from both files: reported once, on the first.  Or the other
                    # file could not be read, and may well hold it.
                    continue
                diagnostics.append(problem.at(source.source.rel, source.parsed.frontmatter))
            continue
        inherited = frozenset(k for k, src in origin.items() if src is not own)
        lines = own.parsed.frontmatter.lines
        versions[lang] = Version(
            lang,
            own.source,
            data,
            own.parsed.body,
            own.parsed.body_line,
            inherited,
            own.frontmatter,
            {key: lines[(key,)] for key in own.frontmatter},
            text_hash(kind, own.frontmatter, own.parsed.body),
        )
    failed = len(versions) != len(present) or any(bodies[lang] for lang in present)
    if not failed and len(present) == 2:
        first, second = (by_lang[lang] for lang in present)
        conflicts = _conflicts(versions[present[0]], versions[present[1]], first, second)
        diagnostics.extend(conflicts)
        failed = bool(conflicts)
    if failed:
        if pending is not None:
            for lang, (raw, errors) in views.items():
                references: list[_Reference] = [
                    (loc, value, marker)
                    for marker in (OrganisationRef, ItemRef)
                    for loc, value in raw_marked_values(model, raw, marker, errors)
                ]
                pending.append((origins[lang], references))
        return None
    return _Joined(Item(kind, item_id, versions), origins)


def _drafts(joined: _Joined, by_lang: dict[str, _Loaded], keep: bool, problems: list[Diagnostic]) -> _Joined | None:
    """Notices for draft files, placeholder errors for the others, and (unless ``keep``) the
    item as the published site has it: without its draft versions, and with nothing they
    wrote.  Validation, placeholders aside, is the same for drafts: a draft is previewed,
    and publishing it must be nothing more than removing one line."""
    item = joined.item
    left_out = {lang: v for lang, v in item.versions.items() if v.data.draft}
    for lang, version in item.versions.items():
        if lang in left_out:
            problems.append(_draft_notice(version))
        else:
            problems.extend(_placeholders(version, by_lang[lang]))
    if keep or not left_out:
        return joined
    published = {lang: one for lang, one in by_lang.items() if lang not in left_out}
    if not published:
        return _Joined(Item(item.kind, item.id, {}, left_out), {})
    # Joined again without the drafts, so that no neutral fact written only in a draft
    # reaches the published page: the draft is left out as if the file did not exist.
    found: list[Diagnostic] = []
    alone = _join(item.kind, item.id, published, found)
    draft_files = " and ".join(v.source.rel for v in left_out.values())
    problems.extend(
        replace(d, message=f"{d.message} (written only in the draft {draft_files}, which is not published)")
        for d in found
    )
    if alone is None:
        return None
    return _Joined(Item(item.kind, item.id, alone.item.versions, left_out), alone.origin)


def _draft_notice(version: Version) -> Diagnostic:
    message = "not published: left out of the site until 'draft: true' is removed ('rekisteri serve' shows it)"
    return Diagnostic(version.source.rel, version.key_lines.get("draft", 1), "draft", message, severity=Severity.NOTICE)


def _placeholders(version: Version, loaded: _Loaded) -> list[Diagnostic]:
    located = loaded.parsed.frontmatter
    found = [
        Diagnostic(version.source.rel, located.line_of(loc), field_name(loc), placeholders.MESSAGE)
        for loc, _ in placeholders.in_frontmatter(loaded.frontmatter)
    ]
    found += [
        Diagnostic(version.source.rel, version.body_line + offset, "body", placeholders.MESSAGE)
        for offset in placeholders.in_body(version.body)
    ]
    return found


MAX_LINE = 100_000  # characters; no sentence is this long, a pasted blob may be
MAX_NESTING = 40  # list and quote levels; deeper is a mistake or an attack on the renderer
_NESTING = re.compile(r"^((?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)[ \t]+)+)")


def _body_problems(loaded: _Loaded) -> list[Diagnostic]:
    body, first, rel = loaded.parsed.body, loaded.parsed.body_line, loaded.source.rel
    if not body.strip():
        return [Diagnostic(rel, first, "", "the Markdown body is empty; write the item's text below the closing '---'")]
    for number, line in enumerate(body.split("\n"), first):
        if len(line) > MAX_LINE:
            return [Diagnostic(rel, number, "", f"line is {len(line):,} characters long; the limit is {MAX_LINE:,}")]
        nesting = _NESTING.match(line)
        if nesting:
            indent = len(nesting.group(1).expandtabs(4)) // 2
            levels = max(indent, nesting.group(1).count(">"))
            if levels > MAX_NESTING:
                return [
                    Diagnostic(rel, number, "", f"lists or quotes nested {levels} deep; the limit is {MAX_NESTING}")
                ]
    return []


def _conflicts(a: Version, b: Version, first: _Loaded, second: _Loaded) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for loc in neutral_differences(a.data, b.data):
        key = str(loc[0])
        if key not in first.frontmatter or key not in second.frontmatter:
            continue
        line_a = first.parsed.frontmatter.line_of(loc)
        line_b = second.parsed.frontmatter.line_of(loc)
        found.append(
            Diagnostic(
                second.source.rel,
                line_b,
                field_name(loc),
                f"{readable(_value_at(b.data, loc))} here but {readable(_value_at(a.data, loc))} in "
                f"{first.source.rel}:{line_a}; a language-neutral fact must be the same in "
                "both files (or written in one of them only)",
            )
        )
    return found


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part] if isinstance(part, int) else getattr(data, part)
    return data


# --- references ----------------------------------------------------------------------


def _resolve_references(
    joined: dict[str, _Joined],
    register: Register,
    known: dict[str, str],
    diagnostics: list[Diagnostic],
    cache: LoadCache,
    excused: frozenset[str] | None = frozenset(),
) -> None:
    """An item's reference problems depend only on it and on which ids exist: while neither
    changed they are taken from the cache instead of walking every item's fields again."""
    items = register.items
    referrers: dict[str, list[str]] = defaultdict(list)
    by_organisation: dict[str, list[str]] = defaultdict(list)
    broken: set[str] = set()
    context = (frozenset(register.organisations), known, excused)
    same_context = cache.reference_context == context
    checked: dict[str, tuple[_Joined, list[Diagnostic]]] = {}
    for item_id, j in joined.items():
        earlier = cache.references.get(item_id) if same_context else None
        if earlier is not None and earlier[0] is j:
            problems = earlier[1]
        else:
            problems = [
                problem
                for lang, version in j.item.versions.items()
                for problem in _reference_problems(
                    _references(version.data), j.origin[lang], register.organisations, known, excused
                )
            ]
        checked[item_id] = (j, problems)
        diagnostics.extend(problems)
        if problems:
            broken.add(item_id)
    cache.references, cache.reference_context = checked, context
    for item_id, item in items.items():
        for related_id in dict.fromkeys(item.data.related):
            if related_id in items and related_id != item_id:
                referrers[related_id].append(item_id)
        for organisation_id in register.organisation_ids(item):
            by_organisation[organisation_id].append(item_id)
    for item_id in broken:
        del items[item_id]
    if broken:
        referrers = defaultdict(list, {k: [i for i in v if i in items] for k, v in referrers.items()})
        by_organisation = defaultdict(list, {k: [i for i in v if i in items] for k, v in by_organisation.items()})
    register.referrers = dict(referrers)
    register.by_organisation = dict(by_organisation)


def _references(data: ItemData) -> list[_Reference]:
    return [(loc, value, marker) for marker in (OrganisationRef, ItemRef) for loc, value in marked_values(data, marker)]


def _reference_problems(
    references: Iterable[_Reference],
    origin: dict[str, _Loaded],
    organisations: dict[str, Organisation],
    known: dict[str, str],
    excused: frozenset[str] | None,
) -> list[Diagnostic]:
    """``excused``: organisation ids not to report (see :func:`_load_organisations`)."""
    found: list[tuple[Loc, str]] = []
    for loc, value, marker in references:
        if marker is OrganisationRef:
            if value in organisations or excused is None or value in excused:
                continue
            if value in known:
                found.append((loc, f"'{value}' is {_KIND_NOUN[known[value]]}, not an organisation"))
            else:
                found.append((loc, f"unknown organisation '{value}'{did_you_mean(value, organisations)}"))
            continue
        own_id = origin[str(loc[0])].source.id
        if value == own_id:
            found.append((loc, "an item cannot be related to itself"))
        elif value in organisations and value not in known:
            found.append((loc, f"'{value}' is an organisation; related lists projects, meetings and networks"))
        elif value not in known:
            found.append((loc, f"unknown item '{value}'{did_you_mean(value, known)}"))
    diagnostics = []
    for loc, message in found:
        located = origin[str(loc[0])].parsed.frontmatter
        rel = origin[str(loc[0])].source.rel
        diagnostics.append(
            Diagnostic(rel, located.line_of(loc), field_name(loc), message, column=located.column_of(loc))
        )
    return diagnostics


def _unlink_drafts(joined: dict[str, _Joined], register: Register, draft_only: set[str]) -> list[Diagnostic]:
    """A published item naming an item that is still a draft: the id is left out of its
    ``related`` (no page, list or data file may name what is not published) and the editor
    told, as a warning, because publishing the draft brings the link back by itself.  The
    register gets a changed copy; the cached item keeps what the file says."""
    found = []
    for item_id, j in joined.items():
        item = register.items.get(item_id)
        if item is None or not draft_only.intersection(item.data.related):
            continue
        register.items[item_id] = Item(
            item.kind,
            item.id,
            {
                lang: replace(
                    version,
                    data=version.data.model_copy(
                        update={"related": [i for i in version.data.related if i not in draft_only]}
                    ),
                )
                for lang, version in item.versions.items()
            },
            item.drafts,
        )
        for lang, version in j.item.versions.items():
            for loc, value in marked_values(version.data, ItemRef):
                if value not in draft_only:
                    continue
                origin = j.origin[lang][str(loc[0])]
                located = origin.parsed.frontmatter
                found.append(
                    Diagnostic(
                        origin.source.rel,
                        located.line_of(loc),
                        field_name(loc),
                        f"'{value}' is a draft; the link to it is left out until it is published",
                        Severity.WARNING,
                        located.column_of(loc),
                    )
                )
    return found


_KIND_NOUN = {"projects": "a project", "meetings": "a meeting", "networks": "a network"}
