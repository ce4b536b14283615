"""Open data: register.json against its own JSON Schema, and the CSV files' columns and cells."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from ..conftest import Site
from .planning import add_project, built


@pytest.fixture
def files(site: Site) -> dict[str, bytes]:
    add_project(site, "kaava", "=HYPERLINK(1)")  # what a spreadsheet would run
    return built(site.root)


def test_register_json_is_valid_by_its_own_schema(files: dict[str, bytes]) -> None:
    document = json.loads(files["data/register.json"])
    schema = json.loads(files["data/register.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    broken = {**document, "items": [{**document["items"][0], "kind": "projects"}]}  # a meeting called a project
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_register_json_shape(files: dict[str, bytes]) -> None:
    document = json.loads(files["data/register.json"])
    assert document["schema_version"] == 1
    assert document["$schema"] == "https://example.test/data/register.schema.json"
    assert document["title"] == {"fi": "Testirekisteri", "sv": "Testregistret"}
    assert [o["id"] for o in document["organisations"]] == ["lvm", "vm"]
    assert document["themes"] == []  # no themes.yaml: an empty vocabulary
    assert [(i["kind"], i["id"]) for i in document["items"]] == [
        ("meetings", "kokous-2021"),
        ("networks", "sumppi"),
        ("projects", "digitaaliset-keinot"),
        ("projects", "kaava"),
    ]
    project = document["items"][2]
    assert project["urls"] == {
        "fi": "https://example.test/fi/hankkeet/digitaaliset-keinot/",
        "sv": "https://example.test/sv/projekt/digitaaliset-keinot/",
    }
    assert project["facts"]["appointed_by"] == "lvm"
    assert "title" not in project["facts"]  # translated text sits under its language only
    assert set(project["translations"]) == {"fi", "sv"}
    assert project["translations"]["sv"]["title"] == "Digitala medel"
    assert project["translations"]["fi"]["body_markdown"] == "## Tavoitteet\n\nTeksti."
    assert set(document["items"][1]["translations"]) == {"fi"}  # no Swedish file: not pretended
    assert document["items"][3]["translations"]["fi"]["title"] == "=HYPERLINK(1)"  # JSON keeps the text


def test_csv_columns_and_rows(files: dict[str, bytes]) -> None:
    rows = list(csv.reader(io.StringIO(files["data/projects.csv"].decode("utf-8"))))
    assert rows[0] == [
        "id",
        "parent",
        "project_number",
        "category",
        "appointed_by",
        "appointed_on",
        "term_start",
        "term_end",
        "status",
        "budget_amount",
        "budget_currency",
        "budget_period",
        *(f"{name}_{lang}" for lang in ("fi", "sv") for name in ("title", "summary", "budget_note", "url")),
    ]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_id) == ["digitaaliset-keinot", "kaava"]
    project = by_id["digitaaliset-keinot"]
    assert (project["term_start"], project["term_end"]) == ("2020-05-04", "2020-09-30")
    assert project["budget_amount"] == project["parent"] == ""
    assert (project["title_sv"], project["url_sv"]) == (
        "Digitala medel",
        "https://example.test/sv/projekt/digitaaliset-keinot/",
    )
    assert by_id["kaava"]["title_fi"] == "'=HYPERLINK(1)"  # quoted: a spreadsheet shows it as text
    assert by_id["kaava"]["title_sv"] == ""  # no Swedish version
    # The people, the related items and the case numbers: rows of their own tables.
    people = list(csv.DictReader(io.StringIO(files["data/people.csv"].decode("utf-8"))))
    assert people[0] == {
        "item_id": "digitaaliset-keinot",
        "position": "1",
        "name": "Laura Eiro",
        "role": "contact_person",
        "organisation": "lvm",
        "phone": "0295 342 166",
        "email": "",
        "from": "",
        "until": "",
        "title_fi": "osastopäällikkö",
        "title_sv": "avdelningschef",
    }
    related = list(csv.reader(io.StringIO(files["data/related.csv"].decode("utf-8"))))
    assert related[1:] == [["digitaaliset-keinot", "sumppi"], ["kokous-2021", "digitaaliset-keinot"]]
    cases = list(csv.reader(io.StringIO(files["data/case_numbers.csv"].decode("utf-8"))))
    assert cases == [["item_id", "position", "case_number"], ["digitaaliset-keinot", "1", "VN/10633/2020"]]
    meetings = list(csv.reader(io.StringIO(files["data/meetings.csv"].decode("utf-8"))))
    assert [row[0] for row in meetings] == ["id", "kokous-2021"]
