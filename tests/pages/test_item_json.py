"""Each item's JSON beside its page, and the data page's list of every endpoint, through ``rekisteri build``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from generator import urls
from generator.pages.dependencies import item_key
from generator.read.model import LANGS

from ..commands.test_cli import rekisteri
from ..conftest import Site
from .planning import planner_for

LICENSE = {
    "id": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


@pytest.fixture
def out(site: Site) -> Path:
    result = rekisteri("build", "--root", site.root, "--no-search")
    assert result.returncode == 0, result.stderr
    return site.out


def test_register_json_names_its_licence_and_its_schema_says_so(out: Path) -> None:
    document = json.loads((out / "data/register.json").read_text(encoding="utf-8"))
    assert document["license"] == LICENSE
    schema = json.loads((out / "data/register.schema.json").read_text(encoding="utf-8"))
    assert "license" in schema["required"]
    assert schema["properties"]["license"]["required"] == ["id", "title", "url"]
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_each_item_has_its_register_json_entry_beside_its_page_in_both_languages(out: Path) -> None:
    document = json.loads((out / "data/register.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "data/item.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert len(document["items"]) == 3
    for entry in document["items"]:
        files = {lang: out / urls.output_path(urls.item_json(lang, entry["kind"], entry["id"])) for lang in LANGS}
        assert files["fi"].read_bytes() == files["sv"].read_bytes()  # one content, in each language's folder
        own = json.loads(files["fi"].read_text(encoding="utf-8"))
        jsonschema.validate(own, schema, cls=jsonschema.Draft202012Validator)
        assert own.pop("license") == LICENSE
        assert own.pop("$schema") == "https://example.test/data/item.schema.json"
        assert own == entry
        for lang in LANGS:  # the page it sits beside is the one its urls name
            page = out / urls.output_path(urls.item(lang, entry["kind"], entry["id"]))
            assert page.parent == files[lang].parent and page.is_file()
            assert entry["urls"][lang] == "https://example.test" + urls.item(lang, entry["kind"], entry["id"])
    broken = json.loads((out / "fi/hankkeet/digitaaliset-keinot/index.json").read_text(encoding="utf-8"))
    del broken["license"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_an_items_json_depends_on_that_item_only(site: Site) -> None:
    """So that a save in serve rewrites the edited item's two files, not every item's."""
    specs = {spec.url: spec for spec in planner_for(site.root).specs()}
    for lang in LANGS:
        spec = specs[urls.item_json(lang, "projects", "digitaaliset-keinot")]
        assert spec.depends_on == {item_key("digitaaliset-keinot")}


def test_data_page_lists_every_endpoint_with_its_licence(out: Path) -> None:
    published = sorted(path.name for path in (out / "data").iterdir())
    for lang, folder in (("fi", "avoin-data"), ("sv", "oppna-data")):
        page = out / lang / folder / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.find("main")
        assert main is not None
        links = {a["href"] for a in main.find_all("a")}
        # Every data file, the catalogue among them, is linked and exists.
        assert {f"../../data/{name}" for name in published} <= links
        for href in links:
            if not href.startswith("http"):
                assert (page.parent / str(href)).resolve().exists(), href
        # Each item's JSON: its address pattern, and an example that exists.
        pattern = (
            "https://example.test/fi/kokoukset/<tunnus>/index.json"
            if lang == "fi"
            else ("https://example.test/sv/moten/<id>/index.json")
        )
        assert pattern in main.get_text()
        # Feeds (the site's and each kind's) and the sitemap.
        assert "../feed.xml" in links and "../../sitemap.xml" in links
        assert {"../hankkeet/feed.xml", "../projekt/feed.xml"} & links
        # Every endpoint in a list names the licence, linked to its text.
        entries = main.select("dl.endpoints dd")
        assert len(entries) >= len(published) + 4 + 1  # files, four feeds, the sitemap
        for entry in entries:
            licence = entry.select_one(".endpoint-meta a")
            assert licence is not None and licence["href"] == LICENSE["url"] and licence.get_text() == "CC-BY-4.0"
