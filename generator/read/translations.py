"""Translation state of every item, per language.

A translation records which version of its source it was made from:
``translation_of`` holds a short hash of the source's *translatable* text
(titles, summaries, roles, prose…; see :data:`schema.TRANSLATABLE`).  When the
source's text changes, the hash no longer matches and the translation is
outdated; a corrected phone number, being a neutral fact, changes nothing.
The hash lives in the file, so it survives rebases, squashes and copies
between repositories, and needs no git history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..diagnostics import Diagnostic
from ..text.editor import _e
from .model import LANGS, Item, Register


class State(StrEnum):
    SOURCE = "source"  # the original the other language is translated from
    TRANSLATED = "translated"  # made from the source's current text
    OUTDATED = "outdated"  # made from an older text of the source
    UNTRACKED = "untracked"  # a translation that does not say what it was made from
    DRAFT = "draft"  # a translation in progress (draft: true): readers get the other language's text
    MISSING = "missing"  # no file in this language

    @property
    def current(self) -> bool:
        """Readers of this language get an up-to-date text."""
        return self in (State.SOURCE, State.TRANSLATED)


@dataclass(frozen=True)
class ItemTranslation:
    item: Item
    source_lang: str
    source_hash: str
    states: dict[str, State]

    @property
    def target_lang(self) -> str:
        return next(lang for lang in LANGS if lang != self.source_lang)

    def path(self, lang: str) -> str:
        """Where this language's file is, or would be."""
        if lang in self.item.versions:
            return self.item.versions[lang].source.rel
        if lang in self.item.drafts:
            return self.item.drafts[lang].source.rel
        source = self.item.versions[self.source_lang].source.rel
        return source.replace(f"content/{self.source_lang}/", f"content/{lang}/", 1)


@dataclass(frozen=True)
class TranslationReport:
    items: list[ItemTranslation]
    by_id: dict[str, ItemTranslation] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_id.update((t.item.id, t) for t in self.items)

    def of(self, item_id: str) -> ItemTranslation | None:
        return self.by_id.get(item_id)

    def summary(self, lang: str) -> tuple[int, int]:
        """(items readable in ``lang`` in an up-to-date text, all items)."""
        return sum(t.states[lang].current for t in self.items), len(self.items)


def source_language(item: Item) -> str:
    """The version without ``translation_of``; Finnish when neither or both say."""
    unmarked = [lang for lang in LANGS if lang in item.versions and not item.versions[lang].data.translation_of]
    if len(unmarked) == 1:
        return unmarked[0]
    present = [lang for lang in LANGS if lang in item.versions]
    return present[0] if len(present) == 1 else LANGS[0]


def translation_report(register: Register) -> tuple[TranslationReport, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    rows = []
    for item in sorted(register.items.values(), key=lambda i: (i.kind, i.id)):
        source_lang = source_language(item)
        source = item.versions[source_lang]
        source_hash = source.text_hash
        states: dict[str, State] = {}
        for lang in LANGS:
            version = item.versions.get(lang)
            recorded = version.data.translation_of if version else None
            if lang in item.drafts or (version is not None and version.data.draft and lang != source_lang):
                states[lang] = State.DRAFT
            elif version is None:
                states[lang] = State.MISSING
            elif lang == source_lang:
                states[lang] = State.SOURCE
                if recorded:
                    problems.append(_marked_source(item, lang, source_lang))
            elif recorded is None:
                states[lang] = State.UNTRACKED
            else:
                states[lang] = State.TRANSLATED if recorded == source_hash else State.OUTDATED
        rows.append(ItemTranslation(item, source_lang, source_hash, states))
    return TranslationReport(rows), problems


def _marked_source(item: Item, lang: str, source_lang: str) -> Diagnostic:
    version = item.versions[lang]
    line = version.line_of(("translation_of",))
    others = [item.versions[o].source.rel for o in LANGS if o != lang and o in item.versions]
    if not others:
        other = version.source.rel.replace(f"content/{lang}/", f"content/{'sv' if lang == 'fi' else 'fi'}/", 1)
        message = _e("this file is marked as a translation, but its source {file} does not exist").format(file=other)
        code = "missing-translation-source"
    else:
        message = _e("both language versions are marked as translations; the source ({file}) must not be").format(
            file=others[0]
        )
        code = "source-marked-as-translation"
    return Diagnostic(version.source.rel, line, "translation_of", message, code=code)
