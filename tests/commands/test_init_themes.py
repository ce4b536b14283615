"""``rekisteri init`` starts a register with a themes.yaml: two themes to copy from,
explained in the editor's language, that check, build into the open data and show up in
``rekisteri new``'s examples."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

EXECUTABLE = Path(sys.executable).with_name("rekisteri")


def rekisteri(lang: str, *arguments: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["REKISTERI_LANG"] = lang
    return subprocess.run(
        [str(EXECUTABLE), *map(str, arguments)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


UNFILLED = re.compile(r"pyproject\.toml:\d+: warning: tool\.rekisteri\.(accessibility|catalog)\.")


def test_a_new_register_has_a_starter_themes_file(tmp_path: Path) -> None:
    root = tmp_path / "uusi"
    made = rekisteri("en", "init", root)
    assert made.returncode == 0, made.stderr
    assert "your themes in content/themes.yaml" in made.stdout
    text = (root / "content/themes.yaml").read_text(encoding="utf-8")
    assert text.startswith("# The register's themes: a small shared vocabulary")
    themes = yaml.safe_load(text)
    assert [t["id"] for t in themes] == ["digitaaliset-palvelut", "tiedonhallinta"]
    assert all(set(t["label"]) == {"fi", "sv"} for t in themes)
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "content/themes.yaml" in readme and "the themes items are grouped by" in readme
    # The file passes the JSON Schema editors' tools read.
    assert rekisteri("en", "schema", "--root", root, "--out", tmp_path / "schema").returncode == 0
    jsonschema.validate(themes, json.loads((tmp_path / "schema/themes.schema.json").read_text(encoding="utf-8")))

    # Checks and builds with no warning but the accessibility statement's and the catalogue
    # record's unfilled parts (tests/commands/test_init.py); the open data lists the themes.
    checked = rekisteri("en", "check", "--root", root)
    others = [line for line in checked.stderr.splitlines() if not UNFILLED.match(line)]
    assert (checked.returncode, others) == (0, []), checked.stderr
    built = rekisteri("en", "build", "--root", root, "--no-search")
    others = [line for line in built.stderr.splitlines() if not UNFILLED.match(line)]
    assert built.returncode == 0 and "warning" not in "\n".join(others), built.stderr
    document = json.loads((root / "build/data/register.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in document["themes"]] == ["digitaaliset-palvelut", "tiedonhallinta"]

    # `new` offers the register's themes; an item naming one checks.
    assert rekisteri("en", "new", "project", "eka", cwd=root).returncode == 0
    item = root / "content/fi/projects/eka.md"
    scaffold = item.read_text(encoding="utf-8")
    assert "# themes: [digitaaliset-palvelut]  # " in scaffold and "digitaaliset-palvelut, tiedonhallinta" in scaffold
    item.write_text(scaffold.replace("# themes: [digitaaliset-palvelut]", "themes: [tiedonhallinta]"), encoding="utf-8")
    assert rekisteri("en", "check", "--root", root).returncode == 0


@pytest.mark.parametrize(
    ("lang", "comment", "readme_line"),
    [
        ("fi", "# Rekisterin teemat: pieni yhteinen sanasto", "teemat, joiden mukaan kohteet ryhmitellään"),
        ("sv", "# Registrets teman: en liten gemensam vokabulär", "teman som posterna grupperas efter"),
    ],
)
def test_the_themes_file_speaks_the_editors_language(tmp_path: Path, lang: str, comment: str, readme_line: str) -> None:
    root = tmp_path / lang
    made = rekisteri(lang, "init", root)
    assert made.returncode == 0, made.stderr
    assert "content/themes.yaml" in made.stdout
    text = (root / "content/themes.yaml").read_text(encoding="utf-8")
    assert text.startswith(comment) and "The register's themes" not in text
    assert readme_line in (root / "README.md").read_text(encoding="utf-8")
    english = tmp_path / "en"
    assert rekisteri("en", "init", english).returncode == 0
    # Only the comments differ: the themes are the same in every editor's language.
    assert yaml.safe_load(text) == yaml.safe_load((english / "content/themes.yaml").read_text(encoding="utf-8"))
