"""Open data for the rich content model: people in roles, milestones, documents, a budget,
a parent and themes reach register.json and its schema, built by the installed
``rekisteri build`` (the CSV tables: test_tables.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ..conftest import REPO, Site, build_pages

EXECUTABLE = Path(sys.executable).with_name("rekisteri")

THEMES = """\
- id: korona
  label: {fi: Koronapandemia, sv: Coronapandemin}
  yso: http://www.yso.fi/onto/yso/p1234
  description: {fi: Pandemian jälkihoito., sv: Efterskötseln av pandemin.}
- id: palvelut
  label: {fi: Digitaaliset palvelut, sv: Digitala tjänster}
"""

RICH_FI = """\
---
title: Iso hanke
summary: Hanke, jolla on kaikki.
project_number: VM001:00/2021
category: development
appointed_by: vm
appointed_on: 2021-01-01
term: {start: 2021-01-01, end: 2022-12-31}
status: active
themes: [korona, palvelut]
people:
  - {name: Anna Aho, role: chair, title: ylijohtaja, organisation: vm, until: 2021-06-30}
  - {name: Anna Aho, role: member, title: ylijohtaja, organisation: vm, from: 2021-07-01}
  - {name: Pekka Puro, role: secretary, organisation: lvm, email: pekka.puro@example.fi}
milestones:
  - {type: appointed, date: 2021-01-01, reached: 2021-01-01}
  - {type: interim_report, date: 2021-10-01, reached: false, title: Väliraportti lausunnoille}
  - {type: final_report, date: 2022-12-31}
documents:
  - {title: Asettamispäätös, type: appointment_decision, date: 2021-01-01, href: "https://example.fi/paatos.pdf"}
  - {title: Kokouskutsu, type: invitation, language: fi}
budget: {amount: 250000, period: 2021–2022, note: Arvio}
---
Teksti.
"""

RICH_SV = """\
---
title: Stort projekt
summary: Ett projekt med allt.
milestones:
  - {type: appointed, date: 2021-01-01, reached: 2021-01-01}
  - {type: interim_report, date: 2021-10-01, reached: false, title: Mellanrapport på remiss}
  - {type: final_report, date: 2022-12-31}
documents:
  - {title: Tillsättningsbeslut, type: appointment_decision, date: 2021-01-01, href: "https://example.fi/paatos.pdf"}
  - {title: Möteskallelse, type: invitation, language: fi}
budget: {amount: 250000, period: 2021–2022, note: Uppskattning}
---
Text.
"""

CHILD = """\
---
title: Iso hankkeen kokous
summary: Kokous hankkeen sisällä.
date: 2021-03-01
organiser: vm
parent: iso-hanke
themes: [korona]
---
Kokous.
"""


def _build(root: Path, out: Path) -> None:
    build_pages(root, out)


@pytest.fixture
def rich(site: Site) -> Path:
    site.write("themes.yaml", THEMES)
    site.write("fi/projects/iso-hanke.md", RICH_FI)
    site.write("sv/projects/iso-hanke.md", RICH_SV)
    site.write("fi/meetings/iso-hankkeen-kokous.md", CHILD)
    _build(site.root, site.out)
    return site.out


@pytest.fixture(scope="module")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "build"
    _build(REPO, out)
    return out


def _validated(out: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / "data/register.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "data/register.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    return document


def _item(document: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(i for i in document["items"] if i["id"] == item_id)


def test_register_json_carries_the_new_facts_and_texts(rich: Path) -> None:
    document = _validated(rich)
    project = _item(document, "iso-hanke")
    facts, fi, sv = project["facts"], project["translations"]["fi"], project["translations"]["sv"]
    assert facts["themes"] == ["korona", "palvelut"]
    assert facts["parent"] is None
    assert _item(document, "iso-hankkeen-kokous")["facts"]["parent"] == "iso-hanke"
    # People: the YAML key `from`, not the Python name; titles are text, the rest facts.
    assert facts["people"][0] == {
        "name": "Anna Aho",
        "role": "chair",
        "organisation": "vm",
        "phone": None,
        "email": None,
        "from": None,
        "until": "2021-06-30",
    }
    assert facts["people"][1]["from"] == "2021-07-01" and "from_" not in facts["people"][1]
    assert fi["people"] == [{"title": "ylijohtaja"}, {"title": "ylijohtaja"}, {"title": None}]
    # The Swedish file took the list of people whole: the Finnish titles are not Swedish text.
    assert "people" not in sv
    # Milestones: reached false stays false (still planned); not given is null.
    assert [(m["type"], m["reached"]) for m in facts["milestones"]] == [
        ("appointed", "2021-01-01"),
        ("interim_report", False),
        ("final_report", None),
    ]
    assert fi["milestones"][1] == {"title": "Väliraportti lausunnoille", "note": None}
    assert sv["milestones"][1]["title"] == "Mellanrapport på remiss"
    # Documents: a title per language, the rest once; no href is "not online".
    assert [d["href"] for d in facts["documents"]] == ["https://example.fi/paatos.pdf", None]
    assert [d["title"] for d in sv["documents"]] == ["Tillsättningsbeslut", "Möteskallelse"]
    assert facts["budget"] == {"amount": 250000, "currency": "EUR", "period": "2021–2022"}
    assert (fi["budget"], sv["budget"]) == ({"note": "Arvio"}, {"note": "Uppskattning"})


def test_register_json_lists_the_themes_vocabulary(rich: Path) -> None:
    document = _validated(rich)
    assert document["themes"] == [
        {
            "id": "korona",
            "label": {"fi": "Koronapandemia", "sv": "Coronapandemin"},
            "yso": "http://www.yso.fi/onto/yso/p1234",
            "description": {"fi": "Pandemian jälkihoito.", "sv": "Efterskötseln av pandemin."},
        },
        {
            "id": "palvelut",
            "label": {"fi": "Digitaaliset palvelut", "sv": "Digitala tjänster"},
            "yso": None,
            "description": None,
        },
    ]


def test_the_schema_refuses_what_the_model_refuses(rich: Path) -> None:
    document = _validated(rich)
    schema = json.loads((rich / "data/register.schema.json").read_text(encoding="utf-8"))
    project = _item(document, "iso-hanke")

    def broken(change: Any) -> dict[str, Any]:
        copy: dict[str, Any] = json.loads(json.dumps(document))
        change(_item(copy, "iso-hanke"))
        return copy

    for wrong in (
        lambda i: i["facts"]["people"][0].update(role="boss"),
        lambda i: i["facts"]["milestones"][1].update(reached=True),
        lambda i: i["facts"]["budget"].update(currency="SEK"),
        lambda i: i["translations"]["fi"]["people"][0].update(name="Anna"),  # a name is a fact
        lambda i: i["facts"]["documents"][0].update(type="agenda"),
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken(wrong), schema, cls=jsonschema.Draft202012Validator)
    themeless = {**document, "themes": [{"id": "x", "label": {"fi": "X"}}]}  # no Swedish label
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(themeless, schema, cls=jsonschema.Draft202012Validator)
    assert project["kind"] == "projects"


def test_shipped_register_json_validates_and_carries_the_rich_content(shipped_build: Path) -> None:
    document = _validated(shipped_build)
    assert len(document["themes"]) >= 10
    assert all(set(t["label"]) == {"fi", "sv"} for t in document["themes"])
    discussion = _item(document, "digi-arkeen-verkostokeskustelu-2022")
    assert discussion["facts"]["parent"] == "digi-arkeen-neuvottelukunta"
    secretaries = [p["name"] for p in discussion["facts"]["people"] if p["role"] == "secretary"]
    assert "Marjukka Saarijärvi" in secretaries
    not_online = [d for d in discussion["facts"]["documents"] if d["href"] is None]
    assert {"invitation", "programme", "other"} <= {d["type"] for d in not_online}  # the three undated ones
    assert "Kutsu keskustelutilaisuuteen" in [d["title"] for d in discussion["translations"]["fi"]["documents"]]
    project = _item(document, "digitaaliset-keinot-koronakriisin-jalkihoidossa")
    assert [m["type"] for m in project["facts"]["milestones"]] == ["appointed", "ended"]
    known = {t["id"] for t in document["themes"]}
    for item in document["items"]:
        assert item["facts"]["themes"], item["id"]  # every shipped item has themes
        assert set(item["facts"]["themes"]) <= known
