"""The stand-in texts ``rekisteri new`` writes, and finding them left in a file.

A scaffold validates as it stands (so an editor can preview it at once), which
also means a forgotten "Kirjoita tähän." would publish without complaint.  The
texts live here, in one place, so the scaffold writes exactly what the check
looks for; a draft may keep them, a published file may not.  Each language's file gets
its own language's stand-ins, and the check knows them all: a Swedish "Skriv här." left in a
Finnish file is caught too.  They are content, not messages: a table per language rather
than the editor catalogs, so that a reworded translation can never hide an old file's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..text.editor import N_e

WRITE_HERE = {"fi": "Kirjoita tähän.", "sv": "Skriv här."}
# Instructions rather than names: "Uusi verkosto" (new network) could be a real title.
TITLE = {
    ("projects", "fi"): "Hankkeen nimi tähän",
    ("projects", "sv"): "Projektets namn här",
    ("meetings", "fi"): "Kokouksen nimi tähän",
    ("meetings", "sv"): "Mötets namn här",
    ("networks", "fi"): "Verkoston nimi tähän",
    ("networks", "sv"): "Nätverkets namn här",
}
SUMMARY = {
    "fi": "Yksi tai kaksi virkettä, jotka kertovat mistä on kyse.",
    "sv": "En eller två meningar om vad det gäller.",
}
PERSON = {"fi": "Etunimi Sukunimi", "sv": "Förnamn Efternamn"}
PROJECT_NUMBER_PREFIX = "XX000:00/"  # followed by the year; a valid number, which is the trouble
#: The commented examples' contact details and addresses: valid, so an example uncommented
#: as it stands would pass every other check.
PHONE = "050 000 0000"
EMAIL = {"fi": "etunimi.sukunimi@example.fi", "sv": "fornamn.efternamn@example.fi"}
HREF = {"fi": "https://example.fi/asiakirja.pdf", "sv": "https://example.fi/dokument.pdf"}
WEBSITE = "https://example.fi/"

_TEXTS = frozenset(
    [
        *WRITE_HERE.values(),
        *TITLE.values(),
        *SUMMARY.values(),
        *PERSON.values(),
        PHONE,
        *EMAIL.values(),
        *HREF.values(),
        WEBSITE,
    ]
)
_NUMBER = re.compile(rf"^{re.escape(PROJECT_NUMBER_PREFIX)}\d{{4}}$")

#: Said with ``_e(MESSAGE)`` where a stand-in is found; CODE is the diagnostic's code.
MESSAGE = N_e("still the placeholder from 'rekisteri new'; write the real value or keep 'draft: true'")
CODE = "placeholder"


def in_frontmatter(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every frontmatter value (at any depth) that is one of the scaffold's stand-ins."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from in_frontmatter(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from in_frontmatter(value, (*loc, index))
    elif isinstance(data, str) and (data.strip() in _TEXTS or _NUMBER.match(data.strip())):
        yield loc, data.strip()


def in_body(body: str) -> Iterator[int]:
    """Offsets (0-based) of the body lines that still hold a "write here" stand-in."""
    if not any(text in body for text in WRITE_HERE.values()):  # nearly every body: one scan, no lines
        return
    for offset, line in enumerate(body.split("\n")):
        if any(text in line for text in WRITE_HERE.values()):
            yield offset
