"""Open data as tables: CSV files described by a Frictionless Data Package.

Every table is flat: a cell holds one value, never a list or JSON.  An item's scalar facts
make its row in its kind's table (``projects.csv``; a term or a budget becomes columns such
as ``term_start``), and each list inside an item gets a table of its own with a row per
entry (``people.csv``: ``item_id``, ``position``, then the entry's fields), so that a
spreadsheet or a database joins them on ``item_id`` without parsing anything.  A
translated value is a column per language (``title_fi``, ``title_sv``), empty where that
language's file does not give it.

The columns, their types and enumerations, which are required and which name an
organisation, a theme or another item (foreign keys) are read from the same pydantic
models and field markers editors' files are checked against (:mod:`read.schema`), so the
tables and ``datapackage.json``'s Table Schemas cannot drift from the content model.
The spec's titles and descriptions are plain strings, one language each: a table's title
is the data page's words for it in Finnish and Swedish side by side, and the columns'
descriptions are the models' own (English, the language data tools and the spec speak).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .. import urls
from ..read.model import KINDS, LANGS, Item
from ..read.schema import (
    ID_PATTERN,
    MODELS,
    ItemRef,
    Milestone,
    Organisation,
    OrganisationRef,
    PerFile,
    Theme,
    ThemeRef,
    has_marker,
    is_translatable,
    key_of,
    nested_model,
    suggest_id,
)
from .context import MemoTable
from .dependencies import FACTS, kind_key
from .labels import DATA_TABLE_LABELS
from .opendata import inline_refs
from .views import File, Gettext

if TYPE_CHECKING:
    from ..read.settings import Settings
    from .context import PageContext

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish"}

#: A list of ids that only says which: one row per id (duplicates written twice count once),
#: the table and the column the id goes in.  Any other list keeps each entry's position.
_SET_TABLES = {"themes": ("item_themes", "theme"), "related": ("related", "related_id")}
#: Lists of plain values that keep their order: the table and the column of the value.
_LIST_TABLES = {"case_numbers": ("case_numbers", "case_number"), "tags": ("tags", "tag")}


@dataclass(frozen=True)
class Column:
    """A Table Schema field."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    format: str | None = None
    minimum: int | None = None

    def schema(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            described["format"] = self.format
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class Slot:
    """A column and where its cell comes from: ``path`` of field names from an item's (or an
    entry's) model; ``lang`` for a translated value, read from that language's file."""

    column: Column
    path: tuple[str, ...]
    lang: str | None = None
    convert: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    referenced: tuple[str, ...] = ("id",)

    def schema(self) -> dict[str, Any]:
        return {"fields": list(self.columns), "reference": {"resource": self.table, "fields": list(self.referenced)}}


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns, keys, what it is about, and what its rows depend on."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    depends_on: tuple[str, ...] = field(default=(), compare=False)

    @property
    def url(self) -> str:
        return urls.data_csv(self.name)

    def resource(self, title: str) -> dict[str, Any]:
        """The table's Data Package resource, path relative to ``datapackage.json``."""
        return {
            "name": self.name,
            "title": title,
            "type": "table",
            "path": f"{self.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": self.description,
            "dialect": {
                "$schema": DIALECT_PROFILE,
                "header": True,
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": '"',
                "doubleQuote": True,
            },
            "schema": {
                "$schema": TABLE_SCHEMA_PROFILE,
                "fields": [column.schema() for column in self.columns],
                "missingValues": [""],
                "primaryKey": list(self.primary_key),
                "foreignKeys": [key.schema() for key in self.foreign_keys],
            },
        }


# --- Columns from the models ----------------------------------------------------------------


@functools.cache
def _properties(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema properties, ``$ref``s resolved."""
    full = model.model_json_schema()
    properties: dict[str, Any] = inline_refs(full["properties"], full.get("$defs", {}), own_words=True)
    return properties


def _plain(prop: dict[str, Any]) -> dict[str, Any]:
    """The property without its ``null`` alternative: a missing value is an empty cell."""
    variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
    if len(variants) == 1:
        return {**prop, **variants[0]} if "anyOf" in prop else prop
    if all(v.get("type") in ("integer", "number") for v in variants):
        return {**prop, "type": "number"}
    return prop


def _is_list(model: type[BaseModel], name: str) -> bool:
    return _plain(_properties(model)[key_of(model, name)]).get("type") == "array"


def _column(model: type[BaseModel], name: str, column: str, required: bool, lang: str | None = None) -> Column:
    """A field's column, typed from its JSON Schema: dates, numbers, enumerations, patterns."""
    prop = _plain(_properties(model)[key_of(model, name)])
    if prop.get("type") == "array":
        prop = _plain(prop["items"])
    description = prop.get("description") or model.model_fields[name].description or ""
    if lang:
        language = LANGUAGE_NAMES[lang]
        own = description.replace("in this file's language", f"in {language}")
        description = own if own != description else f"{description} In {language}.".lstrip()
    kind = {"integer": "integer", "number": "number", "boolean": "boolean"}.get(prop.get("type", ""), "string")
    if prop.get("format") == "date":
        kind = "date"
    enum = tuple(prop["enum"]) if "enum" in prop else (prop["const"],) if "const" in prop else ()
    pattern: str | None = prop.get("pattern")
    text_format = None
    if pattern == "^https?://":
        pattern, text_format = None, "uri"
    elif pattern is not None:
        pattern = _whole_value(pattern)
    minimum = prop.get("minimum", prop.get("ge"))
    return Column(column, kind, description, required, enum, pattern, text_format, minimum)


def _whole_value(pattern: str) -> str:
    """Table Schema patterns match the whole value and are XML Schema expressions: no
    anchors, no ``(?: … )``."""
    return pattern.removeprefix("^").removesuffix("$").replace("(?:", "(")


def _required(model: type[BaseModel], name: str) -> bool:
    return model.model_fields[name].is_required()


def _reached(value: Any) -> Any:
    return value if isinstance(value, dt.date) else None


def _not_reached(value: Any) -> Any:
    return None if value is None else value is False


def _slots(model: type[BaseModel], required: bool = True, prefix: str = "", path: tuple[str, ...] = ()) -> list[Slot]:
    """The scalar fields of ``model`` as columns: nested models flattened (``term_start``),
    lists left to their own tables; neutral ones first, then each language's text."""
    neutral: list[Slot] = []
    translated: list[Slot] = []
    for name in model.model_fields:
        if has_marker(model, name, PerFile) or _is_list(model, name):
            continue
        column = prefix + key_of(model, name)
        inner = nested_model(model, name)
        needed = required and _required(model, name)
        if inner is not None:
            for slot in _slots(inner, needed, f"{column}_", (*path, name)):
                (translated if slot.lang else neutral).append(slot)
        elif is_translatable(model, name):
            for lang in LANGS:
                translated.append(Slot(_column(model, name, f"{column}_{lang}", False, lang), (*path, name), lang))
        elif model is Milestone and name == "reached":
            # A day, false ("not yet"), or not said: a date column and a yes/no column.
            reached = "The day it was reached, YYYY-MM-DD; empty while it is not, or when the file does not say."
            neutral.append(Slot(Column("reached", "date", reached), (name,), None, _reached))
            said = "true where the file says reached: false (still planned), false where it gives the day."
            neutral.append(Slot(Column("not_reached", "boolean", said), (name,), None, _not_reached))
        else:
            neutral.append(Slot(_column(model, name, column, needed), (*path, name)))
    return neutral + sorted(translated, key=lambda slot: LANGS.index(slot.lang or LANGS[0]))


def _references(model: type[BaseModel], slots: list[Slot]) -> list[ForeignKey]:
    """Columns naming an organisation, a theme or an item: foreign keys to their tables."""
    keys: list[ForeignKey] = []
    for slot in slots:
        if len(slot.path) != 1 or slot.lang:
            continue
        name = slot.path[0]
        for marker, table in ((OrganisationRef, "organisations"), (ThemeRef, "themes"), (ItemRef, "items")):
            if has_marker(model, name, marker):
                keys.append(ForeignKey((slot.column.name,), table))
                break
    return keys


ITEM_ID = Column("item_id", "string", "The id of the item the row belongs to (items.csv).", True)
POSITION = Column("position", "integer", "The entry's place in the item's list, from 1.", True, minimum=1)
ID = Column(
    "id",
    "string",
    "The item's id, the last part of its page addresses.",
    True,
    pattern=_whole_value(ID_PATTERN.pattern),
)


def _url_columns() -> list[Slot]:
    return [
        Slot(
            Column(f"url_{lang}", "string", f"The item's page in {LANGUAGE_NAMES[lang]}.", True, format="uri"), (), lang
        )
        for lang in LANGS
    ]


def _title_slots() -> list[Slot]:
    return [
        Slot(Column(f"title_{lang}", "string", f"Title in {LANGUAGE_NAMES[lang]}."), ("title",), lang) for lang in LANGS
    ]


@dataclass(frozen=True)
class _Layout:
    """A table and how an item fills it: the slots of a row, and the list field (if any) whose
    entries are the rows."""

    table: Table
    slots: tuple[Slot, ...]
    list_field: str | None = None
    kind: str | None = None


def _kind_layout(kind: str) -> _Layout:
    model = MODELS[kind]
    slots = _slots(model)
    neutral = [s for s in slots if not s.lang]
    translated = [s for s in slots if s.lang]
    per_lang = [slot for lang in LANGS for slot in [*translated, *_url_columns()] if slot.lang == lang]
    row = [Slot(ID, ()), *neutral, *per_lang]
    keys = (ForeignKey(("id",), "items"), *_references(model, neutral))
    description = f"One row per item of the kind {kind}: its facts, then its text and page in each language."
    table = Table(kind, description, tuple(s.column for s in row), ("id",), keys, (kind_key(kind),))
    return _Layout(table, tuple(row), kind=kind)


def _list_layouts() -> list[_Layout]:
    """A table per list field of the items (people, milestones, …), one row per entry."""
    layouts: dict[str, _Layout] = {}
    for kind in KINDS:
        model = MODELS[kind]
        for name in model.model_fields:
            if has_marker(model, name, PerFile) or not _is_list(model, name):
                continue
            key = key_of(model, name)
            inner = nested_model(model, name)
            if inner is not None:
                table_name = key
                slots = _slots(inner)
                row = [Slot(ITEM_ID, ()), Slot(POSITION, ()), *slots]
                keys = (ForeignKey(("item_id",), "items"), *_references(inner, slots))
                primary: tuple[str, ...] = ("item_id", "position")
                description = f"The items' {key}: one row per entry, in the order the item lists them."
            elif key in _SET_TABLES:
                table_name, value_name = _SET_TABLES[key]
                value = _column(model, name, value_name, True)
                row = [Slot(ITEM_ID, ()), Slot(value, ())]
                target = "themes" if has_marker(model, name, ThemeRef) else "items"
                keys = (ForeignKey(("item_id",), "items"), ForeignKey((value_name,), target))
                primary = ("item_id", value_name)
                description = f"The items' {key}: one row per item and {target[:-1]} it names."
            else:
                table_name, value_name = _LIST_TABLES.get(key, (key, "value"))
                value = _column(model, name, value_name, True)
                keys = (ForeignKey(("item_id",), "items"),)
                if is_translatable(model, name):
                    lang = Column("lang", "string", "The language of the file that gives it.", True, tuple(LANGS))
                    row = [Slot(ITEM_ID, ()), Slot(lang, ()), Slot(POSITION, ()), Slot(value, ())]
                    primary = ("item_id", "lang", "position")
                    description = f"The items' {key}, each language's own: one row per entry."
                else:
                    row = [Slot(ITEM_ID, ()), Slot(POSITION, ()), Slot(value, ())]
                    primary = ("item_id", "position")
                    description = f"The items' {key}: one row per entry, in the order the item lists them."
            if table_name not in layouts:
                table = Table(table_name, description, tuple(s.column for s in row), primary, keys, (FACTS,))
                layouts[table_name] = _Layout(table, tuple(row), name)
    known = list(urls.DATA_TABLES)
    return sorted(layouts.values(), key=lambda layout: known.index(layout.table.name))


def _vocabulary_layout(model: type[BaseModel], name: str, description: str) -> _Layout:
    slots = _slots(model)
    columns = tuple(
        slot.column
        if slot.column.description
        else Column(
            slot.column.name,
            slot.column.type,
            _VOCABULARY_WORDS.get(slot.column.name, slot.column.name.replace("_", " ").capitalize() + "."),
            slot.column.required,
            slot.column.enum,
            slot.column.pattern,
            slot.column.format,
            slot.column.minimum,
        )
        for slot in slots
    )
    return _Layout(Table(name, description, columns, ("id",), ()), tuple(slots))


_VOCABULARY_WORDS = {
    "id": "The id items use to name it.",
    "name_fi": "Name in Finnish.",
    "name_sv": "Name in Swedish.",
    "abbreviation_fi": "Abbreviation in Finnish.",
    "abbreviation_sv": "Abbreviation in Swedish.",
    "website": "Its web site.",
    "label_fi": "The theme's name in Finnish.",
    "label_sv": "The theme's name in Swedish.",
    "yso": "The matching concept of the General Finnish Ontology (YSO).",
    "description_fi": "What the theme covers, in Finnish.",
    "description_sv": "What the theme covers, in Swedish.",
}


def _items_layout() -> _Layout:
    kind = Column("kind", "string", "The item's kind, and so its table.", True, tuple(KINDS))
    row = [Slot(ID, ()), Slot(kind, ()), *_title_slots(), *_url_columns()]
    description = "Every item of the register, whatever its kind: the table the other tables' item ids refer to."
    return _Layout(Table("items", description, tuple(s.column for s in row), ("id",), (), (FACTS,)), tuple(row))


@functools.cache
def layouts() -> tuple[_Layout, ...]:
    """Every table, in the order ``datapackage.json`` lists them."""
    return (
        _vocabulary_layout(Organisation, "organisations", "The organisations items name (organisations.yaml)."),
        _vocabulary_layout(Theme, "themes", "The register's themes (themes.yaml)."),
        _items_layout(),
        *(_kind_layout(kind) for kind in KINDS),
        *_list_layouts(),
    )


def tables() -> list[Table]:
    return [layout.table for layout in layouts()]


# --- Rows -----------------------------------------------------------------------------------

#: Each item's rows in every table, encoded, kept between rebuilds: an edit re-makes one item's
#: rows, and a table is its header and the kept bytes.  The rows show the item only, which stays
#: the same object while its file is unchanged.
ITEM_ROWS: MemoTable[str, Item, dict[str, bytes]] = MemoTable("table rows", saved=True, same=operator.is_)

# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return
# can hide one after them), so register text could run as a formula on a reader's machine.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(text: str) -> str:
    """OWASP's CSV-injection advice: a leading ``'`` makes the cell text. Only the CSV gets
    this; the JSON is for programs and keeps the text as written. No number column can be
    negative (sums of money are at least 0; dates are ISO), so no value loses its meaning."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _spreadsheet_safe(str(value))


def _walk(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def _entries_in(item: Item, name: str, lang: str) -> list[Any] | None:
    """A language file's own entries of a list, ``None`` when it took the list from the other
    file (their translated parts are the other language's text, not this one's)."""
    version = item.versions.get(lang)
    if version is None or key_of(MODELS[item.kind], name) in version.inherited:
        return None
    entries: list[Any] = getattr(version.data, name)
    return entries


def _cells(
    slots: tuple[Slot, ...],
    neutral: Any,
    texts: dict[str, Any],
    extra: dict[str, str],
    inherited: dict[str, frozenset[str]] | None = None,
) -> list[str]:
    """A row: ``extra`` cells by column name, the others read from ``neutral`` (the facts) or
    ``texts`` (each language's own); a value a file took from the other (``inherited``, by
    key) is not that language's text."""
    row: list[str] = []
    for slot in slots:
        if slot.column.name in extra:
            row.append(extra[slot.column.name])
            continue
        if slot.lang and inherited and slot.path and slot.path[0] in inherited.get(slot.lang, ()):
            value = None
        else:
            value = _walk(texts.get(slot.lang), slot.path) if slot.lang else _walk(neutral, slot.path)
        row.append(_text(slot.convert(value) if slot.convert else value))
    return row


def _item_rows(base_url: str, item: Item) -> dict[str, bytes]:
    """The item's rows in each table it has rows in, as CSV records."""
    rows: dict[str, list[list[str]]] = {}
    data = item.data
    texts = {lang: version.data for lang, version in item.versions.items()}
    model = MODELS[item.kind]
    # Field names of the keys each file took from the other (a budget, say, with its note).
    inherited = {
        lang: frozenset(name for name in model.model_fields if key_of(model, name) in version.inherited)
        for lang, version in item.versions.items()
    }
    page = {
        "id": item.id,
        **{f"url_{lang}": urls.absolute(base_url, urls.item(lang, item.kind, item.id)) for lang in LANGS},
    }
    for layout in layouts():
        table = layout.table
        if table.name == "items":
            rows["items"] = [_cells(layout.slots, data, texts, {"kind": item.kind, **page}, inherited)]
        elif layout.kind == item.kind:
            rows[table.name] = [_cells(layout.slots, data, texts, page, inherited)]
        elif layout.list_field is not None and layout.list_field in type(data).model_fields:
            rows[table.name] = list(_list_rows(layout, item))
    return {name: _records(records) for name, records in rows.items() if records}


def _list_rows(layout: _Layout, item: Item) -> Iterator[list[str]]:
    name = layout.list_field
    assert name is not None
    table = layout.table
    entries: list[Any] = getattr(item.data, name)
    if table.name in {pair[0] for pair in _SET_TABLES.values()}:
        for value in sorted(dict.fromkeys(entries)):
            yield [item.id, _text(value)]
        return
    if "lang" in table.primary_key:
        for lang in LANGS:
            for position, value in enumerate(_entries_in(item, name, lang) or [], 1):
                yield [item.id, lang, str(position), _text(value)]
        return
    if nested_model(type(item.data), name) is None:
        for position, value in enumerate(entries, 1):
            yield [item.id, str(position), _text(value)]
        return
    own = {lang: _entries_in(item, name, lang) for lang in LANGS}
    for index, entry in enumerate(entries):
        texts = {lang: listed[index] for lang, listed in own.items() if listed is not None and index < len(listed)}
        yield _cells(layout.slots, entry, texts, {"item_id": item.id, "position": str(index + 1)})


def _vocabulary_rows(layout: _Layout, entries: list[BaseModel]) -> Iterator[list[str]]:
    for entry in entries:
        yield _cells(layout.slots, entry, {}, {})


def _records(rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with CRLF line ends, as RFC 4180 has it (and spreadsheets expect)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _csv(table: Table, rows: Iterable[list[str]]) -> bytes:
    """The table with its header row, which names the columns."""
    return _records([[column.name for column in table.columns], *rows])


def csv_page(planner: PageContext, name: str) -> File:
    """One table: items sorted by id (ids are unique across kinds), each item's rows in its
    list's order, so that the same register always gives the same bytes."""
    layout = next(layout for layout in layouts() if layout.table.name == name)
    register = planner.register
    if name == "organisations":
        return File(layout.table.url, _csv(layout.table, _vocabulary_rows(layout, _by_id(register.organisations))))
    if name == "themes":
        return File(layout.table.url, _csv(layout.table, _vocabulary_rows(layout, _by_id(register.themes))))
    base = planner.settings.base_url
    items = register.of_kind(layout.kind) if layout.kind else register.items.values()

    pieces = [_csv(layout.table, [])]
    for item in sorted(items, key=lambda i: i.id):
        made = planner.memo.get_or_make(ITEM_ROWS, item.id, item, partial(_item_rows, base, item))
        if name in made:
            pieces.append(made[name])
    return File(layout.table.url, b"".join(pieces))


def _by_id(entries: dict[str, Any]) -> list[BaseModel]:
    return [entries[key] for key in sorted(entries)]


def datapackage(settings: Settings, gettexts: Mapping[str, Gettext]) -> dict[str, Any]:
    """The Data Package (v2) describing every table; the same for every register of these
    settings and theme, so it changes only with them (and with rekisteri's content model).

    Titles are the data page's words in Finnish and Swedish, one after the other: the spec's
    titles are plain strings.  Descriptions are English (see the module's doc)."""
    base = settings.base_url
    title = " – ".join(dict.fromkeys(settings.title.for_lang(lang) for lang in LANGS))
    license_ = settings.license
    return {
        "$schema": PACKAGE_PROFILE,
        "name": suggest_id(settings.title.for_lang(LANGS[0])),
        "id": urls.absolute(base, urls.DATA_PACKAGE),
        "title": title,
        "description": (
            "The register as tables: one per kind of item, the lists inside items (people, milestones, "
            "documents, …) in tables of their own, joined on item_id; organisations and themes as "
            "vocabularies. Text is given in Finnish and Swedish (columns ending _fi and _sv)."
        ),
        "homepage": urls.absolute(base, urls.data_page(LANGS[0])),
        "licenses": [{"name": license_.id, "path": license_.url, "title": license_.title}],
        "resources": [table.resource(_title(table.name, gettexts)) for table in tables()],
    }


def _title(name: str, gettexts: Mapping[str, Gettext]) -> str:
    label = DATA_TABLE_LABELS[name]
    return " – ".join(dict.fromkeys(gettexts[lang](label) for lang in LANGS))


def datapackage_page(planner: PageContext) -> File:
    described = datapackage(planner.settings, planner.gettexts)
    return File(urls.DATA_PACKAGE, (json.dumps(described, ensure_ascii=False, indent=1) + "\n").encode())
