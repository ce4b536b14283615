"""Changing one key of a file's frontmatter and nothing else.

Editors' files carry comments, key order, quoting and line endings that a
YAML re-dump would destroy; ``mark`` must leave every byte outside the one
line as it was.
"""

from __future__ import annotations

import re

from ..text.editor import _e

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_FENCE = re.compile(r"^---[ \t]*(?:\r\n|\r|\n)?$")


def _lines(text: str) -> list[str]:
    return [line for line in _LINE.findall(text) if line]


def set_key(text: str, key: str, value: str, line: int | None) -> str:
    """``text`` with ``key: value`` on ``line`` (1-based, BOM excluded), or added at the
    end of the frontmatter when the key is not there yet."""
    lines = _lines(text)
    if line is not None:
        old = lines[line - 1]
        match = re.match(rf"^(\s*{re.escape(key)}\s*:[ \t]*)(.*?)([ \t]+#.*?)?(\r\n|\r|\n)?$", old)
        if match is None:
            raise ValueError(_e("line {line} does not hold '{key}'").format(line=line, key=key))
        prefix, _, comment, newline = match.groups()
        lines[line - 1] = f"{prefix}{value}{comment or ''}{newline or ''}"
        return "".join(lines)
    closing = next((i for i, row in enumerate(lines) if i > 0 and _FENCE.match(row)), None)
    if closing is None:
        raise ValueError(_e("the frontmatter has no closing '---'"))
    newline = re.search(r"(\r\n|\r|\n)$", lines[0])
    lines.insert(closing, f"{key}: {value}{newline.group(1) if newline else chr(10)}")
    return "".join(lines)
