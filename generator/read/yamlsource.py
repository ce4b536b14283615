"""YAML that remembers where every key stood, and refuses what editors never need.

PyYAML's safe loader silently keeps the last of two duplicate keys, expands
aliases (the "billion laughs" trap) and forgets line numbers once values are
built.  Editors need ``file:line`` for each problem, so we compose the node
graph ourselves and convert it, recording the line of every key and item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..text.editor import N_e, _e

#: Tags a content file may use (implicitly): anything else is refused, not built.
_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)

#: A path into a parsed document: mapping keys and sequence indices.
Loc = tuple[str | int, ...]


class YamlProblem(Exception):
    """A YAML document that cannot be used, with the 1-based line at fault, the message in the
    editor's language and its code (``yaml-syntax``, ``duplicate-key``…) for the diagnostic."""

    def __init__(self, line: int, message: str, field: str = "", code: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field
        self.code = code


@dataclass
class LocatedData:
    """Plain Python data plus the line where each location was written."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    columns: dict[Loc, int] = field(default_factory=dict)  # 1-based, where the key or item starts
    #: Unquoted text values that a `` #`` cut short: YAML reads the rest as a comment.
    cut_by_comment: list[tuple[Loc, int]] = field(default_factory=list)  # with the line of the '#'

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
                _e("YAML aliases (*name) are not allowed; write the value out"),
                code="yaml-alias",
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
            located.data = _convert(fast, node, (), located, offset, text.split("\n"))
            return located
        except yaml.YAMLError:
            pass  # fall through to the pure-Python loader for an editor-friendly message
        finally:
            fast.dispose()
    try:
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character: the reader refuses the whole text
        line = text.count("\n", 0, max(exc.position, 0)) + first_line
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        message = _e("an invisible control character (U+{code:04X}) is in the text; remove it").format(code=code)
        raise YamlProblem(line, message, code="control-character") from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            line, message, key = _yaml_message(exc, text.split("\n"))
            raise YamlProblem(line + offset, message, key) from None
        except yaml.YAMLError:
            raise YamlProblem(first_line, _e(_UNKNOWN_SYNTAX)) from None
        except YamlProblem as exc:
            raise YamlProblem(exc.line + offset, exc.message, code=exc.code) from None
        if node is None:
            return None
        located = LocatedData(None)
        located.data = _convert(loader, node, (), located, offset, text.split("\n"))
        return located
    finally:
        loader.dispose()


_UNKNOWN_SYNTAX = N_e("invalid YAML: check the quotes, brackets and indentation on this line and the one above")
_UNCLOSED_QUOTE = N_e("invalid YAML: the quote opened on this line is not closed; end the value with the same quote")
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"\[\]{}][^:#]*?):\s+(.*\S)\s*$")


def _yaml_message(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str, str]:
    """PyYAML's parser states ("mapping values are not allowed here") in the editor's terms:
    what is wrong on which line, and what to write instead.  Returns (line, message, field);
    the message is in the editor's language."""
    problem, context = exc.problem or "", exc.context or ""
    at = exc.problem_mark or exc.context_mark
    opened = exc.context_mark or exc.problem_mark
    line = at.line + 1 if at else 1
    start = opened.line + 1 if opened else line
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    unclosed = _unclosed_quote(lines, line)
    if unclosed and not problem.startswith("found character '\\t'"):
        # An unclosed quote swallows the lines below it up to the next quote character, and
        # PyYAML complains only where that runs into trouble: blame the quote.
        return unclosed, _e(_UNCLOSED_QUOTE), ""
    if "\t" in problem or (at and "\t" in text[: at.column + 1] and "cannot start any token" in problem):
        return line, _e("invalid YAML: tab characters cannot indent YAML; use spaces"), ""
    if problem.startswith("mapping values are not allowed"):
        written = _KEY_VALUE.match(text)
        if written and ": " in written.group(2) + " ":
            key, value = written.group(1).strip(), written.group(2)
            quoted = value.replace('"', '\\"')
            message = _e("the value contains ': ', which YAML reads as a new key; put it in quotes: \"{quoted}\"")
            return line, message.format(quoted=quoted), key
        return (
            line,
            _e(
                "invalid YAML: this line is indented more than the key above it, or a value holds ': '; "
                "start each key in the same column, and put a value containing ': ' in quotes"
            ),
            "",
        )
    if problem.startswith("could not find expected ':'"):
        return start, _e("invalid YAML: this line has no ':' after its key; write it as 'key: value'"), ""
    if "flow sequence" in context or "flow mapping" in context:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        message = _e(
            "invalid YAML: the '{bracket}' opened on this line is not closed with '{closing}' where expected; "
            "close it, and put any value holding a comma, colon or bracket in quotes"
        )
        return start, message.format(bracket=bracket, closing=closing), ""
    if "quoted scalar" in context and "end of stream" in problem:
        return start, _e(_UNCLOSED_QUOTE), ""
    if "unknown escape character" in problem:
        return (
            line,
            _e(
                "invalid YAML: a backslash in double quotes starts an escape such as \\n; "
                "use single quotes around the value, or write the backslash twice"
            ),
            "",
        )
    found = re.match(r"found character '(.)' that cannot start any token", problem)
    if found:
        message = _e("a value cannot begin with '{character}' in YAML; put the value in quotes")
        return line, message.format(character=found.group(1)), ""
    if "block scalar" in context:
        return (
            line,
            _e("invalid YAML: nothing may follow '|' or '>' on its line; start the text on the next line, indented"),
            "",
        )
    if "single document" in context:
        message = _e("invalid YAML: a second '---' line; the file holds one block of YAML, remove the extra '---'")
        return line, message, ""
    if "unhashable key" in problem:
        return line, _e(_PLAIN_KEY), ""
    if problem.startswith("expected <block end>"):
        if "<scalar>" in problem:
            return (
                line,
                _e("invalid YAML: text after a closing quote or bracket; put the whole value in quotes"),
                "",
            )
        return (
            line,
            _e(
                "invalid YAML: this line's indentation does not match the lines above; start each key of a mapping "
                "in the same column, and indent list items ('- …') under their key"
            ),
            "",
        )
    return line, _e(_UNKNOWN_SYNTAX), ""


_PLAIN_KEY = N_e("a key must be a plain word, not a list or mapping")


_OPENS_QUOTE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#'\"\[\]{}][^:#]*?:\s+|-\s+)([\"'])(.*)$")


def _unclosed_quote(lines: list[str], upto: int) -> int | None:
    """The first line, up to ``upto``, whose value opens a quote that its line does not close."""
    for number, line in enumerate(lines[:upto], 1):
        opened = _OPENS_QUOTE.match(line)
        if not opened:
            continue
        quote, rest = opened.groups()
        rest = re.sub(r"\\.", "", rest) if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return number
    return None


def _convert(loader: Any, node: Node, loc: Loc, located: LocatedData, offset: int, text: list[str]) -> Any:
    lines, columns = located.lines, located.columns
    line = node.start_mark.line + 1 + offset
    if node.tag not in _ALLOWED_TAGS:
        raise YamlProblem(line, _e("YAML tag {tag} is not allowed").format(tag=node.tag), code="yaml-tag")
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(key_line, _e(_PLAIN_KEY))
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_line, _e("YAML merge keys (<<) are not allowed"), code="yaml-merge-key")
            key = str(_scalar(loader, key_node, offset))
            if key in result:
                first = lines[(*loc, key)]
                message = _e("duplicate key '{key}' (first given on line {first})").format(key=key, first=first)
                raise YamlProblem(key_line, message, code="duplicate-key")
            lines[(*loc, key)] = key_line
            columns[(*loc, key)] = key_node.start_mark.column + 1
            result[key] = _convert(loader, value_node, (*loc, key), located, offset, text)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1 + offset
            columns[(*loc, index)] = item.start_mark.column + 1
            items.append(_convert(loader, item, (*loc, index), located, offset, text))
        return items
    assert isinstance(node, ScalarNode)
    if loc not in lines:
        lines[loc], columns[loc] = line, node.start_mark.column + 1
    value = _scalar(loader, node, offset)
    if not node.style and isinstance(value, str):
        end = node.end_mark
        rest = text[end.line][end.column :] if end.line < len(text) else ""
        if _CUT_BY_COMMENT.match(rest):
            located.cut_by_comment.append((loc, end.line + 1 + offset))
    return value


#: `` #2 alkaa`` after a plain value: a word glued to the '#', so the editor meant it as text.
#: ``value  # a note`` (a space after '#') reads as the comment it is.
_CUT_BY_COMMENT = re.compile(r"^[ \t]+#[^\s#]")


_STR = "tag:yaml.org,2002:str"


def _scalar(loader: Any, node: ScalarNode, offset: int) -> Any:
    if node.tag not in _ALLOWED_TAGS:
        line = node.start_mark.line + 1 + offset
        raise YamlProblem(line, _e("YAML tag {tag} is not allowed").format(tag=node.tag), code="yaml-tag")
    if node.tag == _STR:  # nine scalars in ten: what the constructor would return, without its bookkeeping
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        line = node.start_mark.line + 1 + offset
        message = _e("this value does not fit its YAML tag ('!!…'); remove the tag")
        raise YamlProblem(line, message, code="yaml-tag") from None
    except ValueError:
        # An impossible date such as 2021-02-29: kept as the text it is, so the schema names
        # the field and says why no such day exists.
        return str(node.value)
