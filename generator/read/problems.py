"""Schema errors in the editor's terms.

Editors are civil servants, not programmers: pydantic's own sentences ("Input
should be a valid string", "Field required") name Python types and leave them
to guess what to type instead.  Every validation error of an item, of
``organisations.yaml`` and of the settings passes through here and comes out as
a plain sentence that says what to write.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic
from .schema import nested_model
from .yamlsource import Loc, LocatedData


@dataclass(frozen=True)
class Problem:
    """A schema error before we know which file (and so which line) it belongs to."""

    loc: Loc
    field: str
    message: str
    missing: bool
    meant: str | None = None  # for an unknown key: the allowed key it is closest to

    def at(self, rel: str, located: LocatedData) -> Diagnostic:
        # A missing key is the fault of its parent mapping, or of the file's first line.
        at = self.loc[:-1] if self.missing else self.loc
        return Diagnostic(rel, located.line_of(at), self.field, self.message, column=located.column_of(at))


def validation_problems(
    exc: ValidationError, model: type[BaseModel], prefix: Loc = (), noun: str = "field"
) -> list[Problem]:
    """``noun``: what the editor calls a key here ("field" in content, "setting" in pyproject.toml)."""
    found = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        meant = closest(str(loc[-1]), allowed_keys(model, loc[:-1])) if error["type"] == "extra_forbidden" else None
        found.append(
            Problem(
                (*prefix, *loc),
                field_name(loc),
                _message(error, model, loc, meant, noun),
                error["type"] == "missing",
                meant,
            )
        )
    # A misspelt key shows up twice: unknown, and its real name missing.  The
    # "did you mean" on the first says it all, so the second is dropped.
    misspelt = {(*p.loc[:-1], p.meant) for p in found if p.meant}
    return [p for p in found if not (p.missing and p.loc in misspelt)]


def _message(error: Any, model: type[BaseModel], loc: Loc, meant: str | None, noun: str) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return f"required {noun} is missing"
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, loc[:-1])
        hint = f" (did you mean '{meant}'?)" if meant else ""
        return f"unknown {noun}{hint}; allowed: {', '.join(allowed)}" if allowed else f"unknown {noun}"
    if kind == "value_error":
        return str(ctx.get("error", "this value is not valid here"))
    if kind == "enum":
        return f"{show(value)} is not allowed; use one of {ctx.get('expected', '')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in {"string_type", "str_type"}:
        return _not_text(value)
    if kind == "list_type":
        return f"expected a list ('- …' lines or [a, b]), got {show(value)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of 'key: value' lines, got {show(value)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, got {show(value)}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, not {show(value)}"
    if kind in {"less_than_equal", "less_than"}:
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, not {show(value)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {show(value)}"
    if kind.startswith("date"):
        return f"{show(value)} is not a date; write it as YYYY-MM-DD"
    return f"{show(value)} is not a valid value here"


def _not_text(value: Any) -> str:
    """YAML turns unquoted numbers, yes/no and dates into other types; quoting keeps the text."""
    if isinstance(value, bool):
        return f"YAML reads this value as {'true' if value else 'false'}, not as text; put it in quotes"
    if isinstance(value, (int, float)):
        return f"YAML reads {value} as a number, not as text; put it in quotes"
    if isinstance(value, dt.date):
        return f"YAML reads {value.isoformat()} as a date, not as text; put it in quotes"
    if value is None:
        return "is empty; write a value after the colon"
    return f"expected text, got {show(value)}"


def allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        if part not in current.model_fields:
            return []
        current = nested_model(current, part)
    return list(current.model_fields) if current else []


def closest(value: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(known), n=1)
    return close[0] if close else None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    close = closest(value, known)
    return f" (did you mean '{close}'?)" if close else ""


def show(value: Any) -> str:
    """A value inside a sentence: text quoted so its edges are visible, anything else as
    YAML would write it (``[a, b]``, not Python's ``['a', 'b']``)."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    text = repr(value) if isinstance(value, str) else readable(value)
    return text if len(text) <= 60 else text[:57] + "…"


def readable(value: Any) -> str:
    """A value as the editor wrote it in YAML (``0295 342 166``, ``[a, b]``, ``{name: x}``),
    not as Python prints it."""
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, BaseModel):
        return readable(value.model_dump(mode="json", exclude_none=True))
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(readable(v) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {readable(v)}" for k, v in value.items() if v is not None) + "}"
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def field_name(loc: Loc) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name
