"""The published data files, declared once: what each is, who makes it, what it shows.

The planner makes a spec of each entry, the data page lists them, and the DCAT-AP catalogue
(:mod:`.catalog`) describes each as a distribution with its size, so a new data file is one
entry in :func:`data_files` and appears in all three.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from .. import urls
from ..read.model import KINDS
from . import changes, opendata, tables
from .context import MemoTable
from .dependencies import ANY_ITEM, HISTORY
from .labels import DATA_TABLE_LABELS, N_
from .tables import Table
from .views import File, Gettext

if TYPE_CHECKING:
    from .context import PageContext

#: IANA's address of a media type, as DCAT-AP's ``dcat:mediaType`` wants it.
IANA = "https://www.iana.org/assignments/media-types/"
#: The EU Vocabularies' file types, for ``dct:format``.
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
RFC_4180 = "https://www.rfc-editor.org/rfc/rfc4180"
DATA_PACKAGE_STANDARD = "https://datapackage.org/standard/data-package/"


@dataclass(frozen=True)
class DataFile:
    """One published data file.  ``title`` and ``description`` are in the reader's language
    (the theme's catalogs); ``conforms_to`` are site paths (a schema the site publishes) or
    outside standards' addresses; ``depends_on`` are the dependency keys of what it shows."""

    url: str
    title: Callable[[Gettext], str]
    description: Callable[[Gettext], str]
    media_type: str  # IANA's name: "text/csv"
    file_type: str  # the EU file-type code: "CSV"
    make: Callable[[PageContext], File]
    depends_on: tuple[str, ...] = ()
    conforms_to: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[Callable[[str], DataFile], tuple[str]]:
        """Pickled (in the page specs a build keeps for the next) by its address: its lambdas
        cannot be, and :func:`data_files` declares the same entry under the same address."""
        return _declared, (self.url,)

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]


_VOCABULARY = N_("What the ids in the other tables stand for.")
_KIND = N_("One row per item: its facts, then its title, summary and address in each language.")
#: What a table holds, in the reader's language (its columns are in datapackage.json); any
#: table not named here holds one of the lists inside items.
_TABLE_WORDS = {
    "organisations": _VOCABULARY,
    "themes": _VOCABULARY,
    "items": N_("Every item whatever its kind: id, kind and title in each language."),
    **dict.fromkeys(KINDS, _KIND),
}
_LIST = N_("One row per entry of the items' lists, joined to its item by item_id.")


def _table(table: Table) -> DataFile:
    label = DATA_TABLE_LABELS[table.name]
    words = _TABLE_WORDS.get(table.name, _LIST)
    return DataFile(
        table.url,
        lambda _: f"{_(label)} (CSV)",
        lambda _: _(words),
        "text/csv",
        "CSV",
        partial(tables.csv_page, name=table.name),
        table.depends_on,
        (RFC_4180, urls.DATA_PACKAGE),  # the table's Table Schema is in datapackage.json
    )


def _declared(url: str) -> DataFile:
    return next(data_file for data_file in data_files() if data_file.url == url)


def data_files() -> list[DataFile]:
    """Every data file the site publishes, in the order the data page lists them."""
    return [
        DataFile(
            urls.DATA_JSON,
            lambda _: _("The whole register (JSON)"),
            lambda _: _("Every item's facts and both languages' texts, the organisations and the themes."),
            "application/json",
            "JSON",
            opendata.register_json_page,
            (ANY_ITEM,),
            (urls.DATA_SCHEMA,),
        ),
        DataFile(
            urls.DATA_SCHEMA,
            lambda _: _("Its JSON Schema"),
            lambda _: _("What register.json holds, key by key (JSON Schema 2020-12)."),
            "application/json",
            "JSON",
            lambda _planner: opendata.register_schema_page(),
        ),
        DataFile(
            urls.ITEM_SCHEMA,
            lambda _: _("The JSON Schema of an item's own file"),
            lambda _: _("What each item's index.json holds (JSON Schema 2020-12)."),
            "application/json",
            "JSON",
            lambda _planner: opendata.item_schema_page(),
        ),
        DataFile(
            urls.DATA_PACKAGE,
            lambda _: _("The tables described as a Data Package (datapackage.json)"),
            lambda _: _("Each table's columns, their types and keys (Frictionless Data Package 2)."),
            "application/json",
            "JSON",
            tables.datapackage_page,
            (),
            (DATA_PACKAGE_STANDARD,),
        ),
        *(_table(table) for table in tables.tables()),
        DataFile(
            urls.CHANGES_JSON,
            lambda _: _("The register's change log (changes.json)"),
            lambda _: _(
                "Every commit that changed the content, newest first, with the items it added, changed or removed."
            ),
            "application/json",
            "JSON",
            changes.changes_json,
            (HISTORY, ANY_ITEM),  # commits change it, and so does an item published or left out
        ),
    ]


def size(file: File) -> int:
    content = file.content
    return len(content) if isinstance(content, bytes) else sum(len(piece) for piece in content)


def _all_same(kept: tuple[object, ...], now: tuple[object, ...]) -> bool:
    return len(kept) == len(now) and all(map(operator.is_, kept, now))


#: Each data file's size in bytes, for the catalogue.  A file's spec records it when it makes
#: the file (the catalogue is planned after the files), so the catalogue makes a file again
#: only when it was not made in this process since what it shows last changed.  The
#: fingerprint is what the file shows: the items of its kind (the same objects while their
#: files are unchanged), or the whole rebuild's context for a file showing every item.
SIZES: MemoTable[str, tuple[object, ...], int] = MemoTable("data file sizes", saved=False, same=_all_same)


def _inputs(planner: PageContext, entry: DataFile) -> tuple[object, ...]:
    shown: list[object] = []
    for key in entry.depends_on:
        kind = key.removeprefix("kind:")
        if key.startswith("kind:") and kind in KINDS:
            shown += planner.register.of_kind(kind)
        else:  # anything else may change on any rebuild: this rebuild's own context
            shown.append(planner)
    return tuple(shown)


def made(planner: PageContext, entry: DataFile) -> File:
    """The file, its size noted for the catalogue."""
    file = entry.make(planner)
    planner.memo.get_or_make(SIZES, entry.url, _inputs(planner, entry), partial(size, file))
    return file


def size_of(planner: PageContext, entry: DataFile) -> int:
    """The file's size as published: noted when it was made, else made again to measure."""
    return planner.memo.get_or_make(SIZES, entry.url, _inputs(planner, entry), lambda: size(entry.make(planner)))
