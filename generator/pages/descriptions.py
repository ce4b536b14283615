"""Meta descriptions: what a search result or a shared link says about a page.

Search engines show about 160 characters and cut longer text mid-word, so every
description is cut here instead, at a word, with an ellipsis.  The page families
write their own sentences (in the page's language, from the theme's catalogs); this
module only shortens them and finds a plain-text paragraph in a Markdown body.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markdown_it import MarkdownIt

from .labels import N_
from .views import Gettext

LIMIT = 160
ELLIPSIS = "\u2026"
IN_ALL = N_("%(count)d in all")
AND = N_("%(first)s and %(last)s")

_PARSER = MarkdownIt("commonmark")


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` on one line, and when longer than ``limit`` the words that fit before an
    ellipsis (a single word longer than that is cut where it must be)."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    head = words[: limit - len(ELLIPSIS)]
    if words[len(head)] != " " and " " in head:  # the cut fell inside a word: leave it out
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:.\u2013-") + ELLIPSIS


def first_paragraph(markdown: str) -> str:
    """The text of a body's first paragraph (not one in a list or a quote), without markup:
    what a reader sees first when the item has no summary to describe it."""
    tokens = _PARSER.parse(markdown)
    for token, following in itertools.pairwise(tokens):
        if token.type == "paragraph_open" and token.level == 0 and following.type == "inline":
            words = [
                child.content if child.type in {"text", "code_inline"} else " "
                for child in following.children or []
                if child.type in {"text", "code_inline", "softbreak", "hardbreak"}
            ]
            text = " ".join("".join(words).split())
            if text:
                return text
    return ""


def in_all(_: Gettext, count: int) -> str:
    """ "12 in all": a count that needs no plural form of the word it counts."""
    return _(IN_ALL) % {"count": count}


def joined(_: Gettext, parts: Sequence[str]) -> str:
    """ "a, b and c" in the page's language."""
    if len(parts) < 2:
        return "".join(parts)
    return _(AND) % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
