"""Child process of the benchmark: one build, its figures as JSON on stdout.

Run in a fresh process per build so that peak memory (``ru_maxrss``) belongs
to that build alone; the Pagefind indexer is this process's child.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generator.build.publish import build


def main() -> None:
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    result = build(root, out, search="--no-search" not in sys.argv[3:])
    seconds = time.perf_counter() - started
    if not result.ok:
        print("\n".join(d.format() for d in result.diagnostics[:20]), file=sys.stderr)
        sys.exit(1)
    search = result.search
    print(
        json.dumps(
            {
                "seconds": seconds,
                "pages": result.pages,
                "search_seconds": search.seconds if search else 0.0,
                "search_prep_seconds": result.search_prep_seconds,
                "search_bytes": search.bytes if search else 0,
                "search_pages": search.pages if search else 0,
                "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                # the largest child: a render worker, or Pagefind's indexer when searching
                "indexer_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    main()
