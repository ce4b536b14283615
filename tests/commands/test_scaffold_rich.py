"""``rekisteri new`` and ``rekisteri schema`` for people, milestones, documents, a budget, a
parent and themes, through the installed command: the examples are there, in the file's
language; uncommented as they stand they still make a valid draft; published as they stand,
every stand-in is an error; filled in, the item builds."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.read.schema import MODELS, key_of

from ..conftest import Site

EXECUTABLE = Path(sys.executable).with_name("rekisteri")
FOLDER = {"project": "projects", "meeting": "meetings", "network": "networks"}
THEMES = """\
- id: digituki
  label: {fi: Digituki, sv: Digitalt stöd}
- id: kunnat
  label: {fi: Kunnat, sv: Kommuner}
"""
OLD_KEYS = ("contacts:", "participants:", "lead:", "attachments:")


def rekisteri(*arguments: str | Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["REKISTERI_LANG"] = lang
    return subprocess.run(
        [str(EXECUTABLE), *map(str, arguments)], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def problems(root: Path) -> list[dict[str, Any]]:
    """``check --format json``: every problem, notices included."""
    done = rekisteri("check", "--root", root, "--format", "json")
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def uncommented(text: str, kind: str) -> str:
    """The scaffold with every commented example of a field turned into YAML."""
    keys = {key_of(MODELS[kind], name) for name in MODELS[kind].model_fields}
    lines = []
    for line in text.split("\n"):
        key = re.match(r"^# ([a-z_]+):(?: |$)", line)
        if (key and key.group(1) in keys) or line.startswith("#   - "):
            line = line[2:]
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("kind", ["project", "meeting", "network"])
def test_new_explains_the_rich_fields_with_examples(site: Site, kind: str, lang: str) -> None:
    site.write("themes.yaml", THEMES)
    made = rekisteri("new", kind, "uusi", "--lang", lang, "--root", site.root)
    assert made.returncode == 0, made.stderr
    text = (site.root / f"content/{lang}/{FOLDER[kind]}/uusi.md").read_text(encoding="utf-8")
    assert not any(f"\n# {old}" in text or f"\n{old}" in text for old in OLD_KEYS)
    today = dt.date.today().isoformat()
    assert "\n# people:\n#   - {name: " in text
    assert "#   # role: chair | vice_chair | member | secretary | project_manager | contact_person" in text
    assert f"role: chair, organisation: lvm, from: {today}}}" in text  # a role begun during the term
    assert "\n# documents:\n#   - {title: " in text
    assert "#   # type: appointment_decision | memo | minutes | report | statement | invitation" in text
    assert "type: invitation}  # " in text  # the example without href: not online
    # The register's own themes, listed for the editor; any item may be part of a project.
    assert "\n# themes: [digituki]  # " in text and "digituki, kunnat" in text
    assert "\n# parent: digitaaliset-keinot  # " in text
    has_milestones = kind in ("project", "network")
    assert ("\n# milestones:\n#   - {type: appointed" in text) is has_milestones
    assert ("reached: false" in text) is has_milestones
    assert ("\n# budget: {amount: 250000, currency: EUR" in text) is (kind == "project")
    # The examples' text is the file's language.
    if lang == "fi":
        assert "erityisasiantuntija" in text and "Kokouskutsu" in text and "specialsakkunnig" not in text
    else:
        assert "specialsakkunnig" in text and "Möteskallelse" in text and "erityisasiantuntija" not in text
    # A draft as it stands: only the draft notice.
    assert [p["code"] for p in problems(site.root)] == ["draft"]


def test_without_a_themes_file_new_says_where_themes_come_from(site: Site) -> None:
    assert rekisteri("new", "meeting", "uusi", "--lang", "sv", "--root", site.root).returncode == 0
    text = (site.root / "content/sv/meetings/uusi.md").read_text(encoding="utf-8")
    assert "\n# themes: []  # id:n ur content/themes.yaml, när registret har en sådan fil\n" in text


def test_comments_say_which_parts_of_a_list_are_written_in_each_language(site: Site) -> None:
    assert rekisteri("new", "project", "uusi", "--lang", "fi", "--root", site.root).returncode == 0
    text = (site.root / "content/fi/projects/uusi.md").read_text(encoding="utf-8")
    mixed = "(yhteinen molemmille kielille; nimikkeet, otsikot ja huomautukset kirjoitetaan tämän tiedoston kielellä)"
    for key in ("people", "documents", "milestones", "budget"):
        comment = text.split(f"\n# {key}:")[0].rsplit("\n", 1)[-1]
        assert comment.endswith(mixed), (key, comment)
    themes = text.split("\n# themes:")[0].rsplit("\n", 1)[-1]
    assert themes.endswith("(yhteinen molemmille kielille)")


@pytest.mark.parametrize(("kind", "lang"), [("project", "fi"), ("meeting", "sv"), ("network", "fi")])
def test_uncommented_examples_are_valid_and_their_stand_ins_are_caught_when_published(
    site: Site, kind: str, lang: str
) -> None:
    site.write("themes.yaml", THEMES)
    assert rekisteri("new", kind, "uusi", "--lang", lang, "--root", site.root).returncode == 0
    path = site.root / f"content/{lang}/{FOLDER[kind]}/uusi.md"
    text = uncommented(path.read_text(encoding="utf-8"), FOLDER[kind])
    path.write_text(text, encoding="utf-8")
    # Every example, uncommented as it stands, is valid YAML and a valid draft.
    assert [p["code"] for p in problems(site.root)] == ["draft"]
    # The uncommented file also passes the JSON Schema that editors' tools read.
    frontmatter = yaml.safe_load(text.split("---\n")[1])
    assert frontmatter["people"] and frontmatter["documents"] and frontmatter["themes"] == ["digituki"]
    assert rekisteri("schema", "--root", site.root, "--out", site.root / "schema").returncode == 0
    schema = json.loads((site.root / f"schema/{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(frontmatter, default=str)), schema)

    # Published as it stands: every stand-in is an error where it was written.
    published = text.replace("draft: true\n", "")
    path.write_text(published, encoding="utf-8")
    found = [p for p in problems(site.root) if p["code"] == "placeholder"]
    fields = {p["field"] for p in found}
    assert {"title", "summary", "body", "people[0].name", "people[0].phone", "people[0].email"} <= fields
    assert {"people[1].name", "documents[0].href"} <= fields
    assert ("project_number" in fields) is (kind == "project")
    assert ("website" in fields) is (kind == "network")
    assert all(p["severity"] == "error" for p in found)
    assert rekisteri("build", "--root", site.root).returncode == 1

    # Filled in, it builds, and the page shows the people and documents.
    filled = _filled(published, lang)
    path.write_text(filled, encoding="utf-8")
    assert [p for p in problems(site.root) if p["severity"] == "error"] == []
    built = rekisteri("build", "--root", site.root, "--no-search")
    assert built.returncode == 0, built.stderr
    section = {"project": {"fi": "hankkeet"}, "meeting": {"sv": "moten"}, "network": {"fi": "verkostot"}}
    page = (site.out / f"{lang}/{section[kind][lang]}/uusi/index.html").read_text(encoding="utf-8")
    assert "Maija Meikäläinen" in page


def _filled(text: str, lang: str) -> str:
    """Real values for the stand-ins ``new`` writes."""
    from generator.read import placeholders

    for stand_in, real in (
        (placeholders.PERSON[lang], "Maija Meikäläinen"),
        (placeholders.PHONE, "040 123 4567"),
        (placeholders.EMAIL[lang], "maija.meikalainen@vm.fi"),
        (placeholders.HREF[lang], "https://vm.fi/paatos.pdf"),
        (placeholders.WEBSITE, "https://vm.fi/verkosto/"),
        (placeholders.SUMMARY[lang], "Oikea tiivistelmä."),
        (placeholders.WRITE_HERE[lang], "Oikeaa tekstiä."),
    ):
        text = text.replace(stand_in, real)
    for title in placeholders.TITLE.values():
        text = text.replace(title, "Oikea nimi")
    return re.sub(r"XX000:00/(\d{4})", r"VM123:00/\1", text)


def test_schema_describes_the_themes_file_in_the_chosen_language(site: Site, tmp_path: Path) -> None:
    for lang in ("fi", "sv", "en"):
        assert rekisteri("schema", "--root", site.root, "--out", tmp_path / lang, "--lang", lang).returncode == 0
    fi, sv, en = (
        json.loads((tmp_path / lang / "themes.schema.json").read_text(encoding="utf-8")) for lang in ("fi", "sv", "en")
    )
    assert en["items"]["properties"]["yso"]["description"].startswith(
        "The matching concept of the General Finnish Ontology YSO"
    )
    assert fi["items"]["properties"]["label"]["description"] == "Teeman nimi suomeksi (fi) ja ruotsiksi (sv)."
    assert sv["items"]["properties"]["label"]["description"] == "Temats namn på finska (fi) och svenska (sv)."
    assert fi["title"] == sv["title"] == "rekisteri: content/themes.yaml"
    # A register's themes validate; a theme without its Swedish label or with a made-up YSO address does not.
    jsonschema.validate(yaml.safe_load(THEMES), en)
    for wrong in (
        [{"id": "x", "label": {"fi": "X"}}],
        [{"id": "x", "label": {"fi": "X", "sv": "X"}, "yso": "https://finto.fi/yso/fi/page/p1"}],
        [{"id": "X Y", "label": {"fi": "X", "sv": "X"}}],
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, en)


def test_item_schemas_describe_the_new_fields_in_each_language(site: Site, tmp_path: Path) -> None:
    for lang in ("fi", "sv"):
        assert rekisteri("schema", "--root", site.root, "--out", tmp_path / lang, "--lang", lang).returncode == 0
    for lang in ("fi", "sv"):
        schema = json.loads((tmp_path / lang / "project.schema.json").read_text(encoding="utf-8"))
        for key in ("people", "documents", "milestones", "budget", "parent", "themes"):
            assert schema["properties"][key]["description"], key
        person = schema["$defs"]["Person"]
        assert person["properties"]["role"]["description"]
        assert "from" in person["properties"] and "from_" not in person["properties"]
        assert schema["$defs"]["Role"]["enum"][:2] == ["chair", "vice_chair"]
        # No programmer's docstring in the editor's schema.
        assert all("description" not in definition for definition in schema["$defs"].values())
    rules = json.loads((tmp_path / "fi" / "project.schema.json").read_text(encoding="utf-8"))

    def milestone(reached: object) -> dict[str, Any]:
        return {
            "title": "T",
            "summary": "S",
            "milestones": [{"type": "ended", "date": "2020-01-01", "reached": reached}],
        }

    jsonschema.validate(milestone(False), rules)  # still planned
    jsonschema.validate(milestone("2020-01-02"), rules)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(milestone(True), rules)  # the day it was reached, not just "yes"


def test_translation_of_an_item_with_lists_names_the_lists_it_inherits(site: Site) -> None:
    site.write(
        "fi/projects/laaja.md",
        """\
        ---
        title: Laaja hanke
        summary: Hanke listoineen.
        project_number: VM003:00/2021
        category: study
        appointed_by: vm
        appointed_on: 2021-01-01
        term: {start: 2021-01-01, end: 2021-12-31}
        status: ended
        related: [sumppi]
        people:
          - {name: Anna Aho, role: chair, title: ylijohtaja, organisation: vm}
        documents:
          - {title: Loppuraportti, type: report}
        milestones:
          - {type: final_report, date: 2021-12-31, reached: 2021-12-15, title: Raportti julki}
        budget: {amount: 1000, note: arvio}
        ---
        Teksti.
        """,
    )
    made = rekisteri("translations", "--root", site.root, "new", "laaja", "--lang", "sv", lang="fi")
    assert made.returncode == 0, made.stderr
    text = (site.root / "content/sv/projects/laaja.md").read_text(encoding="utf-8")
    assert "# Dessa ärvs från källfilen med dess ordalydelse: people, documents, milestones, budget;" in text
    assert "titlarna\n# eller anteckningarna" in text
    assert "\npeople:" not in text and "\ndocuments:" not in text  # inherited, not copied
    assert [p["code"] for p in problems(site.root)] == ["draft"]
