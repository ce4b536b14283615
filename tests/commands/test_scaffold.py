"""``rekisteri new`` and ``rekisteri schema``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.commands.scaffold import json_schemas
from generator.read.load import load_register
from generator.read.schema import Project
from generator.read.source import decode, split_frontmatter
from generator.text.editor import translator

from ..conftest import REPO, Run, Site


@pytest.mark.parametrize(
    ("kind", "folder"), [("project", "projects"), ("meeting", "meetings"), ("network", "networks")]
)
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_new_writes_a_valid_commented_file(
    cli: Callable[..., Run], site: Site, kind: str, folder: str, lang: str
) -> None:
    result = cli("new", kind, "uusi", "--lang", lang, "--root", site.root)
    assert result.code == 0, result.err
    text = (site.root / f"content/{lang}/{folder}/uusi.md").read_text()
    assert text.count("\n# ") >= 6  # every field explained
    assert kind == "network" or dt.date.today().isoformat() in text  # networks have no dates
    checked = cli("check", "--root", site.root)
    assert checked.code == 0, checked.err
    # A draft: listed, not published, so not yet linked-to-nothing (see test_drafts.py for the rest).
    assert f"content/{lang}/{folder}/uusi.md:3: notice: draft: not published" in checked.err


def test_new_refuses_taken_or_invalid_ids(cli: Callable[..., Run], site: Site) -> None:
    taken = cli("new", "meeting", "sumppi", "--root", site.root)
    assert taken.code == 1
    assert "id 'sumppi' is taken: content/fi/networks/sumppi.md exists" in taken.err
    invalid = cli("new", "project", "Iso_Hanke", "--root", site.root)
    assert invalid.code == 1 and "not a valid id" in invalid.err
    assert not (site.root / "content/fi/projects/Iso_Hanke.md").exists()


def _plain(value: Any) -> Any:
    """YAML gives dates as date objects; JSON Schema speaks of strings."""
    return json.loads(json.dumps(value, default=str))


def test_shipped_content_validates_against_the_emitted_schema(cli: Callable[..., Run], tmp_path: Any) -> None:
    assert cli("schema", "--root", REPO, "--out", tmp_path).code == 0
    schemas = {p.name: json.loads(p.read_text()) for p in tmp_path.glob("*.json")}
    assert set(schemas) == {
        "project.schema.json",
        "meeting.schema.json",
        "network.schema.json",
        "organisations.schema.json",
        "themes.schema.json",
    }
    register, _ = load_register(REPO)
    checked = 0
    for item in register.items.values():
        for version in item.versions.values():
            text, _ = decode(version.source.path.read_bytes(), version.source.rel)
            parsed, _ = split_frontmatter(text or "", version.source.rel)
            assert parsed is not None
            jsonschema.validate(_plain(parsed.frontmatter.data), schemas[f"{item.kind[:-1]}.schema.json"])
            checked += 1
    assert checked == sum(len(item.versions) for item in register.items.values()) >= 15
    import yaml

    organisations = yaml.safe_load((REPO / "content/organisations.yaml").read_text())
    jsonschema.validate(organisations, schemas["organisations.schema.json"])
    themes = yaml.safe_load((REPO / "content/themes.yaml").read_text())
    assert len(themes) >= 10
    jsonschema.validate(themes, schemas["themes.schema.json"])


def test_schema_catches_what_the_build_catches() -> None:
    schema = json_schemas()["project.schema.json"]
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        jsonschema.validate({"title": "T", "summary": "S", "project_number": "LVM27/2020"}, schema)
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate({"title": "T", "summary": "S", "stauts": "ended"}, schema)
    with pytest.raises(jsonschema.ValidationError, match="'summary' is a required property"):
        jsonschema.validate({"title": "T"}, schema)
    assert schema["properties"]["project_number"]["examples"] == ["LVM027:00/2020"]
    assert "description" in schema["properties"]["appointed_by"]


# --- texts written into files are in the file's language ---------------------------------

EXECUTABLE = Path(sys.executable).with_name("rekisteri")


def _rekisteri(*arguments: str | Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """The installed command, with the editor speaking ``lang``."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["REKISTERI_LANG"] = lang
    return subprocess.run(
        [str(EXECUTABLE), *map(str, arguments)], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def _in(lang: str, message: str) -> str:
    """``message`` in ``lang``, checked to be a real translation and not the English."""
    translated = translator(lang)(message)
    assert translated != message, (lang, message)
    return translated


DRAFT = Project.model_fields["draft"].description or ""
TITLE_ = Project.model_fields["title"].description or ""
NEUTRAL = "shared by both languages"


@pytest.mark.parametrize("editor", ["en", "fi", "sv"])
def test_new_writes_comments_and_examples_in_the_files_language(site: Site, editor: str) -> None:
    """Whatever the editor speaks, a Finnish file gets Finnish comments and a Swedish file
    Swedish ones; the editor is told what happened in her own language."""
    fi = _rekisteri("new", "project", "uusi", "--root", site.root, lang=editor)
    sv = _rekisteri("new", "meeting", "nytt-mote", "--lang", "sv", "--root", site.root, lang=editor)
    assert fi.returncode == 0 and sv.returncode == 0, (fi.stderr, sv.stderr)
    said = translator(editor)(
        "{path}: written as a draft; fill it in, remove 'draft: true' to publish, then 'rekisteri check'"
    )
    assert fi.stdout == said.format(path="content/fi/projects/uusi.md") + "\n"
    finnish = (site.root / "content/fi/projects/uusi.md").read_text(encoding="utf-8")
    swedish = (site.root / "content/sv/meetings/nytt-mote.md").read_text(encoding="utf-8")
    assert f"# {_in('fi', DRAFT)} ({_in('fi', 'this file only')})\ndraft: true\n" in finnish
    assert f"# {_in('fi', TITLE_)} ({_in('fi', 'written in this language')})\ntitle: " in finnish
    assert f"({_in('fi', NEUTRAL)})" in finnish
    assert f"# {_in('sv', DRAFT)} ({_in('sv', 'this file only')})\ndraft: true\n" in swedish
    assert f"({_in('sv', NEUTRAL)})" in swedish
    assert "(yhteinen molemmille kielille)" in finnish and "(gemensamt för båda språken)" in swedish
    for text in (finnish, swedish):  # no English comment is left
        assert NEUTRAL not in text and DRAFT not in text and "this language" not in text
    # Examples and stand-ins in the file's language too.
    assert "Etunimi Sukunimi" in finnish and "erityisasiantuntija" in finnish and "Asettamispäätös" in finnish
    assert "Förnamn Efternamn" in swedish and "specialsakkunnig" in swedish and "Möteskallelse" in swedish
    assert "Etunimi" not in swedish and "erityisasiantuntija" not in swedish and "Kokouskutsu" not in swedish
    # The translated comments keep the files valid drafts.
    checked = _rekisteri("check", "--root", site.root)
    assert checked.returncode == 0, checked.stderr


def test_schema_lang_writes_descriptions_in_that_language(site: Site, tmp_path: Path) -> None:
    english, swedish, finnish = tmp_path / "en", tmp_path / "sv", tmp_path / "fi"
    assert _rekisteri("schema", "--root", site.root, "--out", english, "--lang", "en", lang="sv").returncode == 0
    assert _rekisteri("schema", "--root", site.root, "--out", swedish, "--lang", "sv").returncode == 0
    # Without --lang, the editor's language.
    assert _rekisteri("schema", "--root", site.root, "--out", finnish, lang="fi").returncode == 0
    for name in json_schemas("en"):
        en, sv, fi = (json.loads((folder / name).read_text(encoding="utf-8")) for folder in (english, swedish, finnish))
        assert en == json_schemas("en")[name]
        assert sv == json_schemas("sv")[name] and fi == json_schemas("fi")[name]
    en, sv, fi = (json.loads((folder / "project.schema.json").read_text()) for folder in (english, swedish, finnish))
    assert en["properties"]["draft"]["description"] == DRAFT
    assert sv["properties"]["draft"]["description"] == _in("sv", DRAFT)
    assert fi["properties"]["draft"]["description"] == _in("fi", DRAFT)
    number = _in("sv", "The Government's project number.")
    inherited = _in("sv", "Required in one of the item's language files; the other inherits it.")
    assert sv["properties"]["project_number"]["description"] == f"{number} {inherited}"
    assert sv["$defs"]["Person"]["properties"]["name"]["description"] == _in("sv", "Full name.")
    assert sv["title"] == "rekisteri: uppgifterna i början av filen content/<fi|sv>/projects/<id>.md (frontmatter)"
    # Only the prose changes: the rules a YAML tool checks are the same in every language.
    assert _without_prose(sv) == _without_prose(en) == _without_prose(fi)


def _without_prose(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_prose(v) for k, v in node.items() if k not in ("description", "title")}
    if isinstance(node, list):
        return [_without_prose(v) for v in node]
    return node


def test_translations_new_writes_its_comments_in_the_new_files_language(site: Site) -> None:
    made = _rekisteri("translations", "--root", site.root, "new", "kokous-2021", "--lang", "sv", lang="fi")
    assert made.returncode == 0, made.stderr
    text = (site.root / "content/sv/meetings/kokous-2021.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# Översättning av content/fi/meetings/kokous-2021.md: översätt texten nedan")
    assert "# Dessa ärvs från källfilen med dess ordalydelse: people;" in text
    assert "Translation of" not in text and "Käännös" not in text
