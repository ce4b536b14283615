"""YAML that remembers where every key stood, and refuses what editors never need.

PyYAML's safe loader silently keeps the last of two duplicate keys, expands
aliases (the "billion laughs" trap) and forgets line numbers once values are
built.  Editors need ``file:line`` for each problem, so we compose the node
graph ourselves and convert it, recording the line of every key and item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Tags a content file may use (implicitly): anything else is refused, not built.
_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)

#: A path into a parsed document: mapping keys and sequence indices.
Loc = tuple[str | int, ...]


class YamlProblem(Exception):
    """A YAML document that cannot be used, with the 1-based line at fault."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LocatedData:
    """Plain Python data plus the line where each location was written."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    columns: dict[Loc, int] = field(default_factory=dict)  # 1-based, where the key or item starts

    def line_of(self, loc: Loc, default: int = 1) -> int:
        """Line of the deepest known prefix of ``loc`` (a bad value inside a list
        item points at the item, a missing key at its parent)."""
        for end in range(len(loc), -1, -1):
            found = self.lines.get(loc[:end])
            if found is not None:
                return found
        return default

    def column_of(self, loc: Loc) -> int:
        """Column matching :meth:`line_of`'s choice of location (0 when unknown)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.columns.get(loc[:end], 0)
        return 0


_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases before anything is expanded."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlProblem(
                event.start_mark.line + 1,
                "YAML aliases (*name) are not allowed; write the value out",
            )
        return Composer.compose_node(self, parent, index)


def load_located(text: str, first_line: int = 1) -> LocatedData | None:
    """Parse one YAML document; ``None`` for an empty one.

    ``first_line`` is the file line where ``text`` begins, so a frontmatter
    block reports lines of the whole Markdown file.
    """
    offset = first_line - 1
    # libyaml parses ten times faster; without '&' or '*' no anchor or alias can be in
    # the text, and anything it finds wrong is parsed again for the usual messages.
    if _FAST_LOADER is not None and "&" not in text and "*" not in text:
        fast = _FAST_LOADER(text)
        try:
            node = fast.get_single_node()
            if node is None:
                return None
            located = LocatedData(None)
            located.data = _convert(fast, node, (), located, offset)
            return located
        except yaml.YAMLError:
            pass  # fall through to the pure-Python loader for an editor-friendly message
        finally:
            fast.dispose()
    try:
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character: the reader refuses the whole text
        line = text.count("\n", 0, max(exc.position, 0)) + first_line
        raise YamlProblem(line, f"invalid character {exc.character!r}; remove it") from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = (mark.line + 1 if mark else 1) + offset
            raise YamlProblem(line, _yaml_message(exc)) from None
        except yaml.YAMLError as exc:
            raise YamlProblem(first_line, f"invalid YAML: {exc}") from None
        except YamlProblem as exc:
            raise YamlProblem(exc.line + offset, exc.message) from None
        if node is None:
            return None
        located = LocatedData(None)
        located.data = _convert(loader, node, (), located, offset)
        return located
    finally:
        loader.dispose()


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "\t" in str(exc.problem_mark) or "found character '\\t'" in problem:
        return "invalid YAML: tab characters cannot indent YAML; use spaces"
    context = f" {exc.context}" if exc.context else ""
    return f"invalid YAML:{context} {problem}".replace("  ", " ")


def _convert(loader: Any, node: Node, loc: Loc, located: LocatedData, offset: int) -> Any:
    lines, columns = located.lines, located.columns
    line = node.start_mark.line + 1 + offset
    if node.tag not in _ALLOWED_TAGS:
        raise YamlProblem(line, f"YAML tag {node.tag} is not allowed")
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(key_line, "a key must be a plain word, not a list or mapping")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_line, "YAML merge keys (<<) are not allowed")
            key = str(_scalar(loader, key_node, offset))
            if key in result:
                first = lines[(*loc, key)]
                raise YamlProblem(key_line, f"duplicate key '{key}' (first given on line {first})")
            lines[(*loc, key)] = key_line
            columns[(*loc, key)] = key_node.start_mark.column + 1
            result[key] = _convert(loader, value_node, (*loc, key), located, offset)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1 + offset
            columns[(*loc, index)] = item.start_mark.column + 1
            items.append(_convert(loader, item, (*loc, index), located, offset))
        return items
    assert isinstance(node, ScalarNode)
    if loc not in lines:
        lines[loc], columns[loc] = line, node.start_mark.column + 1
    return _scalar(loader, node, offset)


def _scalar(loader: Any, node: ScalarNode, offset: int) -> Any:
    if node.tag not in _ALLOWED_TAGS:
        raise YamlProblem(node.start_mark.line + 1 + offset, f"YAML tag {node.tag} is not allowed")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        line = node.start_mark.line + 1 + offset
        raise YamlProblem(line, f"invalid value: {exc.problem}") from None
    except ValueError as exc:  # e.g. an impossible date such as 2020-02-30
        raise YamlProblem(node.start_mark.line + 1 + offset, f"invalid value: {exc}") from None
