"""The ``rekisteri`` console script: :func:`generator.cli.main`, guarded from its first instant.

Importing the pipeline takes a few tenths of a second; a Ctrl-C in that time used to end in a
``KeyboardInterrupt`` traceback, because :mod:`generator.cli` answers an interrupt only once
its command runs.  Nothing has been read or written by then, so saying so is all there is to do.
"""

from __future__ import annotations

import sys


def interrupted(error: BaseException) -> bool:
    """Whether ``error`` is a Ctrl-C, or was raised because of one.  Python 3.11 reports an
    exception inside a class's ``__set_name__`` (dataclass fields, while a module defines its
    classes) as a ``RuntimeError`` caused by it, so an interrupt at that instant of the
    imports arrives wrapped."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def main() -> int:
    try:
        from .cli import main as run

        return run()
    except BaseException as error:
        if not interrupted(error):
            raise
        try:
            from .commands.reporting import said
            from .text.editor import _e

            print(said(_e("interrupted")), file=sys.stderr)
        except BaseException:  # a second Ctrl-C, or a module the first one left half-made
            pass
        return 130
