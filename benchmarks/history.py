"""What the change history costs: a synthetic register committed into a temporary git repository
in a number of commits (then one file edited per extra commit), and the time of reading git once
(``read_history``), of the second build's check that nothing moved, of working out each commit's
item changes, and the size of changes.json.

    .venv/bin/python benchmarks/history.py --items 1000 --commits 50 --edits 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate

from generator.build.publish import build
from generator.read.gitlog import read_history


def git(root: Path, *arguments: str, when: int = 0) -> None:
    stamp = f"{1_700_000_000 + when * 3600} +0200"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=b@example.fi", *arguments],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def committed_register(root: Path, items: int, commits: int, edits: int) -> None:
    """``items`` items added in ``commits`` commits, then ``edits`` commits of one file each."""
    generate(root, items)
    files = sorted((root / "content").rglob("*.md"))
    git(root, "init", "-q")
    (root / ".gitignore").write_text("build/\n.cache/\n")
    for number in range(commits):
        chunk = files[number::commits]
        git(root, "add", "--", ".gitignore", "content/organisations.yaml", "pyproject.toml", *map(str, chunk))
        git(root, "commit", "-q", "-m", f"Lisätty {len(chunk)} kohdetta", when=number)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "Loput", when=commits)
    for number in range(edits):
        path = files[(number * 7) % len(files)]
        path.write_text(path.read_text() + f"\nMuutos {number}.\n")
        git(root, "commit", "-q", "-am", f"Muutos {number}", when=commits + 1 + number)


def timed(work: Callable[[], object], runs: int) -> tuple[float, object]:
    seconds = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--edits", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also build the site (pages only) and time it")
    arguments = parser.parse_args()
    from generator.pages.changes import commit_changes

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "register"
        root.mkdir()
        committed_register(root, arguments.items, arguments.commits, arguments.edits)
        read, history = timed(lambda: read_history(root), arguments.runs)
        assert hasattr(history, "commits")
        again, _ = timed(lambda: read_history(root, history), arguments.runs)  # type: ignore[arg-type]
        walked, _ = timed(lambda: commit_changes(history), arguments.runs)  # type: ignore[arg-type]
        edited = sorted((root / "content").rglob("*.md"))[0]
        edited.write_text(edited.read_text() + "\nVielä yksi muutos.\n")
        git(root, "commit", "-q", "-am", "Vielä yksi muutos", when=10_000)
        onwards, _ = timed(lambda: read_history(root, history), arguments.runs)  # type: ignore[arg-type]
        print(f"items {arguments.items}, commits {len(history.commits)}, files {len(history.by_file)}")
        print(f"read_history (rev-parse, status, one git log): {read * 1000:.0f} ms")
        print(f"read_history when HEAD is unchanged (rev-parse, status): {again * 1000:.0f} ms")
        print(f"read_history after one more commit (merge-base, git log of it): {onwards * 1000:.0f} ms")
        print(f"commit_changes (each commit's item changes): {walked * 1000:.0f} ms")
        if arguments.build:
            out = Path(folder) / "out"
            started = time.perf_counter()
            result = build(root, out, search=False, use_cache=False)
            assert result.ok, [d.format() for d in result.diagnostics]
            print(f"build --no-search --no-cache: {time.perf_counter() - started:.1f} s, {result.pages} pages")
            size = (out / "data/changes.json").stat().st_size
            feed = (out / "fi/muutokset/feed.xml").stat().st_size
            print(f"changes.json: {size / 1024:.0f} KiB; fi/muutokset/feed.xml: {feed / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
