"""The open-data tables and their Data Package, built by the installed ``rekisteri build``
and judged by the installed ``frictionless validate`` (its JSON report): every table valid,
every row read, the rows counted against register.json, and a broken table caught."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator import urls
from generator.pages.tables import tables
from generator.read.model import KINDS

from ..conftest import REPO, Site, build_pages
from . import people_register
from .planning import register_of
from .rich import MEETING, NETWORK, PROJECT, make_rich

REKISTERI = Path(sys.executable).with_name("rekisteri")
FRICTIONLESS = Path(sys.executable).with_name("frictionless")
TABLES = ["organisations", "themes", "items", *KINDS, *urls.DATA_TABLES[3:]]


def _build(root: Path, out: Path) -> Path:
    build_pages(root, out)
    return out / "data"


def validate(data: Path) -> dict[str, Any]:
    """``frictionless validate --json`` of the folder's datapackage.json: its report."""
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(data / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stdout.startswith("{"), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert (done.returncode == 0) == report["valid"], done.stderr
    return report


def rows(data: Path, table: str) -> list[dict[str, str]]:
    with (data / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_all_valid(data: Path) -> dict[str, Any]:
    """Zero errors, and every table of the package validated with each of its rows read."""
    report = validate(data)
    errors = [error["message"] for task in report["tasks"] for error in task["errors"]]
    assert report["valid"] and report["stats"]["errors"] == 0, errors + report["errors"]
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [task["name"] for task in report["tasks"]] == [r["name"] for r in package["resources"]] == TABLES
    for task in report["tasks"]:
        assert task["valid"] and task["place"] == f"{task['name']}.csv", task["name"]
        # An empty table (a header only) has no row count in the report.
        assert task["stats"].get("rows", 0) == len(rows(data, task["name"])), task["name"]
        assert task["labels"] == [field["name"] for field in _resource(package, task["name"])["schema"]["fields"]]
    return report


def _resource(package: dict[str, Any], name: str) -> dict[str, Any]:
    resource: dict[str, Any] = next(r for r in package["resources"] if r["name"] == name)
    return resource


def assert_rows_match_source(root: Path, data: Path) -> None:
    """Each list inside the items has a row per entry, counted in the content files as read;
    each item has a row in its kind's table and in items.csv; the people in register.json's order."""
    items = register_of(root).items.values()
    assert len(rows(data, "items")) == len(items) > 0
    for kind in KINDS:
        assert sorted(r["id"] for r in rows(data, kind)) == sorted(i.id for i in items if i.kind == kind)
    for name in ("people", "milestones", "documents", "case_numbers"):
        assert len(rows(data, name)) == sum(len(getattr(i.data, name, [])) for i in items), name
    assert len(rows(data, "related")) == sum(len(set(i.data.related)) for i in items)
    assert len(rows(data, "item_themes")) == sum(len(set(i.data.themes)) for i in items)
    assert len(rows(data, "tags")) == sum(len(v.data.tags) for i in items for v in i.versions.values())
    document = json.loads((data / "register.json").read_text(encoding="utf-8"))["items"]
    people = [(p["item_id"], p["name"], p["role"]) for p in rows(data, "people")]
    assert people == [
        (i["id"], p["name"], p["role"])
        for i in sorted(document, key=lambda i: i["id"])
        for p in i["facts"].get("people", [])
    ]


@pytest.fixture(scope="module")
def shipped_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(REPO, tmp_path_factory.mktemp("shipped") / "build")


@pytest.fixture
def rich_data(site: Site) -> Path:
    return _build(make_rich(site).root, site.out)


def test_the_shipped_register_is_a_valid_data_package(shipped_data: Path) -> None:
    report = assert_all_valid(shipped_data)
    counted = {task["name"]: task["stats"]["rows"] for task in report["tasks"]}
    assert counted["people"] > 20 and counted["organisations"] >= 5 and counted["related"] > 0
    assert_rows_match_source(REPO, shipped_data)


def test_a_rich_register_is_a_valid_data_package(rich_data: Path) -> None:
    assert_all_valid(rich_data)
    assert_rows_match_source(rich_data.parent.parent, rich_data)


def test_the_people_register_is_a_valid_data_package(tmp_path: Path) -> None:
    root = people_register.write_register(tmp_path / "register")
    data = _build(root, tmp_path / "out")
    assert_all_valid(data)
    assert_rows_match_source(root, data)


def test_the_package_describes_each_file(rich_data: Path) -> None:
    package = json.loads((rich_data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["name"] == "testirekisteri"
    assert package["title"] == "Testirekisteri – Testregistret"
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    assert {path.name for path in rich_data.glob("*.csv")} == {f"{name}.csv" for name in TABLES}
    for resource in package["resources"]:
        assert resource["path"] == resource["name"] + ".csv"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
        assert resource["dialect"]["lineTerminator"] == "\r\n" and resource["dialect"]["header"] is True
        assert resource["schema"]["primaryKey"]
    assert _resource(package, "people")["title"] == "Henkilöt rooleineen – Personer och deras roller"
    assert _resource(package, "projects")["title"] == "Hankkeet – Projekt"
    people = _resource(package, "people")["schema"]
    assert people["primaryKey"] == ["item_id", "position"]
    assert {"fields": ["organisation"], "reference": {"resource": "organisations", "fields": ["id"]}} in people[
        "foreignKeys"
    ]
    fields = {f["name"]: f for f in people["fields"]}
    assert "chair" in fields["role"]["constraints"]["enum"] and fields["from"]["type"] == "date"
    assert fields["title_sv"]["description"] == "Job title, in Swedish."
    projects = {f["name"]: f for f in _resource(package, "projects")["schema"]["fields"]}
    assert projects["budget_amount"]["type"] == "number" and projects["status"]["constraints"]["enum"] == [
        "planned",
        "active",
        "ended",
    ]
    keys = _resource(package, "meetings")["schema"]["foreignKeys"]
    assert {"fields": ["parent"], "reference": {"resource": "items", "fields": ["id"]}} in keys
    assert _resource(package, "related")["schema"]["primaryKey"] == ["item_id", "related_id"]


def test_nested_lists_are_rows_of_their_own_tables(rich_data: Path) -> None:
    people = [r for r in rows(rich_data, "people") if r["item_id"] == PROJECT]
    assert [(p["position"], p["name"], p["role"]) for p in people][:3] == [
        ("1", "Aino Alku", "chair"),
        ("2", "Bertta Berg", "chair"),
        ("3", "Aino Alku", "member"),
    ]
    assert (people[0]["title_fi"], people[0]["title_sv"], people[0]["until"]) == (
        "osastopäällikkö",
        "avdelningschef",
        "2025-03-31",
    )
    assert (people[3]["phone"], people[3]["email"], people[3]["title_fi"]) == (
        "0295 530 000",
        "cecilia.chen@vm.fi",
        "",
    )
    milestones = {m["type"]: m for m in rows(rich_data, "milestones") if m["item_id"] == PROJECT}
    assert [m["position"] for m in milestones.values()] == ["1", "2", "3", "4", "5"]  # the file's order
    assert (milestones["started"]["reached"], milestones["started"]["not_reached"]) == ("2024-03-15", "false")
    assert (milestones["final_report"]["reached"], milestones["final_report"]["not_reached"]) == ("", "true")
    assert milestones["consultation"]["not_reached"] == ""  # the file does not say
    assert milestones["interim_report"]["note_fi"] == "Viivästyy" and milestones["interim_report"]["note_sv"] == ""
    documents = [d for d in rows(rich_data, "documents") if d["item_id"] == PROJECT]
    assert [(d["type"], d["title_fi"], d["title_sv"], d["href"]) for d in documents[:2]] == [
        ("appointment_decision", "Asettamispäätös", "Beslut", "https://vm.fi/paatos"),
        ("memo", "Aloitusmuistio", "Startpromemoria", ""),
    ]
    project = next(r for r in rows(rich_data, "projects") if r["id"] == PROJECT)
    assert (project["term_start"], project["term_end"], project["budget_amount"]) == (
        "2024-01-02",
        "2031-12-31",
        "250000",
    )
    # The Swedish file took the budget from the Finnish one: its note is not Swedish text.
    assert (project["budget_note_fi"], project["budget_note_sv"]) == ("Valtionavustus", "")
    assert (project["title_sv"], project["url_sv"]) == (
        "Utvecklingsprojekt",
        f"https://example.test/sv/projekt/{PROJECT}/",
    )
    assert [(r["item_id"], r["theme"]) for r in rows(rich_data, "item_themes")] == [
        (PROJECT, "kehitys"),
        (PROJECT, "kunnat"),
    ]
    assert next(r for r in rows(rich_data, "meetings") if r["id"] == MEETING)["parent"] == PROJECT
    assert next(r for r in rows(rich_data, "networks") if r["id"] == NETWORK)["parent"] == PROJECT
    assert {(r["item_id"], r["related_id"]) for r in rows(rich_data, "related")} == {
        ("digitaaliset-keinot", "sumppi"),
        ("kokous-2021", "digitaaliset-keinot"),
    }
    tags = [(t["item_id"], t["lang"], t["tag"]) for t in rows(rich_data, "tags")]
    assert tags == [("digitaaliset-keinot", "fi", "korona"), ("digitaaliset-keinot", "sv", "corona")]
    assert [(o["id"], o["abbreviation_sv"]) for o in rows(rich_data, "organisations")] == [("lvm", "KM"), ("vm", "")]


def test_every_table_is_utf8_with_crlf_line_ends_and_one_width(rich_data: Path) -> None:
    """RFC 4180: CRLF after every record, the first record naming the columns."""
    for table in TABLES:
        data = (rich_data / f"{table}.csv").read_bytes()
        data.decode("utf-8")
        assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n"), table
        with (rich_data / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
        assert len({len(record) for record in records}) == 1, table
        assert not any(cell.startswith(("[", "{")) for record in records[1:] for cell in record), table  # no JSON


def _tampered(data: Path, tmp_path: Path, table: str, column: str, value: str) -> dict[str, Any]:
    copy = tmp_path / "tampered"
    shutil.copytree(data, copy)
    records = rows(copy, table)
    records[0][column] = value
    with (copy / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(records)
    return validate(copy)


@pytest.mark.parametrize(
    ("table", "column", "value", "error"),
    [
        ("people", "organisation", "nobody", "foreign-key"),
        ("related", "related_id", "no-such-item", "foreign-key"),
        ("item_themes", "theme", "no-such-theme", "foreign-key"),
        ("people", "role", "boss", "constraint-error"),
        ("milestones", "date", "1.1.2024", "type-error"),
        ("item_themes", "theme", "kunnat", "primary-key"),  # (kehityshanke, kunnat) twice
    ],
)
def test_frictionless_catches_a_broken_table(
    rich_data: Path, tmp_path: Path, table: str, column: str, value: str, error: str
) -> None:
    """The check above is not vacuous: the same command fails on a table that breaks the schema."""
    report = _tampered(rich_data, tmp_path, table, column, value)
    assert not report["valid"]
    found = [(task["name"], e["type"]) for task in report["tasks"] for e in task["errors"]]
    assert found == [(table, error)]


def test_the_planned_tables_are_the_published_list() -> None:
    """urls.DATA_TABLES (for body links) and the tables made from the models are one list."""
    assert [table.name for table in tables()] == TABLES
    assert TABLES[:3] + TABLES[6:] == list(urls.DATA_TABLES)


@pytest.mark.parametrize(
    ("page", "package", "people", "words"),
    [
        (
            "fi/avoin-data",
            "Taulukoiden kuvaus Data Package -muodossa (datapackage.json)",
            "Henkilöt rooleineen (CSV)",
            "sarakkeen item_id kautta",
        ),
        (
            "sv/oppna-data",
            "Tabellernas beskrivning som Data Package (datapackage.json)",
            "Personer och deras roller (CSV)",
            "genom kolumnen item_id",
        ),
    ],
)
def test_the_data_page_lists_every_table(rich_data: Path, page: str, package: str, people: str, words: str) -> None:
    html = (rich_data.parent / page / "index.html").read_text(encoding="utf-8")
    links = {a.get_text(): str(a["href"]) for a in BeautifulSoup(html, "html.parser").select("main dt a")}
    assert links[package] == "../../data/datapackage.json"
    assert links[people] == "../../data/people.csv"
    published = {href.removeprefix("../../data/") for href in links.values() if href.endswith(".csv")}
    assert published == {f"{name}.csv" for name in TABLES}
    assert words in html and "JSON" in html
