"""Open data: the whole register as JSON, with its JSON Schema (the CSV tables: :mod:`.tables`).

Neutral facts appear once per item; translated text sits side by side per
language.  Both halves, and the schema that describes them, are split by the
same field markers the build uses (:mod:`read.schema`), so the export cannot drift
from what editors write.  A list such as ``people`` is split the same way, entry by
entry: ``facts.people[2]`` and ``translations.sv.people[2]`` are one person.
"""

from __future__ import annotations

import copy
import hashlib
import json
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
        "license": planner.settings.license.model_dump(mode="json"),
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
        text, text_digest = _item_encoded(planner, item)
        encoded.append(text)
        whole.update(text_digest)
    head = json.dumps(document, ensure_ascii=False, separators=(",", ":"))[: -len("[]}")].encode("utf-8")
    whole.update(head)
    return File(
        urls.DATA_JSON,
        [head, b"[\n", *_separated(encoded, b",\n"), b"\n]}\n"],  # never joined: 100s of MB
        "json:" + whole.hexdigest(),
    )


def _item_encoded(planner: PageContext, item: Item) -> tuple[bytes, bytes]:
    """The item's register.json text and its digest, made once per edit of the item (the
    memo) for register.json and the item's own files."""
    state = planner.translations.of(item.id)
    fingerprint = (item, state.states if state else None)
    return planner.memo.get_or_make(JSON_ITEMS, item.id, fingerprint, partial(_encoded, planner, item))


def item_json_page(planner: PageContext, lang: str, item: Item) -> File:
    """The item's entry in register.json, on its own beside its page, with the schema it
    follows and the licence (a reader who fetched one item has no register.json around it).
    Each language's folder has one, the same: both languages' texts are in it."""
    base = planner.settings.base_url
    head = {
        "$schema": urls.absolute(base, urls.ITEM_SCHEMA),
        "license": planner.settings.license.model_dump(mode="json"),
    }
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1].encode("utf-8") + b","
    return File(urls.item_json(lang, item.kind, item.id), opening + _item_encoded(planner, item)[0][1:] + b"\n")


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


def inline_refs(node: Any, definitions: dict[str, Any], own_words: bool = False) -> Any:
    """``node`` with every ``$ref`` replaced by its definition, for readers whose tools do not
    follow references.  ``own_words``: keys beside a ``$ref`` (a field's own description) win
    over the referenced type's, as the Data Package's columns want; register.json's schemas
    keep the type's alone."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            resolved = inline_refs(copy.deepcopy(definitions[name]), definitions, own_words)
            if not own_words:
                return resolved
            own = {key: value for key, value in node.items() if key != "$ref"}
            return {**resolved, **inline_refs(own, definitions, own_words)}
        return {key: inline_refs(value, definitions, own_words) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(value, definitions, own_words) for value in node]
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
        properties[key] = inline_refs(prop, definitions)
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


#: The licence as register.json and each item's JSON carry it (from ``[tool.rekisteri] license``).
LICENSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The licence of the open data: SPDX identifier, title and the address of its text.",
    "additionalProperties": False,
    "required": ["id", "title", "url"],
    "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"}},
}


def _item_schemas() -> list[dict[str, Any]]:
    """One schema per kind for an item's entry in register.json."""
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
    return items


def item_schema() -> dict[str, Any]:
    """An item's own JSON file: its register.json entry, plus the schema's address and the licence."""
    kinds = []
    for entry in _item_schemas():
        properties = {"$schema": {"type": "string"}, "license": LICENSE_SCHEMA, **entry["properties"]}
        kinds.append({**entry, "required": ["$schema", "license", *entry["required"]], "properties": properties})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rekisteri open data: an item's index.json",
        "oneOf": kinds,
    }


def item_schema_page() -> File:
    return File(urls.ITEM_SCHEMA, (json.dumps(item_schema(), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def register_schema() -> dict[str, Any]:
    items = _item_schemas()
    organisation = Organisation.model_json_schema()
    theme = Theme.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rekisteri open data: register.json",
        "type": "object",
        "required": ["schema_version", "title", "license", "organisations", "themes", "items"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "$schema": {"type": "string"},
            "title": {"type": "object"},
            "license": LICENSE_SCHEMA,
            "organisations": {
                "type": "array",
                "items": inline_refs(
                    {k: v for k, v in organisation.items() if k != "$defs"}, organisation.get("$defs", {})
                ),
            },
            "themes": {
                "type": "array",
                "items": inline_refs({k: v for k, v in theme.items() if k != "$defs"}, theme.get("$defs", {})),
            },
            "items": {"type": "array", "items": {"oneOf": items}},
        },
    }


def register_schema_page() -> File:
    return File(urls.DATA_SCHEMA, (json.dumps(register_schema(), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
