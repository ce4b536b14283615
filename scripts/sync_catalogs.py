"""Add the messages the code and templates use to their catalogs.

Two sets: the public site's words (``_("…")``/``N_("…")`` in ``generator/pages`` and the
templates) go to the default theme's catalogs; the words rekisteri says to editors
(``_e``, ``_ne``, ``N_e``, and argparse's own) go to ``generator/locales``, one catalog per
stage folder.  Run after adding a message: new ones appear with an empty ``msgstr`` for a
translator to fill; existing translations are kept.  ``tests/text/test_i18n.py`` and
``tests/text/test_editor_language.py`` fail while any message lacks a translation.

    .venv/bin/python scripts/sync_catalogs.py
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.text.editor_catalog import used_messages as editor_messages

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
    sync_editor_catalogs()


EDITOR_LOCALES = REPO / "generator" / "locales"
HEADER = "# What rekisteri says to editors and translators. Add messages with scripts/sync_catalogs.py."


def sync_editor_catalogs() -> None:
    """Each new editor message into its stage's catalog, in Finnish and Swedish."""
    messages = editor_messages()
    for lang in ("fi", "sv"):
        folder = EDITOR_LOCALES / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        known: set[str] = set()
        catalogs: dict[str, Catalog] = {}
        for po_path in sorted(folder.glob("*.po")):
            with po_path.open("rb") as handle:
                catalogs[po_path.stem] = read_po(handle, locale=lang)
            known |= {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs[po_path.stem] if m.id}
        added: dict[str, int] = {}
        for message, domain in messages.items():
            key = message if isinstance(message, str) else message[0]
            if key in known:
                continue
            catalog = catalogs.setdefault(
                domain, Catalog(locale=lang, project="rekisteri", fuzzy=False, header_comment=HEADER)
            )
            catalog.add(message, "" if isinstance(message, str) else ("", ""))
            added[domain] = added.get(domain, 0) + 1
        for domain, catalog in catalogs.items():
            if domain in added:
                with (folder / f"{domain}.po").open("wb") as handle:
                    write_po(handle, catalog, no_location=True, width=100, sort_output=False)
                print(f"generator/locales/{lang}/LC_MESSAGES/{domain}.po: {added[domain]} new message(s)")


if __name__ == "__main__":
    main()
