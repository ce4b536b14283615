"""Which editor messages exist: the ones the code marks, and argparse's own that people see.

Shared by ``scripts/sync_catalogs.py``, which adds new messages to the catalogs, and the
test that fails while any lacks a Finnish or Swedish translation.  Each message belongs to
the catalog of the module that first says it (``read.problems.po``, ``cli.po``…), so the
catalogs stay small and people working on different modules do not edit the same file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {"_e": None, "_ne": (1, 2), "N_e": None}
#: argparse's messages that reach a person (its others are programming errors).
ARGPARSE_SHOWN = (
    "usage: ",
    "argument %(argument_name)s: %(message)s",
    "positional arguments",
    "options",
    "show this help message and exit",
    "unrecognized arguments: %s",
    "not allowed with argument %s",
    "ignored explicit argument %r",
    "the following arguments are required: %s",
    "one of the arguments %s is required",
    "expected one argument",
    "expected at most one argument",
    "expected at least one argument",
    "expected %s argument",
    "ambiguous option: %(option)s could match %(matches)s",
    "unexpected option string: %s",
    "invalid %(type)s value: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "%(prog)s: error: %(message)s\n",
)


def used_messages() -> dict[str | tuple[str, str], str]:
    """Every message id (a plural as its singular and plural) → the catalog it belongs to."""
    found: dict[str | tuple[str, str], str] = {}
    for filename, _, message, _, _ in sorted(extract_from_dir(str(PACKAGE), [("**.py", "python")], keywords=KEYWORDS)):
        domain = ".".join(Path(filename).with_suffix("").parts)
        found.setdefault(message if isinstance(message, str) else (message[0], message[1]), domain)
    for _, message, _, _ in extract_from_file("python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}):
        key = message[0] if isinstance(message, tuple) else message
        if key in ARGPARSE_SHOWN:
            found.setdefault(message if isinstance(message, str) else (message[0], message[1]), "cli")
    return found
