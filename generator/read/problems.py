"""Schema errors in the editor's terms.

Editors are civil servants, not programmers: pydantic's own sentences ("Input
should be a valid string", "Field required") name Python types and leave them
to guess what to type instead.  Every validation error of an item, of
``organisations.yaml`` and of the settings passes through here and comes out as
a plain sentence that says what to write, in the editor's language, with a code
(``unknown-field``, ``not-text``…) that stays the same in every language.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic
from ..text.editor import _e
from .migrations import MOVED, moved_key
from .schema import field_named, key_of, nested_model
from .yamlsource import Loc, LocatedData


@dataclass(frozen=True)
class Problem:
    """A schema error before we know which file (and so which line) it belongs to."""

    loc: Loc
    field: str
    message: str
    missing: bool
    meant: str | None = None  # for an unknown key: the allowed key it is closest to
    code: str = "invalid-value"  # the kind of problem, the same in every language

    def at(self, rel: str, located: LocatedData) -> Diagnostic:
        # A missing key is the fault of its parent mapping, or of the file's first line.
        at = self.loc[:-1] if self.missing else self.loc
        return Diagnostic(
            rel, located.line_of(at), self.field, self.message, column=located.column_of(at), code=self.code
        )


def validation_problems(
    exc: ValidationError, model: type[BaseModel], prefix: Loc = (), noun: str = "field"
) -> list[Problem]:
    """``noun``: what the editor calls a key here ("field" in content, "setting" in pyproject.toml)."""
    found = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        meant = None
        if error["type"] == "extra_forbidden" and not (len(loc) == 1 and str(loc[0]) in MOVED and noun == "field"):
            meant = closest(str(loc[-1]), allowed_keys(model, loc[:-1]))
        message, code = _message(error, model, loc, meant, noun)
        found.append(Problem((*prefix, *loc), field_name(loc), message, error["type"] == "missing", meant, code))
    # A misspelt key shows up twice: unknown, and its real name missing.  The
    # "did you mean" on the first says it all, so the second is dropped.
    misspelt = {(*p.loc[:-1], p.meant) for p in found if p.meant}
    return [p for p in found if not (p.missing and p.loc in misspelt)]


def _message(error: Any, model: type[BaseModel], loc: Loc, meant: str | None, noun: str) -> tuple[str, str]:
    """The sentence for one pydantic error, and its code."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return _missing(noun)
    if kind == "extra_forbidden":
        moved = moved_key(str(loc[0]), value) if len(loc) == 1 and noun == "field" else None
        return moved or _unknown(noun, meant, allowed_keys(model, loc[:-1]))
    if kind == "value_error":
        cause = ctx.get("error")
        return (str(cause) if cause else _e("this value is not valid here")), getattr(cause, "code", "invalid-value")
    if kind == "enum":
        message = _e("{value} is not allowed; use one of {choices}")
        return message.format(value=show(value), choices=_or_list(str(ctx.get("expected", "")))), "not-a-choice"
    if kind == "string_too_short":
        return _e("must not be empty"), "empty-value"
    if kind in {"string_type", "str_type"}:
        return _not_text(value)
    shown = show(value)
    if kind == "list_type":
        return _e("expected a list ('- …' lines or [a, b]), got {value}").format(value=shown), "not-a-list"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return _e("expected a mapping of 'key: value' lines, got {value}").format(value=shown), "not-a-mapping"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return _e("expected a whole number, got {value}").format(value=shown), "not-a-number"
    if kind in {"greater_than_equal", "greater_than"}:
        limit = _number(ctx.get("ge", ctx.get("gt")))
        return _e("must be at least {limit}, not {value}").format(limit=limit, value=shown), "too-small"
    if kind in {"less_than_equal", "less_than"}:
        limit = _number(ctx.get("le", ctx.get("lt")))
        return _e("must be at most {limit}, not {value}").format(limit=limit, value=shown), "too-large"
    if kind in {"bool_type", "bool_parsing"}:
        return _e("expected true or false, got {value}").format(value=shown), "not-true-or-false"
    if kind.startswith("date"):
        return _e("{value} is not a date; write it as YYYY-MM-DD").format(value=shown), "bad-date"
    return _e("{value} is not a valid value here").format(value=shown), "invalid-value"


def _number(limit: Any) -> Any:
    """A limit as the editor would write it: 0, not pydantic's 0.0 for a decimal field."""
    return int(limit) if isinstance(limit, float) and limit.is_integer() else limit


def _missing(noun: str) -> tuple[str, str]:
    if noun == "setting":
        return _e("required setting is missing"), "missing-setting"
    return _e("required field is missing"), "missing-field"


def _unknown(noun: str, meant: str | None, allowed: list[str]) -> tuple[str, str]:
    """Whole sentences for each case, so that each language may order its words."""
    names = ", ".join(allowed)
    if noun == "setting":
        if not allowed:
            return _e("unknown setting"), "unknown-setting"
        if meant:
            message = _e("unknown setting (did you mean '{meant}'?); allowed: {allowed}")
        else:
            message = _e("unknown setting; allowed: {allowed}")
        return message.format(meant=meant, allowed=names), "unknown-setting"
    if not allowed:
        return _e("unknown field"), "unknown-field"
    if meant:
        message = _e("unknown field (did you mean '{meant}'?); allowed: {allowed}")
    else:
        message = _e("unknown field; allowed: {allowed}")
    return message.format(meant=meant, allowed=names), "unknown-field"


def _or_list(expected: str) -> str:
    """pydantic's ``'active' or 'ended'`` with the editor's word for "or"."""
    choices = re.findall(r"'[^']*'", expected)
    if len(choices) < 2 or f"{', '.join(choices[:-1])} or {choices[-1]}" != expected:
        return expected
    return _e("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def _not_text(value: Any) -> tuple[str, str]:
    """YAML turns unquoted numbers, yes/no and dates into other types; quoting keeps the text."""
    if isinstance(value, bool):
        message = _e("YAML reads this value as {value}, not as text; put it in quotes")
        return message.format(value="true" if value else "false"), "not-text"
    if isinstance(value, (int, float)):
        return _e("YAML reads {value} as a number, not as text; put it in quotes").format(value=value), "not-text"
    if isinstance(value, dt.date):
        message = _e("YAML reads {value} as a date, not as text; put it in quotes")
        return message.format(value=value.isoformat()), "not-text"
    if value is None:
        return _e("is empty; write a value after the colon"), "empty-value"
    return _e("expected text, got {value}").format(value=show(value)), "not-text"


def allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        name = field_named(current, part)
        if name is None:
            return []
        current = nested_model(current, name)
    return [key_of(current, name) for name in current.model_fields] if current else []


def closest(value: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(known), n=1)
    return close[0] if close else None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` to add to a sentence, or "" when nothing is close."""
    close = closest(value, known)
    return " " + _e("(did you mean '{close}'?)").format(close=close) if close else ""


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
        return _e("nothing")
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
