"""What a Markdown body holds that the link check needs: its links and its headings' ids.

Kept apart from the check (:mod:`bodylinks`) because the load cache keeps these
facts per body text across rebuilds, and the load must not depend on the check
that reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from ..text.markdown import make_markdown


@dataclass(frozen=True)
class BodyLink:
    href: str  # as markdown-it normalised it (percent-encoded)
    line: int  # 0-based, within the body


@dataclass(frozen=True)
class BodyFacts:
    """A body's links and heading ids; ``anchors`` is ``None`` until some link needs them."""

    links: tuple[BodyLink, ...]
    anchors: frozenset[str] | None


NO_LINKS = BodyFacts((), None)


def _inline_where_needed(state: StateCore) -> None:
    """Core rule in place of markdown-it's ``inline``: only headings (for their ids) and text
    with a ``[`` (every kind of link has one) are parsed further; in a long body that is a
    few lines, and parsing the rest is most of the time a full parse takes."""
    previous = ""
    for token in state.tokens:
        if token.type == "inline":
            token.children = []
            if previous == "heading_open" or "[" in token.content:
                state.md.inline.parse(token.content, state.md, state.env, token.children)
        previous = token.type


def link_parser() -> MarkdownIt:
    """The pages' parser (same headings, same ids), reading only what links and anchors need."""
    md = make_markdown()
    md.core.ruler.at("inline", _inline_where_needed)
    return md


def parse_body(md: MarkdownIt, text: str) -> BodyFacts:
    """Links with their lines, and the ids the page gives its headings (same parser as the
    page, so the same ids)."""
    links: list[BodyLink] = []
    anchors: set[str] = set()
    for token in md.parse(text, {}):
        if token.type == "heading_open" and "id" in token.attrs:
            anchors.add(str(token.attrs["id"]))
        if token.type != "inline" or token.map is None or not token.children:
            continue
        line = token.map[0]
        for child in token.children:
            if child.type in {"softbreak", "hardbreak"}:
                line += 1
            elif child.type == "link_open":
                links.append(BodyLink(str(child.attrs.get("href", "")), line))
    return BodyFacts(tuple(links), frozenset(anchors))
