"""The language rekisteri speaks to editors: how it is chosen, and that every message has a
Finnish and a Swedish translation and goes through the catalogs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.text.editor import LOCALES, _named, language_from_environment, language_from_settings
from generator.text.editor_catalog import PACKAGE, used_messages

PLACEHOLDER = re.compile(r"\{[a-z_]*(?:![rsa])?(?::[^}]*)?\}|%(?:\([a-z_]+\))?[sdr]")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, None),
        ({"LANG": "fi_FI.UTF-8"}, "fi"),
        ({"LANG": "sv_FI.UTF-8"}, "sv"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "en_US.UTF-8"}, None),  # an English locale says little of the person: the register decides
        ({"LANG": "fi_FI.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "fi_FI.UTF-8", "LC_ALL": "sv_FI"}, "sv"),
        ({"LANGUAGE": "de:sv:fi", "LANG": "fi_FI.UTF-8"}, "sv"),
        ({"LANGUAGE": "", "LC_ALL": "", "LANG": "sv-FI"}, "sv"),
        ({"REKISTERI_LANG": "en", "LANG": "fi_FI.UTF-8"}, "en"),
        ({"REKISTERI_LANG": "sv", "LANGUAGE": "fi"}, "sv"),
        ({"REKISTERI_LANG": "de", "LANG": "fi_FI.UTF-8"}, "fi"),  # a language it does not speak is passed over
    ],
)
def test_the_environment_chooses_as_gettext_does(environment: dict[str, str], expected: str | None) -> None:
    assert language_from_environment(environment) == expected


def test_the_register_chooses_when_the_environment_does_not(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.rekisteri]\neditor_language = "sv"\n', encoding="utf-8")
    assert language_from_settings(tmp_path) == "sv"
    (tmp_path / "pyproject.toml").write_text("[tool.rekisteri\n", encoding="utf-8")  # broken: English
    assert language_from_settings(tmp_path) is None
    assert language_from_settings(tmp_path / "missing") is None


def test_language_names_are_read_from_locale_names() -> None:
    assert [_named(v) for v in ("fi", "fi_FI.UTF-8", "sv_SE@euro", "sv-FI", "en_GB", "C", "")] == [
        "fi",
        "fi",
        "sv",
        "sv",
        "en",
        None,
        None,
    ]


def _catalog(lang: str) -> dict[str, object]:
    translated: dict[str, object] = {}
    for path in sorted((LOCALES / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id and not message.fuzzy:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    translated[key] = message.string
    return translated


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_editor_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    catalog = _catalog(lang)
    missing, broken = [], []
    for message in used_messages():
        ids = [message] if isinstance(message, str) else list(message)
        translation = catalog.get(ids[0])
        strings = [translation] if isinstance(translation, str) else list(translation or ())
        if not strings or not all(strings):
            missing.append(ids[0])
            continue
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        if any(sorted(set(PLACEHOLDER.findall(s))) != wanted for s in strings):
            broken.append(ids[0])
    assert missing == [], f"{len(missing)} message(s) without a {lang} translation (scripts/sync_catalogs.py)"
    assert broken == [], f"{lang} translations that drop or add a placeholder"


# Calls whose string arguments a person reads: each must come from _e/_ne (or be built from
# parts that did), never a literal in the code.
_SAID_BY = {"print", "log", "Diagnostic", "ArgumentTypeError", "UnsafeOutput", "OutputError", "ServeError"}
_SAID_AS = {"help", "description", "message"}


def _literal_words(node: ast.AST) -> str:
    """The letters a literal (or an f-string's literal parts) would show, if any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ""


def _called(node: ast.Call) -> str:
    function = node.func
    return (
        function.attr if isinstance(function, ast.Attribute) else function.id if isinstance(function, ast.Name) else ""
    )


def test_no_user_facing_text_bypasses_the_catalogs() -> None:
    bypassing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            said = [*(node.args if name in _SAID_BY else []), *(k.value for k in node.keywords if k.arg in _SAID_AS)]
            if name == "Diagnostic":  # path, line and field are the editor's own words
                said = node.args[3:4] + [k.value for k in node.keywords if k.arg == "message"]
            for argument in said:
                words = _literal_words(argument)
                if re.search(r"[A-Za-z]{3,}", words):
                    bypassing.append(f"{path.relative_to(PACKAGE.parent)}:{argument.lineno}: {words[:60]!r}")
    assert bypassing == []
