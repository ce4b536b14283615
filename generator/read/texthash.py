"""The hash of a file's translatable text, which ``translation_of`` records.

Only translatable fields (see :data:`schema.TRANSLATABLE`) and the body count,
taken as parsed from the file, so neither a corrected phone number nor YAML
reformatting makes a translation outdated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from .schema import MODELS, is_translatable, key_of, nested_model

HASH_LENGTH = 12


def translatable_payload(model: type[BaseModel], raw: Mapping[str, Any]) -> dict[str, Any]:
    """The translatable part of a file's frontmatter, as written (neutral facts left out)."""
    payload: dict[str, Any] = {}
    for name in model.model_fields:
        key = key_of(model, name)
        if key not in raw:
            continue
        value = raw[key]
        if is_translatable(model, name):
            payload[key] = value
            continue
        inner = nested_model(model, name)
        if inner is None:
            continue
        if isinstance(value, list):
            parts = [translatable_payload(inner, v) if isinstance(v, Mapping) else None for v in value]
            if any(parts):
                payload[key] = parts
        elif isinstance(value, Mapping):
            part = translatable_payload(inner, value)
            if part:
                payload[key] = part
    return payload


def _normal_body(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.strip().splitlines())


def text_hash(kind: str, raw: Mapping[str, Any], body: str) -> str:
    """Short hash of a file's translatable text; what ``translation_of`` records."""
    payload = translatable_payload(MODELS[kind], raw)
    encoded = json.dumps([payload, _normal_body(body)], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def readable_text(kind: str, raw: Mapping[str, Any], body: str) -> list[str]:
    """A file's translatable text as lines, for showing a translator what changed."""
    payload = translatable_payload(MODELS[kind], raw)
    lines = [f"{name}: {json.dumps(value, ensure_ascii=False, default=str)}" for name, value in payload.items()]
    return [*lines, "", *_normal_body(body).splitlines()]
