"""Walking validated items by the markers in :mod:`schema`.

The join needs "which neutral facts differ", reference checking needs "every
organisation id and every item id, with where it sits".  Both follow the
model's own field markers, so adding a field to a model needs no change here.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator
from typing import Any, ForwardRef, TypeVar

from pydantic import BaseModel

from .schema import has_marker, is_neutral, key_of, nested_model
from .yamlsource import Loc


def neutral_differences(a: BaseModel, b: BaseModel, loc: Loc = ()) -> Iterator[Loc]:
    """Locations where two versions of one item state different neutral facts."""
    model = type(a)
    for name in model.model_fields:
        if not is_neutral(model, name):
            continue
        left, right = getattr(a, name), getattr(b, name)
        yield from _differences(left, right, (*loc, key_of(model, name)))


def _differences(left: Any, right: Any, loc: Loc) -> Iterator[Loc]:
    if isinstance(left, BaseModel) and isinstance(right, BaseModel):
        yield from neutral_differences(left, right, loc)
    elif isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            yield loc
            return
        for index, (one, other) in enumerate(zip(left, right, strict=True)):
            yield from _differences(one, other, (*loc, index))
    elif left != right:
        yield loc


def _may_hold_model(annotation: Any) -> bool:
    """Whether a field so typed can hold a model (when unsure, it can)."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if current is Any or current is object or isinstance(current, (str, TypeVar, ForwardRef)):
            return True
        if isinstance(current, type) and issubclass(current, BaseModel):
            return True
        stack.extend(getattr(current, "__args__", ()))
    return False


@functools.cache
def _walk_plan(model: type[BaseModel], marker: type) -> tuple[tuple[str, str, bool], ...]:
    """The fields :func:`marked_values` must look into, in order, with their keys and whether
    they carry ``marker``: a field of plain values holds neither marked text nor models, and
    an item has dozens of them (a million looks at 5,000 items)."""
    return tuple(
        (name, key_of(model, name), has_marker(model, name, marker))
        for name, info in model.model_fields.items()
        if has_marker(model, name, marker) or _may_hold_model(info.annotation)
    )


def marked_values(instance: BaseModel, marker: type, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string held by a field carrying ``marker``, with its location."""
    for name, key, marked in _walk_plan(type(instance), marker):
        value = getattr(instance, name)
        here = (*loc, key)
        if marked:
            if isinstance(value, str):
                yield here, value
            elif isinstance(value, list):
                yield from (((*here, i), v) for i, v in enumerate(value) if isinstance(v, str))
            continue
        if isinstance(value, BaseModel):
            yield from marked_values(value, marker, here)
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    yield from marked_values(element, marker, (*here, index))


def raw_marked_values(
    model: type[BaseModel], data: Any, marker: type, errors: Collection[Loc], loc: Loc = ()
) -> Iterator[tuple[Loc, str]]:
    """Like :func:`marked_values`, read from data that failed validation: every reference
    at a location no error touched.  A bad ``status`` must not hide a bad ``appointed_by``."""
    if not isinstance(data, dict):
        return
    for name in model.model_fields:
        key = key_of(model, name)
        here = (*loc, key)
        if key not in data or _touched(here, errors):
            continue
        value = data[key]
        if has_marker(model, name, marker):
            if isinstance(value, str):
                yield here, value.strip()
            elif isinstance(value, list):
                for index, element in enumerate(value):
                    if isinstance(element, str) and not _touched((*here, index), errors):
                        yield (*here, index), element.strip()
            continue
        inner = nested_model(model, name)
        if inner is None:
            continue
        if isinstance(value, list):
            for index, element in enumerate(value):
                yield from raw_marked_values(inner, element, marker, errors, (*here, index))
        else:
            yield from raw_marked_values(inner, value, marker, errors, here)


def _touched(loc: Loc, errors: Collection[Loc]) -> bool:
    return any(loc[: len(error)] == error for error in errors)
