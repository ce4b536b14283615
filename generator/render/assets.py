"""The theme's static files under content-hashed names (``style.css`` → ``style.1a2b3c4d5e.css``).

A name that changes whenever the bytes change lets a host cache ``/static/`` for a year: a new
build links the new name, and no reader keeps yesterday's stylesheet.  A file's hash covers its
own bytes and those of every static file it refers to, directly or not (``search.js`` imports
``query.js``), so a change anywhere renames every file that leads to it; references between
static files are rewritten to the hashed names.  References followed: relative module
specifiers in scripts (``from "./query.js"``, ``import("./x.js")``) and ``url(…)`` and
``@import`` in stylesheets.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HASH_LENGTH = 10

# A quoted specifier that starts with ./ or ../: ES module imports and dynamic imports.
_SCRIPT_REFERENCE = re.compile(rb"""(?P<quote>["'])(?P<target>\.\.?/[^"'\s]+)(?P=quote)""")
# url(x), url("x"), url('x') and @import "x" in stylesheets.
_STYLE_REFERENCE = re.compile(
    rb"""url\(\s*(?P<quote>["']?)(?P<target>[^"')\s]+)(?P=quote)\s*\)"""
    rb"""|@import\s+(?P<quote2>["'])(?P<target2>[^"']+)(?P=quote2)"""
)


@dataclass(frozen=True)
class StaticFiles:
    """``names``: a file's path in the theme's ``static/`` → its published path there;
    ``contents``: published path → the bytes to publish (references rewritten)."""

    names: Mapping[str, str]
    contents: Mapping[str, bytes]


def hashed_name(path: str, digest: str) -> str:
    """``search.js`` → ``search.<digest>.js``; the hash goes before the last suffix."""
    folder, name = posixpath.split(path)
    stem, dot, suffix = name.rpartition(".")
    hashed = f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"
    return posixpath.join(folder, hashed)


def _references(path: str, content: bytes, known: Mapping[str, object]) -> list[tuple[int, int, str]]:
    """(start, end, static path) of each reference in ``content`` to another static file."""
    groups: tuple[str, ...]
    if path.endswith((".js", ".mjs")):
        pattern, groups = _SCRIPT_REFERENCE, ("target",)
    elif path.endswith(".css"):
        pattern, groups = _STYLE_REFERENCE, ("target", "target2")
    else:
        return []
    found: list[tuple[int, int, str]] = []
    folder = posixpath.dirname(path)
    for match in pattern.finditer(content):
        group = next(g for g in groups if match.group(g) is not None)
        bare = match.group(group).split(b"?", 1)[0].split(b"#", 1)[0]
        if not bare or b":" in bare or bare.startswith((b"/", b"#")):
            continue  # absolute, data: or another site's: not ours to rename
        resolved = posixpath.normpath(posixpath.join(folder, bare.decode("utf-8", "replace")))
        if resolved in known:
            start = match.start(group)
            found.append((start, start + len(bare), resolved))
    return found


def hash_static(files: Mapping[str, Path]) -> StaticFiles:
    """The published names and bytes of ``files`` (static path → file on disk)."""
    raw = {path: source.read_bytes() for path, source in sorted(files.items())}
    references = {path: _references(path, content, raw) for path, content in raw.items()}

    def reachable(start: str) -> list[str]:
        seen = {start}
        stack = [start]
        while stack:
            for _, _, target in references[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return sorted(seen)

    names: dict[str, str] = {}
    for path in raw:
        digest = hashlib.blake2b(digest_size=16)
        for part in reachable(path):  # the file itself and all it leads to, cycles included
            digest.update(part.encode() + b"\0" + raw[part] + b"\0")
        names[path] = hashed_name(path, digest.hexdigest()[:HASH_LENGTH])
    contents: dict[str, bytes] = {}
    for path, content in raw.items():
        folder = posixpath.dirname(names[path])
        rewritten = bytearray(content)
        for start, end, target in reversed(references[path]):
            relative = posixpath.relpath(names[target], folder or ".")
            if not relative.startswith("../") and (content[start : start + 2] == b"./" or path.endswith("js")):
                relative = f"./{relative}"  # a module specifier must start with ./ or ../
            rewritten[start:end] = relative.encode("utf-8")
        contents[names[path]] = bytes(rewritten)
    return StaticFiles(names, contents)
