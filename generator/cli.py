"""The ``rekisteri`` command: parse arguments, run one command, print diagnostics.

Editors read this output, so problems come one per line as
``path:line: field: message`` followed by a count, and bad content never
produces a Python traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import build, check
from .diagnostics import Diagnostic, Severity


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rekisteri",
        description="Build the bilingual register of digitalisation work into a static site.",
    )
    parser.add_argument("--version", action="version", version=f"rekisteri {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--root", type=Path, default=Path("."), help="register folder (default: current folder)"
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="print problems only")
        return sub

    build_parser = add("build", "validate the content and write the site")
    build_parser.add_argument("--out", type=Path, help="output folder (default: ROOT/build)")
    add("check", "validate the content without writing anything")
    return parser


def _report(diagnostics: Sequence[Diagnostic]) -> tuple[int, int]:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    return errors, len(diagnostics) - errors


def _summary(errors: int, warnings: int, files: int) -> str:
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    root: Path = arguments.root.resolve()
    try:
        if arguments.command == "check":
            checked = check(root)
            errors, warnings = _report(checked.diagnostics)
            if errors:
                files = len({d.path for d in checked.diagnostics})
                print(f"rekisteri: {_summary(errors, warnings, files)}", file=sys.stderr)
                return 1
            if not arguments.quiet:
                print(f"rekisteri: {len(checked.register.items)} items OK")
            return 0

        out: Path = (arguments.out or root / "build").absolute()
        result = build(root, out)
        errors, warnings = _report(result.diagnostics)
        if not result.ok:
            files = len({d.path for d in result.diagnostics})
            print(
                f"rekisteri: {_summary(errors, warnings, files)}; nothing written, {out} left as it was",
                file=sys.stderr,
            )
            return 1
        if not arguments.quiet:
            for note in result.notes:
                print(f"rekisteri: note: {note}", file=sys.stderr)
            search = result.search
            indexed = f"; search: {search.pages} pages indexed in {search.seconds:.2f} s" if search else ""
            summary = f"{result.pages} pages, {result.files} files → {out} ({result.seconds:.2f} s)"
            print(f"rekisteri: {summary}{indexed}")
        return 0
    except KeyboardInterrupt:
        print("rekisteri: interrupted; the output was not changed", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in rekisteri, not in the content
        if os.environ.get("REKISTERI_DEBUG"):
            raise
        print(
            f"rekisteri: internal error: {type(exc).__name__}: {exc}\n"
            "  (this is a bug in rekisteri; run with REKISTERI_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
