"""``rekisteri new`` and ``rekisteri schema``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from generator.commands.scaffold import json_schemas
from generator.read.load import load_register
from generator.read.source import decode, split_frontmatter

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
    assert checked == 13
    import yaml

    organisations = yaml.safe_load((REPO / "content/organisations.yaml").read_text())
    jsonschema.validate(organisations, schemas["organisations.schema.json"])


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
