"""Base forms and compound parts of Finnish and Swedish words, for the search index.

Pagefind stems words and matches prefixes, which is not enough for Finnish
and Swedish: consonant gradation hides the base form (*hallinnon* → *hallinto*)
and compounds hide their parts (*digitalisaatiokehitys* contains *kehitys*,
*hälsovårdstjänster* contains *tjänster*).  At build time we add those forms
to what is indexed for each page, so a reader's plain query finds them.

- Finnish: Voikko's morphology (Debian's ``libvoikko1`` + ``voikko-fi``, PyPI ``libvoikko``).
- Swedish: compounds split against the word list of the Hunspell dictionary
  (Debian's ``hunspell-sv``); Swedish inflection is left to Pagefind's stemmer.

Both are optional: without them the build still indexes the text as written,
and says that recall is lower.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..text.editor import _e

_WORDBASE = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")
# "2021–2032", "LVM027:00/2020": tokens Pagefind keeps whole, whose parts a reader may search.
JOINED = re.compile(r"\w+(?:[\u2013\u2014/:.-]\w+)+", re.UNICODE)
_SEPARATORS = frozenset("\u2013\u2014/:.-")
_SPLIT = re.compile(r"[\u2013\u2014/:.-]")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))
SWEDISH_DICTIONARIES = ("sv_FI.dic", "sv_SE.dic")
_MIN_PART = 3
_MIN_SWEDISH_PART = 4
# Inflection endings a Swedish compound's last part may carry (tjänst-er, kommun-ernas…).
_SWEDISH_ENDINGS = (
    "",
    "s",
    "n",
    "t",
    "a",
    "e",
    "r",
    "en",
    "et",
    "er",
    "ar",
    "or",
    "na",
    "ns",
    "ts",
    "es",
    "ens",
    "ets",
    "ers",
    "ars",
    "ors",
    "ena",
    "erna",
    "arna",
    "orna",
    "ernas",
    "arnas",
    "ornas",
    "ade",
    "at",
    "de",
    "te",
    "are",
    "aste",
    "ande",
    "ende",
)


class Analyser(Protocol):
    def terms(self, word: str) -> list[str]:
        """Extra index terms for one lowercase word (not including the word itself)."""
        ...

    def version(self) -> str:
        """What the analyses depend on besides our code: another dictionary, other forms."""
        ...


class FinnishMorphology:
    """Voikko's base forms and compound parts."""

    def __init__(self, voikko: Any) -> None:
        self._voikko = voikko

    def version(self) -> str:
        try:
            dictionaries = [str(d) for d in self._voikko.listDicts()]
        except Exception:  # libvoikko's own errors; the version alone still says much
            dictionaries = []
        return f"voikko {self._voikko.getVersion()} {dictionaries}"

    @classmethod
    def load(cls) -> FinnishMorphology | None:
        try:
            from libvoikko import Voikko  # type: ignore[import-untyped]

            return cls(Voikko("fi"))
        except (
            ImportError,
            OSError,
            Exception,
        ):  # libvoikko raises its own errors when dictionaries are missing
            return None

    def terms(self, word: str) -> list[str]:
        found: list[str] = []
        for analysis in self._voikko.analyze(word):
            base = str(analysis.get("BASEFORM", "")).lower()
            if base:
                found.append(base)
            found.extend(_compound_parts(str(analysis.get("WORDBASES", "")), base))
        return found

    def close(self) -> None:
        self._voikko.terminate()


def _compound_parts(wordbases: str, baseform: str) -> list[str]:
    """Parts of a compound from Voikko's WORDBASES, e.g.
    ``+digitalisaatio(digitalisaatio)+kehit(kehittää)+ys(+ys)`` → digitalisaatio, kehitys;
    with the compounds its tail parts form (kestävyys|tie|kartta → tiekartta)."""
    groups: list[list[tuple[str, str]]] = []
    for surface, base in _WORDBASE.findall(wordbases):
        if not groups or (base and not base.startswith("+")):
            groups.append([(surface, base)])  # a word of its own starts a compound part
        else:
            groups[-1].append((surface, base))  # a derivational suffix (+us, +ys) or a bare +t
    groups = [g for g in groups if any(surface for surface, _ in g)]
    if len(groups) == 1 and "=" in groups[0][0][1]:
        return [p.lower() for p in groups[0][0][1].split("=") if len(p) >= _MIN_PART]  # julkis=hallinto
    if len(groups) < 2:
        return []
    parts: list[str] = []
    consumed = ""
    for group in groups[:-1]:
        surface = "".join(s for s, _ in group).lower()
        parts.append(group[0][1].lower() if len(group) == 1 and group[0][1] else surface)
        consumed += surface
    if baseform.startswith(consumed) and len(baseform) > len(consumed):
        parts.append(baseform[len(consumed) :])
    tails = ["".join(parts[i:]) for i in range(1, len(parts) - 1)]
    return [p for p in [*parts, *tails] if len(p) >= _MIN_PART]


class SwedishCompounds:
    """Splits compounds into words of a Hunspell dictionary's word list."""

    def __init__(self, vocabulary: set[str], source: str = "") -> None:
        self._vocabulary = vocabulary
        self._source = source

    def version(self) -> str:
        return self._source

    @classmethod
    def load(cls) -> SwedishCompounds | None:
        for folder in HUNSPELL_DIRS:
            for name in SWEDISH_DICTIONARIES:
                path = folder / name
                if path.is_file():
                    stat = path.stat()
                    return cls(_read_hunspell_words(path), f"{path} {stat.st_size} {stat.st_mtime_ns}")
        return None

    def terms(self, word: str) -> list[str]:
        return self._split(word, depth=0)

    def _split(self, word: str, depth: int) -> list[str]:
        """Longest first part first; the first part is split again (three-part compounds)."""
        if len(word) < 2 * _MIN_SWEDISH_PART or depth > 3:
            return []
        for cut in range(len(word) - _MIN_SWEDISH_PART, _MIN_SWEDISH_PART - 1, -1):
            head, tail = self._head(word[:cut]), word[cut:]
            if head and tail not in _SWEDISH_ENDINGS and self._is_word(tail):
                return [*self._split(head, depth + 1), head, tail]
        return []

    def _is_word(self, text: str) -> bool:
        """A dictionary word, possibly with an inflection ending (-er, -erna, -ens…)."""
        for ending in _SWEDISH_ENDINGS:
            stem = text[: len(text) - len(ending)] if ending else text
            if text.endswith(ending) and len(stem) >= _MIN_SWEDISH_PART and stem in self._vocabulary:
                return True
        return False

    def _head(self, text: str) -> str | None:
        """The first part of a compound, allowing for linking letters (arbets-, hälso-)."""
        if len(text) < _MIN_SWEDISH_PART:
            return None
        if text in self._vocabulary:
            return text
        if text.endswith("s") and text[:-1] in self._vocabulary:
            return text[:-1]
        if text[-1:] in {"o", "e", "u"} and text[:-1] + "a" in self._vocabulary:
            return text[:-1] + "a"
        return None


def _read_hunspell_words(path: Path) -> set[str]:
    words = set()
    with path.open(encoding="utf-8", errors="replace") as handle:
        next(handle, None)  # the first line is the entry count
        for line in handle:
            word = line.split("/", 1)[0].strip().lower()
            if len(word) >= _MIN_PART and word.isalpha():
                words.add(word)
    return words


@dataclass
class WordForms:
    """The analysers this machine has, per language, and what is missing."""

    analysers: dict[str, Analyser] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    _stored: WordFormStore | None = None
    _new: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def keep_in(self, cache: Path) -> WordForms:
        """The analyses of earlier builds, read from ``cache`` (a file of ours); the new ones
        are added to it by :meth:`save` and :meth:`close`."""
        self._stored = WordFormStore(cache, self.versions())
        self._cache.update(self._stored.read())
        return self

    def versions(self) -> str:
        """The analysers and our code that turns their output into terms: what the stored
        analyses are valid for."""
        code = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()
        named = [f"{lang}: {analyser.version()}" for lang, analyser in sorted(self.analysers.items())]
        return "; ".join([code, *named])

    @classmethod
    def load(cls) -> WordForms:
        forms = cls()
        finnish = FinnishMorphology.load()
        if finnish is not None:
            forms.analysers["fi"] = finnish
        else:
            forms.missing.append(
                _e("Finnish base forms and compound parts are not indexed (install libvoikko1 and voikko-fi)")
            )
        swedish = SwedishCompounds.load()
        if swedish is not None:
            forms.analysers["sv"] = swedish
        else:
            forms.missing.append(_e("Swedish compound parts are not indexed (install hunspell-sv)"))
        return forms

    def extra_terms(self, texts: Iterable[str], lang: str) -> list[str]:
        """Forms of the words in ``texts`` that the text itself does not contain, sorted."""
        texts = list(texts)
        # Only the few tokens holding a separator go through the regular expressions.
        pieces = {
            piece.lower()
            for text in texts
            for token in text.split()
            if _SEPARATORS.intersection(token)
            for joined in JOINED.finditer(token)
            for piece in _SPLIT.split(joined.group())
            if len(piece) >= 2
        }
        analyser = self.analysers.get(lang)
        if analyser is None:
            return sorted(pieces)
        words = {match.group().lower() for text in texts for match in WORD.finditer(text)}
        words |= {part for word in list(words) if "-" in word for part in word.split("-") if part}
        extra: set[str] = set()
        for word in words:
            key = (lang, word)
            if key not in self._cache:
                self._cache[key] = tuple(t for t in analyser.terms(word) if t != word and t.isalpha())
                self._new[key] = self._cache[key]
            extra.update(self._cache[key])
        return sorted((extra | pieces) - words)

    def save(self) -> None:
        """The analyses made since the last save, into the cache file (if any)."""
        if self._stored is not None and self._new:
            self._stored.add(self._new)
        self._new = {}

    def close(self) -> None:
        self.save()
        finnish = self.analysers.get("fi")
        if isinstance(finnish, FinnishMorphology):
            finnish.close()


class WordFormStore:
    """Analyses per word, kept across builds in an SQLite file of our own: Voikko takes
    most of the time of making a register's search documents, and its answer for a word
    only changes with the analysers (``versions``).  A file that cannot be read, of other
    versions or not ours, is replaced: the cache is never worth a failed build."""

    def __init__(self, path: Path, versions: str) -> None:
        self.path = path
        self.versions = versions

    def read(self) -> dict[tuple[str, str], tuple[str, ...]]:
        try:
            with contextlib.closing(sqlite3.connect(self.path)) as db:
                found = db.execute("SELECT value FROM about WHERE key = 'versions'").fetchone()
                if found is None or found[0] != self.versions:
                    return {}
                return {(lang, word): tuple(terms.split()) for lang, word, terms in db.execute("SELECT * FROM forms")}
        except (sqlite3.Error, ValueError):
            return {}

    def add(self, forms: dict[tuple[str, str], tuple[str, ...]]) -> None:
        with contextlib.suppress(sqlite3.Error, OSError):
            try:
                self._add(forms)
            except sqlite3.Error:  # damaged, foreign or of other versions: start again
                self.path.unlink(missing_ok=True)
                self._add(forms)

    def _add(self, forms: dict[tuple[str, str], tuple[str, ...]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(self.path, timeout=5)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS about (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS forms (lang TEXT, word TEXT, terms TEXT NOT NULL, PRIMARY KEY (lang, word))"
                " WITHOUT ROWID"
            )
            found = db.execute("SELECT value FROM about WHERE key = 'versions'").fetchone()
            if found is None or found[0] != self.versions:
                db.execute("DELETE FROM forms")
                db.execute("INSERT OR REPLACE INTO about VALUES ('versions', ?)", (self.versions,))
            db.executemany(
                "INSERT OR REPLACE INTO forms VALUES (?, ?, ?)",
                sorted((lang, word, " ".join(terms)) for (lang, word), terms in forms.items()),
            )
