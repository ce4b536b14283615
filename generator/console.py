"""The ``rekisteri`` console script: :func:`generator.cli.main`, guarded from its first instant.

Importing the pipeline takes a few tenths of a second; a Ctrl-C in that time used to end in a
``KeyboardInterrupt`` traceback, because :mod:`generator.cli` answers an interrupt only once
its command runs.  Nothing has been read or written by then, so saying so is all there is to do.
"""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from .cli import main as run

        return run()
    except KeyboardInterrupt:
        try:
            from .commands.reporting import said
            from .text.editor import _e

            print(said(_e("interrupted")), file=sys.stderr)
        except KeyboardInterrupt:
            pass
        return 130
