"""Open data: the whole register as JSON (with its JSON Schema) and as CSV per kind.

Neutral facts appear once per item; translated text sits side by side per
language.  Both halves, and the schema that describes them, are split by the
same field markers the build uses (:mod:`read.schema`), so the export cannot drift
from what editors write.  A list such as ``people`` is split the same way, entry by
entry: ``facts.people[2]`` and ``translations.sv.people[2]`` are one person.

The CSV keeps one row per item: a structured value (a term, people, milestones,
documents, a budget) is one cell of JSON with the keys editors write, its translated
parts given per language (``"title": {"fi": …, "sv": …}``) as organisation names are.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import operator
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .. import urls
from ..read.model import KINDS, LANGS, Item
from ..read.schema import (
    MODELS,
    Organisation,
    Theme,
    field_named,
    is_neutral,
    is_translatable,
    key_of,
    nested_model,
)
from ..read.translations import State
from .context import MemoTable
from .views import File

if TYPE_CHECKING:
    from collections.abc import Callable

    from .context import PageContext

SCHEMA_VERSION = 1

#: Each item's register.json text and its digest, kept between rebuilds so that an edit
#: re-encodes one item.  Translation states are made again on every rebuild: compared by value.
JSON_ITEMS: MemoTable[str, tuple[Item, dict[str, State] | None], tuple[bytes, bytes]] = MemoTable(
    "register.json items", saved=True
)
#: Each item's CSV row, kept like the JSON; the row shows the item only, which stays the
#: same object while its file is unchanged (see :class:`MemoTable`).
CSV_ROWS: MemoTable[str, Item, list[str]] = MemoTable("CSV rows", saved=True, same=operator.is_)


def _split(
    model: type[BaseModel], data: dict[str, Any], keep: Callable[[type[BaseModel], str], bool]
) -> dict[str, Any]:
    """The part of ``data`` (a model dump) whose fields ``keep`` accepts, nested models included."""
    part: dict[str, Any] = {}
    for name in model.model_fields:
        key = key_of(model, name)
        if key not in data or name == "translation_of":
            continue
        value = data[key]
        inner = nested_model(model, name)
        if inner is not None and not is_translatable(model, name):
            if isinstance(value, list):
                pieces = [_split(inner, v, keep) for v in value]
                if any(pieces):
                    part[key] = pieces
            elif isinstance(value, dict):
                piece = _split(inner, value, keep)
                if piece:
                    part[key] = piece
        elif keep(model, name):
            part[key] = value
    return part


def _texts(item: Item) -> dict[str, dict[str, Any]]:
    """Each language's translated text, nested parts included.  A list that a file took whole
    from the other (its people, say) is left out: its titles are the other language's text."""
    model = MODELS[item.kind]
    return {
        lang: _split(
            model,
            version.data.model_dump(mode="json", by_alias=True, exclude={"translation_of", *version.inherited}),
            is_translatable,
        )
        for lang, version in sorted(item.versions.items())
    }


def _item(planner: PageContext, item: Item) -> dict[str, Any]:
    base = planner.settings.base_url
    model = MODELS[item.kind]
    facts = _split(model, item.data.model_dump(mode="json", by_alias=True), is_neutral)
    translation = planner.translations.of(item.id)
    texts = _texts(item)
    for lang, version in item.versions.items():
        texts[lang]["body_markdown"] = version.body.strip()
        texts[lang]["state"] = translation.states[lang].value if translation else "source"
    return {
        "id": item.id,
        "kind": item.kind,
        "urls": {lang: urls.absolute(base, urls.item(lang, item.kind, item.id)) for lang in LANGS},
        "facts": facts,
        "translations": texts,
    }


def register_json_page(planner: PageContext) -> File:
    register = planner.register
    document = {
        "schema_version": SCHEMA_VERSION,
        "$schema": urls.absolute(planner.settings.base_url, urls.DATA_SCHEMA),
        "title": {lang: planner.settings.title.for_lang(lang) for lang in LANGS},
        "organisations": [
            o.model_dump(mode="json", by_alias=True)
            for o in sorted(register.organisations.values(), key=lambda o: o.id)
        ],
        "themes": [
            t.model_dump(mode="json", by_alias=True) for t in sorted(register.themes.values(), key=lambda t: t.id)
        ],
        "items": [],
    }
    # Each item's JSON (bytes, and their digest) is kept between rebuilds (the planner's memo),
    # so an edit re-encodes one item, and the file's digest is made from the items' digests
    # instead of hashing every byte: the file carries every item's text (100 MB at 5,000 items).
    encoded: list[bytes] = []
    whole = hashlib.blake2b(digest_size=16)
    for item in sorted(register.items.values(), key=lambda i: (i.kind, i.id)):
        state = planner.translations.of(item.id)
        fingerprint = (item, state.states if state else None)
        text, text_digest = planner.memo.get_or_make(JSON_ITEMS, item.id, fingerprint, partial(_encoded, planner, item))
        encoded.append(text)
        whole.update(text_digest)
    head = json.dumps(document, ensure_ascii=False, separators=(",", ":"))[: -len("[]}")].encode("utf-8")
    whole.update(head)
    return File(
        urls.DATA_JSON,
        [head, b"[\n", *_separated(encoded, b",\n"), b"\n]}\n"],  # never joined: 100s of MB
        "json:" + whole.hexdigest(),
    )


def _encoded(planner: PageContext, item: Item) -> tuple[bytes, bytes]:
    """An item's register.json text, and its digest."""
    text = json.dumps(_item(planner, item), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return text, hashlib.blake2b(text, digest_size=16).digest()


def _separated(pieces: list[bytes], separator: bytes) -> list[bytes]:
    out: list[bytes] = []
    for index, piece in enumerate(pieces):
        if index:
            out.append(separator)
        out.append(piece)
    return out


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return _inline_refs(copy.deepcopy(definitions[name]), definitions)
        return {key: _inline_refs(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(value, definitions) for value in node]
    return node


def _part_schema(model: type[BaseModel], keep: Callable[[type[BaseModel], str], bool]) -> dict[str, Any]:
    full = model.model_json_schema()
    definitions = full.get("$defs", {})
    properties: dict[str, Any] = {}
    required: list[str] = []
    for key, prop in full["properties"].items():
        if key == "translation_of":
            continue
        name = field_named(model, key) or key
        inner = nested_model(model, name)
        if inner is not None and not is_translatable(model, name):
            sub = _part_schema(inner, keep)
            if not sub["properties"]:
                continue
            is_list = "array" in json.dumps(prop)[:80] or prop.get("type") == "array"
            properties[key] = {"type": "array", "items": sub} if is_list else sub
            if key in full.get("required", []) and keep is is_neutral:
                required.append(key)
            continue
        if not keep(model, name):
            continue
        properties[key] = _inline_refs(prop, definitions)
        if key in full.get("required", []):
            required.append(key)
        else:
            properties[key] = _nullable(properties[key])
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": required}


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    """register.json writes an optional value that is not given as ``null``; the editors'
    schema of such a field may not say so (``reached`` is a date or ``false`` in a file)."""
    if prop.get("type") == "null" or any(part.get("type") == "null" for part in prop.get("anyOf", [])):
        return prop
    return {"anyOf": [prop, {"type": "null"}]}


def register_schema() -> dict[str, Any]:
    items = []
    for kind in KINDS:
        model = MODELS[kind]
        text = _part_schema(model, is_translatable)
        text["properties"]["body_markdown"] = {"type": "string"}
        text["properties"]["state"] = {"enum": ["source", "translated", "outdated", "untracked", "missing"]}
        text["required"] = [*text["required"], "body_markdown", "state"]
        items.append(
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "kind", "urls", "facts", "translations"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
                    "kind": {"const": kind},
                    "urls": {
                        "type": "object",
                        "required": list(LANGS),
                        "additionalProperties": {"type": "string"},
                    },
                    "facts": _part_schema(model, is_neutral),
                    "translations": {
                        "type": "object",
                        "minProperties": 1,
                        "propertyNames": {"enum": list(LANGS)},
                        "additionalProperties": text,
                    },
                },
            }
        )
    organisation = Organisation.model_json_schema()
    theme = Theme.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rekisteri open data: register.json",
        "type": "object",
        "required": ["schema_version", "title", "organisations", "themes", "items"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "$schema": {"type": "string"},
            "title": {"type": "object"},
            "organisations": {
                "type": "array",
                "items": _inline_refs(
                    {k: v for k, v in organisation.items() if k != "$defs"}, organisation.get("$defs", {})
                ),
            },
            "themes": {
                "type": "array",
                "items": _inline_refs({k: v for k, v in theme.items() if k != "$defs"}, theme.get("$defs", {})),
            },
            "items": {"type": "array", "items": {"oneOf": items}},
        },
    }


def register_schema_page() -> File:
    return File(urls.DATA_SCHEMA, (json.dumps(register_schema(), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _cell(value: Any) -> str:
    """A list of ids or numbers as ``a; b``; anything structured as JSON (see the module's doc)."""
    if value is None:
        return ""
    if isinstance(value, list) and not any(isinstance(v, dict) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def _given(value: Any) -> Any:
    """A structured value without its empty parts: a cell has room only for what was written."""
    if isinstance(value, dict):
        return {k: _given(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_given(v) for v in value]
    return value


def _with_texts(model: type[BaseModel], facts: Any, texts: dict[str, Any]) -> Any:
    """A neutral value (a dict, or a list of them) with its translated parts put back in,
    each as ``{lang: text}``; ``texts`` holds each language's translated part of it."""
    if isinstance(facts, list):
        return [
            _with_texts(model, entry, {lang: part[i] for lang, part in texts.items() if i < len(part)})
            for i, entry in enumerate(facts)
        ]
    if not isinstance(facts, dict):
        return facts
    merged: dict[str, Any] = {}
    for name in model.model_fields:
        key = key_of(model, name)
        if is_translatable(model, name):
            given = {lang: part[key] for lang, part in texts.items() if part.get(key) not in (None, "")}
            if given:
                merged[key] = given
        elif key in facts:
            inner = nested_model(model, name)
            parts = {lang: part[key] for lang, part in texts.items() if key in part}
            merged[key] = facts[key] if inner is None else _with_texts(inner, facts[key], parts)
    return merged


# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return
# can hide one after them), so register text could run as a formula on a reader's machine.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(text: str) -> str:
    """OWASP's CSV-injection advice: a leading ``'`` makes the cell text. Only the CSV gets
    this; the JSON is for programs and keeps the text as written. No column holds a number
    (dates are ISO, years four digits), so no legitimate negative value gets the quote."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_row(planner: PageContext, neutral: list[str], item: Item) -> list[str]:
    model = MODELS[item.kind]
    facts = _split(model, item.data.model_dump(mode="json", by_alias=True), is_neutral)
    texts = _texts(item)
    row = [item.id]
    for name in neutral:
        inner = nested_model(model, name)
        value = facts.get(name)
        if inner is not None and value is not None:
            value = _given(
                _with_texts(inner, value, {lang: text[name] for lang, text in texts.items() if name in text})
            )
        row.append(_cell(value))
    for lang in LANGS:
        version = item.versions.get(lang)
        row += [
            version.data.title if version else "",
            version.data.summary if version else "",
            urls.absolute(planner.settings.base_url, urls.item(lang, item.kind, item.id)),
        ]
    return [_spreadsheet_safe(cell) for cell in row]


def csv_page(planner: PageContext, kind: str) -> File:
    """One row per item: neutral facts, then title and summary in each language.  UTF-8 with
    CRLF line ends and a header row, as RFC 4180 has it (and spreadsheet programs expect)."""
    model = MODELS[kind]
    neutral = [name for name in model.model_fields if is_neutral(model, name)]
    columns = [
        "id",
        *neutral,
        *(f"{field}_{lang}" for lang in LANGS for field in ("title", "summary", "url")),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for item in sorted(planner.register.of_kind(kind), key=lambda i: i.id):
        row: list[str] = planner.memo.get_or_make(CSV_ROWS, item.id, item, partial(_csv_row, planner, neutral, item))
        writer.writerow(row)
    return File(urls.data_csv(kind), buffer.getvalue().encode("utf-8"))
