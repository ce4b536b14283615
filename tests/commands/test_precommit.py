"""``.pre-commit-hooks.yaml`` as a register's repository uses it: the real ``pre-commit``
installs rekisteri from this repository with pip and runs the hooks before each commit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.read.placeholders import PERSON, PROJECT_NUMBER_PREFIX, SUMMARY, TITLE, WRITE_HERE

from ..conftest import REPO
from .test_cli import rekisteri

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Testi Toimittaja",
    "GIT_AUTHOR_EMAIL": "toimittaja@example.fi",
    "GIT_COMMITTER_NAME": "Testi Toimittaja",
    "GIT_COMMITTER_EMAIL": "toimittaja@example.fi",
}


def _fill_in(path: Path, title: str) -> None:
    """What an editor does to a file 'new' wrote: the stand-in texts replaced, the draft published."""
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
    for placeholder in TITLE.values():
        text = text.replace(f"title: {placeholder}", f"title: {title}")
    text = text.replace(SUMMARY["fi"], "Kuvaus.").replace(WRITE_HERE["fi"], "Teksti.")
    text = text.replace(PERSON["fi"], "Maija Meikäläinen")
    path.write_text(text.replace(PROJECT_NUMBER_PREFIX, "VM001:00/"), encoding="utf-8")


def _git(folder: Path, *arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(folder), *arguments], capture_output=True, text=True, env=env, timeout=600, check=False
    )


def _snapshot_of_this_repository(target: Path, env: dict[str, str]) -> str:
    """This repository's tracked files as they are on disk, committed into a repository of their
    own: pre-commit installs a hook repository at a commit, and the hooks under test are the
    working tree's (what `pre-commit try-repo` does too, but that installs anew on every run)."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    for relative in filter(None, listed.split("\0")):
        source = REPO / relative
        if source.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    assert _git(target, "init", "-q", env=env).returncode == 0
    assert _git(target, "add", "-A", env=env).returncode == 0
    assert _git(target, "commit", "-q", "-m", "snapshot", env=env).returncode == 0
    return _git(target, "rev-parse", "HEAD", env=env).stdout.strip()


def test_hooks_pass_on_good_content_and_stop_a_commit_with_an_error(tmp_path: Path) -> None:
    # Everything pre-commit keeps (the cloned hook repository, its virtualenv) stays in tmp_path;
    # pip's own download cache is used as usual, so a second run needs no network.
    env = {**os.environ, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("VIRTUAL_ENV", None)
    hooks = tmp_path / "rekisteri-hooks"
    hooks.mkdir()
    rev = _snapshot_of_this_repository(hooks, env)

    register = tmp_path / "register"
    assert rekisteri("init", register).returncode == 0
    (register / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: rekisteri-check\n      - id: rekisteri-translations\n",
        encoding="utf-8",
    )
    assert rekisteri("new", "project", "uusi-hanke", "--root", register).returncode == 0
    source = register / "content/fi/projects/uusi-hanke.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("related: []", "related: [uusi-verkosto]"), encoding="utf-8"
    )
    _fill_in(source, "Uusi hanke")
    assert rekisteri("new", "network", "uusi-verkosto", "--root", register).returncode == 0
    network = register / "content/fi/networks/uusi-verkosto.md"
    network.write_text(
        network.read_text(encoding="utf-8").replace("related: []", "related: [uusi-hanke]"), encoding="utf-8"
    )
    _fill_in(network, "Uusi verkosto")
    assert rekisteri("translations", "--root", register, "new", "uusi-hanke", "--lang", "sv").returncode == 0
    _fill_in(register / "content/sv/projects/uusi-hanke.md", "Nytt projekt")  # translated, and published
    assert _git(register, "init", "-q", env=env).returncode == 0
    assert _git(register, "add", "-A", env=env).returncode == 0

    started = time.monotonic()
    installed = subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=register, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    good = _git(register, "commit", "-m", "Uusi hanke ja verkosto", env=env)
    print(f"pre-commit: environment installed and hooks run in {time.monotonic() - started:.1f} s")
    assert good.returncode == 0, good.stdout + good.stderr
    shown = good.stdout + good.stderr  # git passes the hooks' report on on stderr
    assert re.search(r"^rekisteri check\.+Passed$", shown, re.MULTILINE), shown
    assert re.search(r"^rekisteri translations \(outdated\)\.+Passed$", shown, re.MULTILINE), shown

    # A planted mistake: the commit is refused and the hook's output names the line.
    text = source.read_text(encoding="utf-8")
    broken = text.replace("category: development", "category: devlopment")
    assert broken != text
    source.write_text(broken, encoding="utf-8")
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if row.startswith("category: "))
    _git(register, "add", "-A", env=env)
    head = _git(register, "rev-parse", "HEAD", env=env).stdout
    refused = _git(register, "commit", "-m", "Rikki", env=env)
    shown = refused.stdout + refused.stderr
    assert refused.returncode == 1
    assert re.search(r"^rekisteri check\.+Failed$", shown, re.MULTILINE), shown
    assert f"content/fi/projects/uusi-hanke.md:{line}: category:" in shown
    assert _git(register, "rev-parse", "HEAD", env=env).stdout == head

    # Fixed, but the Finnish text changed after the Swedish translation was made.
    source.write_text(text.replace("title: Uusi hanke", "title: Uudistettu hanke"), encoding="utf-8")
    _git(register, "add", "-A", env=env)
    started = time.monotonic()
    outdated = subprocess.run(
        [str(PRE_COMMIT), "run", "--all-files"], cwd=register, capture_output=True, text=True, env=env, timeout=120
    )
    print(f"pre-commit: both hooks on an installed environment in {time.monotonic() - started:.1f} s")
    shown = outdated.stdout + outdated.stderr
    assert outdated.returncode == 1
    assert re.search(r"^rekisteri check\.+Passed$", shown, re.MULTILINE), shown
    assert re.search(r"^rekisteri translations \(outdated\)\.+Failed$", shown, re.MULTILINE), shown
    assert "rekisteri: 1 item(s) outdated" in shown
    assert re.search(r"^projects\s+uusi-hanke\s.*outdated", shown, re.MULTILINE), shown
