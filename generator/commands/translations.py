"""``rekisteri translations``: the translator's report, ``mark``, ``diff`` and ``new``.

The report is computed from the files alone (see :mod:`read.translations`); git,
when present, adds when and by whom a gap opened and the old source text.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, display_path
from ..read.gitlog import SHALLOW_NOTE, Commit, GitHistory
from ..read.model import KINDS, LANGS, Register
from ..read.schema import MODELS, is_translatable
from ..read.source import ParsedSource, decode, split_frontmatter
from ..read.texthash import readable_text, text_hash, translatable_payload
from ..read.translations import ItemTranslation, State, TranslationReport
from ..text.editor import N_e, _e, _ne, translator
from .frontmatter_edit import set_key
from .reporting import severity_labels


@dataclass(frozen=True)
class Gap:
    """Since when a language version has been missing or behind, as far as anyone knows."""

    since: dt.date | None = None
    author: str | None = None
    note: str = ""  # in the editor's language: people read it, in the JSON and CSV too
    unknowable: bool = False  # the history that would tell is not here (a shallow clone)


@dataclass(frozen=True)
class Row:
    kind: str
    id: str
    states: dict[str, State]
    lang: str
    state: State
    gap: Gap

    def as_dict(self, today: dt.date) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            **{lang: self.states[lang].value for lang in LANGS},
            "lang": self.lang,
            "state": self.state.value,
            "since": self.gap.since.isoformat() if self.gap.since else None,
            "age_days": (today - self.gap.since).days if self.gap.since else None,
            "author": self.gap.author,
            "note": self.gap.note,
        }


# --- parsing files, now and in the past ----------------------------------------------


def _parse(raw: bytes, rel: str) -> tuple[ParsedSource | None, list[Diagnostic]]:
    text, problems = decode(raw, rel)
    if text is None:
        return None, problems
    return split_frontmatter(text, rel)


def _hash_at(history: GitHistory, commit: Commit, path: Path, kind: str) -> str | None:
    content = history.show(commit, path)
    if content is None:
        return None
    parsed, _ = _parse(content, str(path))
    if parsed is None:
        return None
    return text_hash(kind, parsed.frontmatter.data, parsed.body)


def _matching_commit(
    history: GitHistory, path: Path, kind: str, recorded: str
) -> tuple[Commit | None, Commit | None, list[Commit]]:
    """(commit whose source text has the recorded hash, the first change after it, history)."""
    commits = history.log(path)
    newer: Commit | None = None
    for commit in commits:
        if _hash_at(history, commit, path, kind) == recorded:
            return commit, newer, commits
        newer = commit
    return None, None, commits


def _mtime(path: Path) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()
    except OSError:
        return None


def gap(translation: ItemTranslation, lang: str, history: GitHistory) -> Gap:
    state = translation.states[lang]
    source = translation.item.versions[translation.source_lang].source
    if state is State.DRAFT:
        return Gap(note=_e("in progress: the file is a draft (draft: true)"))
    if state in (State.MISSING, State.OUTDATED) and history.shallow:
        return Gap(note=_e(SHALLOW_NOTE), unknowable=True)
    if state is State.MISSING:
        commits = history.log(source.path)
        if commits:
            return Gap(commits[-1].date.date(), commits[-1].author, _e("source added"))
        return Gap(_mtime(source.path), None, _e("source file date"))
    if state is not State.OUTDATED:
        return Gap()
    recorded = translation.item.versions[lang].data.translation_of or ""
    match, change, _ = _matching_commit(history, source.path, translation.item.kind, recorded)
    if match is None:
        in_git = history.available
        note = _e("version translated from is not in the git history") if in_git else _e("no git history")
        return Gap(_mtime(source.path), None, note)
    if change is None:
        return Gap(_mtime(source.path), None, _e("source changed, not yet committed"))
    return Gap(change.date.date(), change.author, _e("source changed in {commit}").format(commit=change.short))


# --- the report ----------------------------------------------------------------------


def report_rows(
    report: TranslationReport,
    history: GitHistory,
    lang: str | None,
    states: Sequence[State],
    kinds: Sequence[str],
) -> list[Row]:
    rows = []
    for translation in report.items:
        if kinds and translation.item.kind not in kinds:
            continue
        target = lang or translation.target_lang
        state = translation.states[target]
        if states and state not in states:
            continue
        rows.append(
            Row(
                translation.item.kind,
                translation.item.id,
                translation.states,
                target,
                state,
                gap(translation, target, history),
            )
        )
    return rows


def summary_lines(report: TranslationReport) -> list[str]:
    lines = []
    for lang in LANGS:
        current, total = report.summary(lang)
        percent = round(100 * current / total) if total else 100
        lines.append(
            _e("{lang}: {current} of {total} items up to date ({percent} %)").format(
                lang=lang, current=current, total=total, percent=percent
            )
        )
    return lines


#: Each state's name in the editor's language; tools (JSON, CSV, ``--state``) get the name itself.
STATE_NAMES = {
    State.SOURCE: N_e("source"),
    State.TRANSLATED: N_e("translated"),
    State.OUTDATED: N_e("outdated"),
    State.UNTRACKED: N_e("untracked"),
    State.MISSING: N_e("missing"),
    State.DRAFT: N_e("draft"),
}
#: The words of the table, where a draft is work in progress.
_TABLE_WORDS = {**STATE_NAMES, State.DRAFT: N_e("in progress")}


def _table_word(state: str) -> str:
    return _e(_TABLE_WORDS[State(state)])


def failing_line(rows: Sequence[Row]) -> str:
    """``2 item(s) missing, outdated``: the items ``--fail-on`` fails on, and their states."""
    states = ", ".join(_e(STATE_NAMES[state]) for state in sorted({row.state for row in rows}, key=str))
    # English keeps its "(s)"; the translations have a singular and a plural.
    return _ne("{n} item(s) {states}", "{n} item(s) {states}", len(rows)).format(n=len(rows), states=states)


def _headers() -> tuple[str, str, str]:
    """The table's columns a shallow clone leaves empty."""
    return _e("since"), _e("age"), _e("by")


def shallow_history_line() -> str:
    """Under the table, when a shallow clone leaves dates and authors unknown."""
    return f"{', '.join(_headers())}: {_e(SHALLOW_NOTE)}"


def format_rows(rows: list[Row], form: str, today: dt.date) -> str:
    records = [row.as_dict(today) for row in rows]
    if form == "json":
        return json.dumps(records, ensure_ascii=False, indent=2)
    columns = ["kind", "id", *LANGS, "state", "since", "age_days", "author", "note"]
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        return buffer.getvalue().rstrip("\n")
    table = [[_e("kind"), _e("id"), *(lang.upper() for lang in LANGS), _e("state"), *_headers()]]
    for row, record in zip(rows, records, strict=True):
        age = _e("{days} d").format(days=record["age_days"]) if record["age_days"] is not None else ""
        unknown = _e("unavailable") if row.gap.unknowable else ""
        table.append(
            [
                record["kind"],
                record["id"],
                *(_table_word(record[lang]) for lang in LANGS),
                _table_word(record["state"]),
                record["since"] or unknown,
                age,
                record["author"] or unknown,
            ]
        )
    widths = [max(len(str(row[i])) for row in table) for i in range(len(table[0]))]
    return "\n".join(
        "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table
    )


# --- mark, diff, new -----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: int
    out: list[str]
    err: list[str]


def _content_parts(root: Path, path: Path) -> tuple[str, str, str] | None:
    try:
        lang, kind, name = path.resolve().relative_to((root / "content").resolve()).parts
    except ValueError:
        return None
    if lang not in LANGS or kind not in KINDS or not name.endswith(".md"):
        return None
    return lang, kind, name[: -len(".md")]


def _register_of(path: Path) -> Path | None:
    """The register a file path lies in, whatever folder the command was run from."""
    return next((folder.parent for folder in path.resolve().parents if folder.name == "content"), None)


def mark(root: Path, path: Path) -> Outcome:
    parts = _content_parts(root, path)
    if parts is None and (elsewhere := _register_of(path)) is not None:
        root, parts = elsewhere, _content_parts(elsewhere, path)
    rel = display_path(path.resolve(), root)
    if parts is None:
        why = _e("not an item file (content/<fi|sv>/<kind>/<id>.md)")
        return Outcome(2, [], [f"{rel}: {why}"])
    lang, kind, item_id = parts
    other = next(o for o in LANGS if o != lang)
    source_path = root / "content" / other / kind / f"{item_id}.md"
    source_rel = display_path(source_path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        why = _e("cannot read file: {reason}").format(reason=exc.strerror)
        return Outcome(1, [], [f"{rel}: {why}"])
    parsed, problems = _parse(raw, rel)
    labels = severity_labels()
    if parsed is None:
        why = _e("not marked; fix the file first")
        return Outcome(1, [], [*(p.format(labels) for p in problems), f"{rel}: {why}"])
    if not source_path.is_file():
        why = _e("not marked: there is no source to translate from ({source} does not exist)")
        return Outcome(1, [], [f"{rel}: {why.format(source=source_rel)}"])
    source, problems = _parse(source_path.read_bytes(), source_rel)
    if source is None:
        why = _e("not marked; fix the source {source} first").format(source=source_rel)
        return Outcome(1, [], [*(p.format(labels) for p in problems), f"{rel}: {why}"])
    if source.frontmatter.data.get("translation_of"):
        why = _e("not marked: {source} is itself marked as a translation").format(source=source_rel)
        return Outcome(1, [], [f"{rel}: {why}"])
    digest = text_hash(kind, source.frontmatter.data, source.body)
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :].decode("utf-8")
    line = parsed.frontmatter.lines.get(("translation_of",))
    if parsed.frontmatter.data.get("translation_of") == digest:
        done = _e("already marked as a translation of the current {source}").format(source=source_rel)
        return Outcome(0, [f"{rel}: {done}"], [])
    path.write_bytes(bom + set_key(text, "translation_of", digest, line).encode("utf-8"))
    current = _e("the current text of {source}").format(source=source_rel)
    return Outcome(0, [f"{rel}: translation_of: {digest} ({current})"], [])


def diff(register: Register, report: TranslationReport, item_id: str, lang: str) -> Outcome:
    translation = report.of(item_id)
    if translation is None:
        return Outcome(1, [], [_e("no item '{id}'").format(id=item_id)])
    state = translation.states[lang]
    source = translation.item.versions[translation.source_lang]
    target = translation.item.versions.get(lang) or translation.item.drafts.get(lang)
    if state is State.SOURCE:
        return Outcome(1, [], [_e("{path} is the source, not a translation").format(path=source.source.rel)])
    if state is State.MISSING:
        starts = _e("{id} has no {lang} version; 'rekisteri translations new {id} --lang {lang}' starts one")
        return Outcome(1, [], [starts.format(id=item_id, lang=lang)])
    untracked = _e("{path} does not record which version of {source} it was made from (no translation_of)")
    if state is State.UNTRACKED:
        return Outcome(1, [], [untracked.format(path=translation.path(lang), source=source.source.rel)])
    recorded = target.data.translation_of if target else None
    if state is State.TRANSLATED or (state is State.DRAFT and recorded == source.text_hash):
        current = _e("{path} is up to date with {source}; nothing changed")
        return Outcome(0, [current.format(path=translation.path(lang), source=source.source.rel)], [])
    if recorded is None:  # a draft that says nothing of its source
        return Outcome(1, [], [untracked.format(path=translation.path(lang), source=source.source.rel)])
    history = GitHistory(register.root)
    match, _, _ = _matching_commit(history, source.source.path, translation.item.kind, recorded)
    if match is None:
        if not history.available:
            lost = _e(
                "the version of {source} that {path} was made from (translation_of: {recorded}) cannot be found: "
                "this is not a git checkout; compare with the current text by hand"
            )
        elif history.shallow:
            lost = _e(
                "the version of {source} that {path} was made from (translation_of: {recorded}) is not in this "
                "shallow git history ('git fetch --unshallow' brings the rest); compare with the current text by hand"
            )
        else:
            lost = _e(
                "the version of {source} that {path} was made from (translation_of: {recorded}) is not in the "
                "git history; compare with the current text by hand"
            )
        return Outcome(1, [], [lost.format(source=source.source.rel, path=translation.path(lang), recorded=recorded)])
    old, _ = _parse(history.show(match, source.source.path) or b"", source.source.rel)
    assert old is not None  # it hashed to the recorded value, so it parsed
    before = readable_text(translation.item.kind, old.frontmatter.data, old.body)
    after = readable_text(translation.item.kind, source.raw, source.body)
    lines = difflib.unified_diff(
        before,
        after,
        _e("{path} @ {commit} (translated from)").format(path=source.source.rel, commit=match.short),
        _e("{path} (now)").format(path=source.source.rel),
        lineterm="",
    )
    return Outcome(0, list(lines), [])


def new_translation(root: Path, report: TranslationReport, item_id: str, lang: str) -> Outcome:
    """A draft with the source's translatable text to translate, and nothing else: neutral facts
    stay in the source alone, so correcting one there later cannot conflict with a copy here.
    It is a draft (state ``draft``, the other language's text still published) until the
    translator removes ``draft: true``; ``mark`` leaves that line alone, since publishing is a
    decision of its own."""
    translation = report.of(item_id)
    if translation is None:
        return Outcome(1, [], [_e("no item '{id}'").format(id=item_id)])
    target = root / translation.path(lang)
    if lang in translation.item.versions or lang in translation.item.drafts or target.exists():
        return Outcome(1, [], [_e("{path} already exists; not overwritten").format(path=translation.path(lang))])
    source = translation.item.versions[translation.source_lang]
    model = MODELS[translation.item.kind]
    fields: dict[str, Any] = {"draft": True}
    fields["translation_of"] = text_hash(translation.item.kind, source.raw, source.body)
    fields.update((name, source.raw[name]) for name in source.raw if is_translatable(model, name))
    # Lists of people, documents and milestones (and a budget) mix translated parts (titles,
    # notes) with neutral ones (names, roles, dates); copied here, every neutral part would have
    # to be kept equal to the source's by hand, so they are inherited and only named.
    mixed = [name for name in translatable_payload(model, source.raw) if not is_translatable(model, name)]
    t = translator(lang)  # the comments are in the new file's language
    header = t(
        N_e(
            "# Translation of {source}: translate the text below and the body, then remove\n"
            "# 'draft: true' to publish it (until then the other language's text is shown).\n"
            "# Language-neutral facts (numbers, dates, organisations, people) are inherited from the source.\n"
        )
    ).format(source=source.source.rel)
    if mixed:
        header += t(
            N_e(
                "# Inherited with the source's wording: {fields}; to translate their titles and notes,\n"
                "# copy the whole list here and change only those (its other parts must stay as in the source).\n"
            )
        ).format(fields=", ".join(mixed))
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(f"---\n{header}{dumped}---\n{source.body}")
    written = _e("{path}: written from {source} as a draft; remove 'draft: true' to publish")
    return Outcome(0, [written.format(path=translation.path(lang), source=source.source.rel)], [])
