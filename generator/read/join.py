"""Joining an item's language versions into one :class:`Item`, and leaving drafts out.

An item is written as up to two files, ``fi/<kind>/<id>.md`` and
``sv/<kind>/<id>.md``.  A language-neutral fact (dates, organisations, related
items) may be written in either file or both; each version is validated with
the facts it takes from the other, and the two must agree.  The join is a pure
function of the files' parsed contents, which is what lets the load cache keep
joined items while their files' bytes stay the same.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from babel.numbers import format_decimal
from pydantic import ValidationError

from ..diagnostics import Diagnostic, Severity
from ..text.editor import _e, current_language
from . import placeholders
from .facts import neutral_differences, raw_marked_values
from .model import LANGS, Item, SourceFile, Version
from .problems import field_name, readable, validation_problems
from .schema import MODELS, ItemRef, OrganisationRef, ThemeRef, is_neutral
from .source import ParsedSource
from .texthash import text_hash
from .yamlsource import Loc


@dataclass
class Loaded:
    """A content file as read and split, before validation; ``digest`` is of its bytes."""

    source: SourceFile
    parsed: ParsedSource
    digest: str = ""

    @property
    def frontmatter(self) -> dict[str, Any]:
        data: dict[str, Any] = self.parsed.frontmatter.data
        return data


@dataclass
class Joined:
    """An item plus, per language, which file each top-level key came from."""

    item: Item
    origin: dict[str, dict[str, Loaded]]


#: A reference read from an item that failed: (location, id, OrganisationRef or ItemRef).
Reference = tuple[Loc, str, type]
#: References of an item that could not be joined, per language view: checked all the same.
Pending = list[tuple[dict[str, Loaded], list[Reference]]]


def join(
    kind: str,
    item_id: str,
    by_lang: dict[str, Loaded],
    diagnostics: list[Diagnostic],
    unreadable: Collection[str] = (),
    pending: Pending | None = None,
) -> Joined | None:
    """``unreadable``: languages whose file exists but could not be parsed; the facts it
    would have given are not reported missing here (its own error says what is wrong).
    ``pending`` receives the references of an item that fails, so they are checked too."""
    model = MODELS[kind]
    neutral = [name for name in model.model_fields if is_neutral(model, name)]
    present = [lang for lang in LANGS if lang in by_lang]
    reported = len(diagnostics)
    versions: dict[str, Version] = {}
    origins: dict[str, dict[str, Loaded]] = {}
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
                whole_key = len(problem.loc) == 1
                if problem.missing and whole_key and key in neutral and (lang != present[0] or unreadable):
                    # Missing from both files: reported once, on the first.  Or the other
                    # file could not be read, and may well hold it.  (A part missing inside a
                    # list this file wrote itself is this file's own error: always reported.)
                    continue
                diagnostics.append(problem.at(source.source.rel, source.parsed.frontmatter))
            continue
        inherited = frozenset(k for k, src in origin.items() if src is not own)
        versions[lang] = Version(
            lang,
            own.source,
            data,
            own.parsed.body,
            own.parsed.body_line,
            inherited,
            own.frontmatter,
            text_hash(kind, own.frontmatter, own.parsed.body),
            own.parsed.frontmatter.lines,
        )
    failed = len(versions) != len(present) or any(bodies[lang] for lang in present)
    if not failed and len(present) == 2:
        first, second = (by_lang[lang] for lang in present)
        conflicts = _conflicts(versions[present[0]], versions[present[1]], first, second)
        diagnostics.extend(conflicts)
        failed = bool(conflicts)
    if failed:
        if len(diagnostics) == reported and not unreadable:
            # Every failure above says why; should one not, the item must still not leave the
            # site without a word.
            where = by_lang[present[0]].source.rel
            diagnostics.append(
                Diagnostic(where, 1, "", _e("the item's language versions could not be joined"), code="join-failed")
            )
        if pending is not None:
            for lang, (raw, errors) in views.items():
                references: list[Reference] = [
                    (loc, value, marker)
                    for marker in (OrganisationRef, ItemRef, ThemeRef)
                    for loc, value in raw_marked_values(model, raw, marker, errors)
                ]
                pending.append((origins[lang], references))
        return None
    return Joined(Item(kind, item_id, versions), origins)


def apply_drafts(joined: Joined, by_lang: dict[str, Loaded], keep: bool, problems: list[Diagnostic]) -> Joined | None:
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
        return Joined(Item(item.kind, item.id, {}, left_out), {})
    # Joined again without the drafts, so that no neutral fact written only in a draft
    # reaches the published page: the draft is left out as if the file did not exist.
    found: list[Diagnostic] = []
    alone = join(item.kind, item.id, published, found)
    # Some language is published, so with two languages exactly one file is a draft.
    draft_file = next(iter(left_out.values())).source.rel
    problems.extend(
        replace(
            d,
            message=_e("{problem} (written only in the draft {file}, which is not published)").format(
                problem=d.message, file=draft_file
            ),
        )
        for d in found
    )
    if alone is None:
        return None
    return Joined(Item(item.kind, item.id, alone.item.versions, left_out), alone.origin)


def _draft_notice(version: Version) -> Diagnostic:
    message = _e("not published: left out of the site until 'draft: true' is removed ('rekisteri serve' shows it)")
    line = version.line_of(("draft",))
    return Diagnostic(version.source.rel, line, "draft", message, severity=Severity.NOTICE, code="draft")


def _placeholders(version: Version, loaded: Loaded) -> list[Diagnostic]:
    located = loaded.parsed.frontmatter
    found = [
        Diagnostic(
            version.source.rel, located.line_of(loc), field_name(loc), _e(placeholders.MESSAGE), code=placeholders.CODE
        )
        for loc, _ in placeholders.in_frontmatter(loaded.frontmatter)
    ]
    found += [
        Diagnostic(
            version.source.rel, version.body_line + offset, "body", _e(placeholders.MESSAGE), code=placeholders.CODE
        )
        for offset in placeholders.in_body(version.body)
    ]
    return found


MAX_LINE = 100_000  # characters; no sentence is this long, a pasted blob may be
MAX_NESTING = 40  # list and quote levels; deeper is a mistake or an attack on the renderer
_NESTING = re.compile(r"^((?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)[ \t]+)+)")


def _body_problems(loaded: Loaded) -> list[Diagnostic]:
    body, first, rel = loaded.parsed.body, loaded.parsed.body_line, loaded.source.rel
    if not body.strip():
        message = _e("the Markdown body is empty; write the item's text below the closing '---'")
        return [Diagnostic(rel, first, "", message, code="empty-body")]
    for number, line in enumerate(body.split("\n"), first):
        if len(line) > MAX_LINE:
            lang = current_language()
            message = _e("line is {length} characters long; the limit is {limit}").format(
                length=format_decimal(len(line), locale=lang), limit=format_decimal(MAX_LINE, locale=lang)
            )
            return [Diagnostic(rel, number, "", message, code="line-too-long")]
        nesting = _NESTING.match(line)
        if nesting:
            indent = len(nesting.group(1).expandtabs(4)) // 2
            levels = max(indent, nesting.group(1).count(">"))
            if levels > MAX_NESTING:
                message = _e("lists or quotes nested {levels} deep; the limit is {limit}").format(
                    levels=levels, limit=MAX_NESTING
                )
                return [Diagnostic(rel, number, "", message, code="nesting-too-deep")]
    return []


def _conflicts(a: Version, b: Version, first: Loaded, second: Loaded) -> list[Diagnostic]:
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
                _e(
                    "{value} here but {other} in {where}; a language-neutral fact must be the same in "
                    "both files (or written in one of them only)"
                ).format(
                    value=readable(_value_at(b.data, loc)),
                    other=readable(_value_at(a.data, loc)),
                    where=f"{first.source.rel}:{line_a}",
                ),
                code="conflicting-fact",
            )
        )
    return found


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part] if isinstance(part, int) else getattr(data, part)
    return data
