"""Add the UI strings the code and templates use to the default theme's catalogs.

Run after adding a ``_("…")`` or ``N_("…")``: new messages appear with an
empty ``msgstr`` for a translator to fill; existing translations are kept.
``tests/test_i18n.py`` fails while any message lacks a translation.

    .venv/bin/python scripts/sync_catalogs.py
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "themes/default/locales"
# The bilingual 404 page calls each language's catalog by name rather than through _().
CALLED_BY_NAME = ("Page not found", "The page you were looking for does not exist or has moved.")


def used_messages() -> list[str]:
    method_map = [("generator/**.py", "python"), ("themes/default/templates/**.html", "jinja2")]
    options = {"themes/default/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found: dict[str, None] = {}
    for _, _, message, _, _ in extract_from_dir(
        str(REPO), method_map, options_map=options, keywords={"_": None, "N_": None}
    ):
        found[message if isinstance(message, str) else message[0]] = None
    found.update(dict.fromkeys(CALLED_BY_NAME))
    return list(found)


def main() -> None:
    messages = used_messages()
    for po_path in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        added = [m for m in messages if m not in catalog]
        for message in added:
            catalog.add(message, "")
        with po_path.open("wb") as handle:
            write_po(handle, catalog, no_location=True, width=100, sort_output=False)
        print(f"{po_path.relative_to(REPO)}: {len(added)} new message(s)")


if __name__ == "__main__":
    main()
