"""Reading one content file: bytes → frontmatter (with key lines) + Markdown body.

Everything an editor can get wrong about the *file itself* (encoding, the
``---`` fences, YAML syntax) is caught here, before any schema is applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..text.editor import _e
from .problems import field_name
from .yamlsource import LocatedData, YamlProblem, load_located

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

#: Names editors and operating systems leave beside the files people edit: backups (``x.md~``),
#: Emacs autosaves and locks (``#x.md#``, ``.#x.md``), Vim swap files and its write test
#: (``4913``), JetBrains' safe-write temporaries, macOS and Windows folder metadata.
_LEFTOVER_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "4913"})
_LEFTOVER_ENDINGS = ("~", ".swp", ".swo", ".swx", "___jb_tmp___", "___jb_old___")


def is_leftover(name: str) -> bool:
    """Whether a file is no one's content, only an editor's or a system's by-product (or
    hidden, like ``.gitkeep``): build, check and serve all pass over it silently, instead
    of reporting it as a misplaced item or rebuilding the site for it."""
    return (
        name.startswith((".", "#"))
        or name in _LEFTOVER_NAMES
        or name.endswith(_LEFTOVER_ENDINGS)
        or name.lower() in ("thumbs.db", "desktop.ini")
    )


#: Files larger than this are refused outright: a register entry is a page, not a data dump.
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class ParsedSource:
    """A content file split into located frontmatter and its Markdown body."""

    frontmatter: LocatedData
    body: str
    body_line: int


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text with BOM dropped and line endings made ``\\n``."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(path, line, "", _e("file is not valid UTF-8; save it as UTF-8"), code="not-utf8")]
    if "\r" not in text:  # one quick scan; most files have no carriage return to replace
        return text, []
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_frontmatter(text: str, path: str) -> tuple[ParsedSource | None, list[Diagnostic]]:
    """Find the YAML block between the opening and closing ``---`` lines."""
    if not text.strip():
        message = _e("file is empty; it needs YAML frontmatter and a body")
        return None, [Diagnostic(path, 1, "", message, code="empty-file")]
    if not text.startswith("---"):
        message = _e("file must begin with a '---' line opening the YAML frontmatter")
        return None, [Diagnostic(path, 1, "", message, code="frontmatter-fence")]
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].strip() != "---":
        return None, [Diagnostic(path, 1, "", _e("the first line must be exactly '---'"), code="frontmatter-fence")]
    closing = _FENCE.search(text, first_newline + 1)
    if closing is None:
        message = _e("frontmatter opened with '---' on line 1 is never closed by '---'")
        return None, [Diagnostic(path, 1, "", message, code="frontmatter-fence")]
    yaml_text = text[first_newline + 1 : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    try:
        located = load_located(yaml_text, first_line=2)
    except YamlProblem as exc:
        return None, [Diagnostic(path, exc.line, exc.field, exc.message, code=exc.code)]
    except RecursionError:
        return None, [Diagnostic(path, 2, "", _e("frontmatter is nested too deeply"), code="too-deep")]
    if located is None:
        return None, [Diagnostic(path, 1, "", _e("frontmatter is empty"), code="empty-frontmatter")]
    if not isinstance(located.data, dict):
        return None, [Diagnostic(path, 2, "", _not_a_mapping(located.data), code="not-a-mapping")]
    return ParsedSource(located, text[body_start:], body_line), comment_warnings(located, path)


def comment_warnings(located: LocatedData, path: str) -> list[Diagnostic]:
    """``title: Hanke #2 alkaa`` is valid YAML whose title is "Hanke": nothing fails, and
    the published page silently loses words.  Worth a warning, never an error."""
    return [
        Diagnostic(
            path, line, field_name(loc), _cut_by_comment(field_name(loc)), Severity.WARNING, code="cut-by-comment"
        )
        for loc, line in located.cut_by_comment
    ]


def _cut_by_comment(field: str) -> str:
    if field:
        message = _e("text after ' #' is a comment in YAML and is not part of the {field}; quote the value")
        return message.format(field=field)
    return _e("text after ' #' is a comment in YAML and is not part of the value; quote the value")


def _not_a_mapping(value: Any) -> str:
    if isinstance(value, list):
        return _e("frontmatter must be a mapping of 'key: value' lines, not a list")
    return _e("frontmatter must be a mapping of 'key: value' lines, not a single value")
