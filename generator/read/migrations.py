"""Keys the register used to have, and what an editor writes instead.

``contacts``, ``participants``, a network's ``lead`` and a meeting's
``attachments`` became roles in ``people`` and entries in ``documents``.  A file
still using an old key fails like any unknown key would, but the message shows
the editor's own entries rewritten in the new form, ready to paste, so nobody
has to read a changelog to fix their file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..text.editor import N_e, _e

_Entry = Mapping[str, Any]


def _contact(entry: _Entry) -> dict[str, Any]:
    return {"name": entry.get("name"), "role": "contact_person", **_rest(entry, "name")}


def _participant(entry: _Entry) -> dict[str, Any]:
    moved = {"name": entry.get("name"), "role": "participant"}
    if entry.get("role") is not None:
        moved["title"] = entry["role"]  # the old free-text role was a description, not a role
    return moved | _rest(entry, "name", "role")


def _lead(entry: _Entry) -> dict[str, Any]:
    return {"name": entry.get("name"), "role": "leader", **_rest(entry, "name")}


def _attachment(entry: _Entry) -> dict[str, Any]:
    return {"title": entry.get("title"), "type": "other", **_rest(entry, "title")}


def _rest(entry: _Entry, *taken: str) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key not in taken}


#: Old key → (new key, how one old entry is written there, the sentence that says so).
MOVED: dict[str, tuple[str, Callable[[_Entry], dict[str, Any]], str]] = {
    "contacts": (
        "people",
        _contact,
        N_e("'contacts' is now written under 'people', each with role: contact_person: {example}"),
    ),
    "participants": (
        "people",
        _participant,
        N_e("'participants' is now written under 'people', each with a role (participant, speaker, chair…): {example}"),
    ),
    "lead": ("people", _lead, N_e("'lead' is now written under 'people', with role: leader: {example}")),
    "attachments": (
        "documents",
        _attachment,
        N_e("'attachments' is now written under 'documents', each with a type (memo, minutes, report…): {example}"),
    ),
}

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^:,\[\]{}#]*$")
_WORDS_YAML_READS = {"true", "false", "yes", "no", "on", "off", "null", "~"}


def _scalar(value: Any) -> str:
    """A value in YAML flow style, quoted only where YAML would read it otherwise."""
    text = str(value)
    if isinstance(value, str) and _PLAIN.match(text) and text.lower() not in _WORDS_YAML_READS and text == text.strip():
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(text, ensure_ascii=False)


def _flow(entry: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_scalar(value)}" for key, value in entry.items() if value is not None) + "}"


def moved_key(key: str, value: Any) -> tuple[str, str] | None:
    """For an old top-level key: the message showing the new form, and its code."""
    if key not in MOVED:
        return None
    new_key, rewrite, sentence = MOVED[key]
    entries = [value] if isinstance(value, Mapping) else value if isinstance(value, list) else []
    rewritten = [rewrite(entry) for entry in entries if isinstance(entry, Mapping)]
    if not rewritten:
        example = f"{new_key}: []"
    else:
        example = f"{new_key}: [{_flow(rewritten[0])}"
        if len(rewritten) > 1:
            more = _e("and {count} more the same way").format(count=len(rewritten) - 1)
            example += f", … ({more})"
        example += "]"
    return _e(sentence).format(example=example), "moved-field"
