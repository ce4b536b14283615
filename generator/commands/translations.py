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
from .frontmatter_edit import set_key


@dataclass(frozen=True)
class Gap:
    """Since when a language version has been missing or behind, as far as anyone knows."""

    since: dt.date | None = None
    author: str | None = None
    note: str = ""


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
        return Gap(note="in progress: the file is a draft (draft: true)")
    if state in (State.MISSING, State.OUTDATED) and history.shallow:
        return Gap(note=SHALLOW_NOTE)
    if state is State.MISSING:
        commits = history.log(source.path)
        if commits:
            return Gap(commits[-1].date.date(), commits[-1].author, "source added")
        return Gap(_mtime(source.path), None, "source file date")
    if state is not State.OUTDATED:
        return Gap()
    recorded = translation.item.versions[lang].data.translation_of or ""
    match, change, _ = _matching_commit(history, source.path, translation.item.kind, recorded)
    if match is None:
        note = "version translated from is not in the git history" if history.available else "no git history"
        return Gap(_mtime(source.path), None, note)
    if change is None:
        return Gap(_mtime(source.path), None, "source changed, not yet committed")
    return Gap(change.date.date(), change.author, f"source changed in {change.short}")


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
        lines.append(f"{lang}: {current} of {total} items up to date ({percent} %)")
    return lines


_TABLE_WORDS = {State.DRAFT.value: "in progress"}  # people read the table; tools get the state's name


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
    table = [["kind", "id", *(lang.upper() for lang in LANGS), "state", "since", "age", "by"]]
    for record in records:
        age = f"{record['age_days']} d" if record["age_days"] is not None else ""
        unknown = "unavailable" if record["note"] == SHALLOW_NOTE else ""
        table.append(
            [
                record["kind"],
                record["id"],
                *(_TABLE_WORDS.get(record[lang], record[lang]) for lang in LANGS),
                _TABLE_WORDS.get(record["state"], record["state"]),
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


def mark(root: Path, path: Path) -> Outcome:
    rel = display_path(path.resolve(), root)
    parts = _content_parts(root, path)
    if parts is None:
        return Outcome(2, [], [f"{rel}: not an item file (content/<fi|sv>/<kind>/<id>.md)"])
    lang, kind, item_id = parts
    other = next(o for o in LANGS if o != lang)
    source_path = root / "content" / other / kind / f"{item_id}.md"
    source_rel = display_path(source_path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Outcome(1, [], [f"{rel}: cannot read file: {exc.strerror}"])
    parsed, problems = _parse(raw, rel)
    if parsed is None:
        return Outcome(1, [], [*(p.format() for p in problems), f"{rel}: not marked; fix the file first"])
    if not source_path.is_file():
        return Outcome(
            1, [], [f"{rel}: not marked: there is no source to translate from ({source_rel} does not exist)"]
        )
    source, problems = _parse(source_path.read_bytes(), source_rel)
    if source is None:
        return Outcome(
            1, [], [*(p.format() for p in problems), f"{rel}: not marked; fix the source {source_rel} first"]
        )
    if source.frontmatter.data.get("translation_of"):
        return Outcome(1, [], [f"{rel}: not marked: {source_rel} is itself marked as a translation"])
    digest = text_hash(kind, source.frontmatter.data, source.body)
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :].decode("utf-8")
    line = parsed.frontmatter.lines.get(("translation_of",))
    if parsed.frontmatter.data.get("translation_of") == digest:
        return Outcome(0, [f"{rel}: already marked as a translation of the current {source_rel}"], [])
    path.write_bytes(bom + set_key(text, "translation_of", digest, line).encode("utf-8"))
    return Outcome(0, [f"{rel}: translation_of: {digest} (the current text of {source_rel})"], [])


def diff(register: Register, report: TranslationReport, item_id: str, lang: str) -> Outcome:
    translation = report.of(item_id)
    if translation is None:
        return Outcome(1, [], [f"no item '{item_id}'"])
    state = translation.states[lang]
    source = translation.item.versions[translation.source_lang]
    target = translation.item.versions.get(lang) or translation.item.drafts.get(lang)
    if state is State.SOURCE:
        return Outcome(1, [], [f"{source.source.rel} is the source, not a translation"])
    if state is State.MISSING:
        return Outcome(
            1,
            [],
            [f"{item_id} has no {lang} version; 'rekisteri translations new {item_id} --lang {lang}' starts one"],
        )
    if state is State.UNTRACKED:
        return Outcome(
            1,
            [],
            [
                f"{translation.path(lang)} does not record which version of {source.source.rel} "
                "it was made from (no translation_of)"
            ],
        )
    recorded = target.data.translation_of if target else None
    if state is State.TRANSLATED or (state is State.DRAFT and recorded == source.text_hash):
        return Outcome(0, [f"{translation.path(lang)} is up to date with {source.source.rel}; nothing changed"], [])
    if recorded is None:  # a draft that says nothing of its source
        return Outcome(
            1,
            [],
            [
                f"{translation.path(lang)} does not record which version of {source.source.rel} "
                "it was made from (no translation_of)"
            ],
        )
    history = GitHistory(register.root)
    match, _, _ = _matching_commit(history, source.source.path, translation.item.kind, recorded)
    if match is None:
        if not history.available:
            why = "cannot be found: this is not a git checkout"
        elif history.shallow:
            why = "is not in this shallow git history ('git fetch --unshallow' brings the rest)"
        else:
            why = "is not in the git history"
        return Outcome(
            1,
            [],
            [
                f"the version of {source.source.rel} that {translation.path(lang)} was made from "
                f"(translation_of: {recorded}) {why}; compare with the current text by hand"
            ],
        )
    old, _ = _parse(history.show(match, source.source.path) or b"", source.source.rel)
    assert old is not None  # it hashed to the recorded value, so it parsed
    before = readable_text(translation.item.kind, old.frontmatter.data, old.body)
    after = readable_text(translation.item.kind, source.raw, source.body)
    lines = difflib.unified_diff(
        before,
        after,
        f"{source.source.rel} @ {match.short} (translated from)",
        f"{source.source.rel} (now)",
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
        return Outcome(1, [], [f"no item '{item_id}'"])
    target = root / translation.path(lang)
    if lang in translation.item.versions or lang in translation.item.drafts or target.exists():
        return Outcome(1, [], [f"{translation.path(lang)} already exists; not overwritten"])
    source = translation.item.versions[translation.source_lang]
    model = MODELS[translation.item.kind]
    fields: dict[str, Any] = {"draft": True}
    fields["translation_of"] = text_hash(translation.item.kind, source.raw, source.body)
    fields.update((name, source.raw[name]) for name in source.raw if is_translatable(model, name))
    # Lists of people and documents mix translated parts (titles, roles) with neutral ones
    # (names, phone numbers); copied here, every neutral part would have to be kept equal
    # to the source's by hand, so they are inherited and only named.
    mixed = [name for name in translatable_payload(model, source.raw) if not is_translatable(model, name)]
    header = (
        f"# Translation of {source.source.rel}: translate the text below and the body, then remove\n"
        "# 'draft: true' to publish it (until then the other language's text is shown).\n"
        "# Language-neutral facts (numbers, dates, organisations, people) are inherited from the source.\n"
    )
    if mixed:
        header += (
            f"# Inherited with the source's wording: {', '.join(mixed)}; to translate their titles or roles,\n"
            "# copy the whole list here and change only those (its other parts must stay as in the source).\n"
        )
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(f"---\n{header}{dumped}---\n{source.body}")
    return Outcome(
        0,
        [f"{translation.path(lang)}: written from {source.source.rel} as a draft; remove 'draft: true' to publish"],
        [],
    )
