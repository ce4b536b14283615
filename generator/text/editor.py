"""The language rekisteri speaks to editors and translators: Finnish, Swedish or English.

The public site's language is a page's; the *editor's* language is a person's, so it
follows gettext's conventions instead of any flag (``--lang`` already names the content
language of ``new`` and ``translations``): ``REKISTERI_LANG``, else the first of GNU's
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that names Finnish or Swedish, else
the register's ``[tool.rekisteri] editor_language``, else English, the source language.

Messages are English ``msgid``\\s marked with :func:`_e` (:func:`_ne` for plurals, :func:`N_e`
where a message is defined apart from where it is said) and
translated from ``generator/locales/<lang>/LC_MESSAGES/*.po``, compiled in memory with
Babel like the theme's catalogs (no ``.mo`` files).  A process serves one editor, so the
chosen language is process-wide, as ``gettext.install`` makes it: the command sets it once,
before anything is said (render workers are forked and inherit it).  Texts written into
*files* (``new``'s comments, JSON Schema descriptions) are in the file's language instead,
through :func:`translator`.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

from babel.support import NullTranslations, Translations

from .i18n import load_catalogs

EDITOR_LANGS = ("fi", "sv", "en")
SOURCE_LANG = "en"
LOCALES = Path(__file__).resolve().parents[1] / "locales"
#: Environment variables that choose the editor's language, in gettext's order of precedence.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

Gettext = Callable[[str], str]


def _named(value: str) -> str | None:
    """``fi``, ``fi_FI.UTF-8``, ``sv-FI``, ``sv_SE@euro`` … → ``fi``/``sv``/``en``; else None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in EDITOR_LANGS else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The editor's language if the environment names one; None leaves it to the register.

    ``REKISTERI_LANG`` may name English too (to get English on a Finnish machine); the
    locale variables count only when they name Finnish or Swedish, since an English or
    ``C`` locale usually says nothing about the person.  ``LANGUAGE`` is a list
    (``sv:fi``): its first Finnish or Swedish entry wins."""
    environ = os.environ if environ is None else environ
    chosen = _named(environ.get("REKISTERI_LANG", ""))
    if chosen:
        return chosen
    for variable in LOCALE_VARIABLES:
        for entry in environ.get(variable, "").split(":") if variable == "LANGUAGE" else [environ.get(variable, "")]:
            named = _named(entry)
            if named in ("fi", "sv"):
                return named
    return None


def language_from_settings(root: Path) -> str | None:
    """``[tool.rekisteri] editor_language`` read leniently: a broken ``pyproject.toml`` is
    reported by the settings check, in whatever language this falls back to."""
    try:
        with (root / "pyproject.toml").open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("rekisteri", {})
    except (OSError, ValueError):
        return None
    value = table.get("editor_language") if isinstance(table, dict) else None
    return _named(value) if isinstance(value, str) else None


@functools.cache
def _catalog(lang: str) -> NullTranslations:
    if lang == SOURCE_LANG:
        return NullTranslations()
    catalogs, _problems = load_catalogs([LOCALES], [lang], LOCALES)
    return catalogs.get(lang) or Translations()


_active: list[NullTranslations] = [NullTranslations()]  # the process's choice; see the module docstring
_chosen: list[str] = [SOURCE_LANG]


def use_language(lang: str) -> None:
    """Speak ``lang`` (fi, sv or en) from now on, in this process and the workers it forks."""
    _chosen[0] = lang if lang in EDITOR_LANGS else SOURCE_LANG
    _active[0] = _catalog(_chosen[0])


def current_language() -> str:
    return _chosen[0]


def _e(message: str) -> str:
    """``message`` (an English msgid) in the editor's language."""
    return _active[0].gettext(message)


def _ne(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message by ``count``, in the editor's language."""
    return _active[0].ngettext(singular, plural, count)


def translator(lang: str) -> Gettext:
    """Messages in ``lang`` whatever the editor speaks: for texts written into a file of
    that language (comments, schema descriptions)."""
    return _catalog(lang if lang in EDITOR_LANGS else SOURCE_LANG).gettext


def N_e(message: str) -> str:
    """Marks a message for the editor catalogs where it is defined (a table of labels, say);
    :func:`_e` translates it where it is said.  Not ``N_``, which marks the theme's messages."""
    return message
