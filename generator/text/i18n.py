"""Language-dependent presentation: gettext catalogs, dates, sums of money and sorting.

UI strings live in the theme's ``locales/<lang>/LC_MESSAGES/*.po`` files and
are compiled in memory at build time with Babel, so there are no ``.mo`` files
to forget to regenerate.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from babel.core import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_currency
from babel.support import Translations

from ..diagnostics import Diagnostic

LOCALES: dict[str, str] = {"fi": "fi_FI", "sv": "sv_FI"}
OPEN_GRAPH_LOCALES: dict[str, str] = {"fi": "fi_FI", "sv": "sv_FI"}


def load_catalogs(
    locale_dirs: Sequence[Path], langs: Sequence[str], root: Path, unreadable: Callable[[str], str] = str
) -> tuple[dict[str, Translations], list[Diagnostic]]:
    """Per language, the first theme's catalog falling back to the next theme's.

    ``unreadable`` says, in the editor's language, that a catalog cannot be read, given the
    error; the editor's own catalogs are made with this module, so it cannot say it itself."""
    diagnostics: list[Diagnostic] = []
    result: dict[str, Translations] = {}
    for lang in langs:
        chain: list[Translations] = []
        for folder in locale_dirs:
            for po_path in sorted((folder / lang / "LC_MESSAGES").glob("*.po")):
                loaded = _compile(po_path, lang, root, diagnostics, unreadable)
                if loaded is not None:
                    chain.append(loaded)
        translations = chain[0] if chain else Translations()
        for fallback in chain[1:]:
            translations.add_fallback(fallback)
        result[lang] = translations
    return result, diagnostics


def _compile(
    path: Path, lang: str, root: Path, diagnostics: list[Diagnostic], unreadable: Callable[[str], str]
) -> Translations | None:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, abort_invalid=True)
    except (OSError, PoFileError, ValueError) as exc:
        line = getattr(exc, "lineno", 0) or 0
        diagnostics.append(Diagnostic(rel, line, "", unreadable(str(exc)), code="unreadable-translations"))
        return None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = Translations(buffer)
    translations.files = [rel]
    return translations


@functools.lru_cache(maxsize=16384)
def date(value: dt.date, lang: str) -> str:
    """4.5.2020 in Finnish, 4 maj 2020 in Swedish."""
    return format_date(value, "medium", locale=LOCALES[lang])


def money(amount: float, currency: str, lang: str) -> str:
    """ "250 000 €" in Finnish and Swedish alike; cents only when there are any."""
    locale = Locale.parse(LOCALES[lang])
    pattern = locale.currency_formats["standard"].pattern
    if float(amount).is_integer():
        return format_currency(amount, currency, pattern.replace(".00", ""), locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


def language_name(code: str, in_lang: str) -> str:
    """ "suomi", "ruotsi", "finska", "svenska": the name of a language in another."""
    name = Locale.parse(LOCALES[in_lang]).languages.get(code, code)
    return str(name)


# Finnish and Swedish alphabets end ... x, y, z, å, ä, ö; Unicode order would put
# å, ä and ö among the a's and o's once accents are stripped.  (No ICU here: PyICU
# needs a compiler and the system library, far too much for three letters.)
# The three characters after "z" in ASCII ({ | }) stand for them in the key.
_TAIL = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[str, str]:
    """Collation key: case-insensitive, accents ignored except å ä ö, which sort after z."""
    folded = []
    for char in text.casefold():
        if char in _TAIL:
            folded.append(_TAIL[char])
            continue
        if char == "ü":  # a Finnish or Swedish dictionary files ü under y
            folded.append("y")
            continue
        base = unicodedata.normalize("NFD", char)[0]
        folded.append(base)
    return "".join(folded), text


_TAIL_LETTERS = {key: letter for letter, key in (("Å", "{"), ("Ä", "|"), ("Ö", "}"))}


def initial(text: str) -> str:
    """The letter an index files ``text`` under, by the same rules as :func:`sort_key`
    (Émile under E, Åkerlund under Å, Über under Y); "#" for a digit or a sign."""
    folded = sort_key(text.strip())[0]
    if not folded:
        return "#"
    first = folded[0]
    if first in _TAIL_LETTERS:
        return _TAIL_LETTERS[first]
    return first.upper() if first.isalpha() else "#"
