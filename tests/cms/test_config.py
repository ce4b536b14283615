"""The web editor's configuration, made from the content models, and the command-line side of
turning the editor on: settings errors, a missing bundle, the admin page's own policy, and the
markers ``rekisteri schema`` publishes for other tools.  The editor in use is test_editor.py."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pydantic import BaseModel

from generator.cms.admin import content_security_policy
from generator.cms.config import LABELS, ItemChoice, cms_config
from generator.read.model import LANGS
from generator.read.schema import MODELS, Meeting, is_translatable, key_of, markers, nested_model
from generator.read.settings import Settings
from generator.render.theme import load_theme
from generator.text.editor import translator

from ..conftest import REPO
from .test_editor import SETTINGS_CMS, register_copy, rekisteri

THEME, _ = load_theme(REPO, "default", LANGS)
assert THEME is not None
WORDS = {lang: THEME.translations[lang].gettext for lang in LANGS}
ITEMS = [
    ItemChoice("digisumpit", "networks", {"fi": "Digisumpit", "sv": "Digisumpar"}),
    ItemChoice("ohjelma", "projects", {"fi": "Ohjelma"}),
]


def config(lang: str = "fi", **cms: Any) -> dict[str, Any]:
    settings = Settings.model_validate({"cms": cms or {"backend": "test-repo"}})
    return cms_config(settings, lang, WORDS[lang], ITEMS)


def collection(kind: str, lang: str = "fi") -> dict[str, Any]:
    return next(c for c in config(lang)["collections"] if c["name"] == kind)


def fields_by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


def walk(model: type[BaseModel], fields: list[dict[str, Any]], inside_translated: bool) -> Iterator[tuple[str, Any]]:
    """(where, what is wrong) for every field the form gets differently from the model."""
    named = fields_by_name(fields)
    keys = [key_of(model, name) for name in model.model_fields]
    extra = set(named) - set(keys) - {"body"}
    if extra or set(keys) - set(named):
        yield model.__name__, f"form fields {sorted(named)} ≠ model keys {sorted(keys)}"
    for name in model.model_fields:
        node = named[key_of(model, name)]
        inner = nested_model(model, name)
        translated_parts = inner is not None and any(is_translatable(inner, f) for f in inner.model_fields)
        per_file = "per-file" in markers(model, name)
        if is_translatable(model, name) or per_file or translated_parts:
            expected: Any = True
        else:
            expected = "duplicate" if inside_translated else None
        if node.get("i18n") != expected:
            yield f"{model.__name__}.{name}", f"i18n {node.get('i18n')!r}, expected {expected!r}"
        if inner is not None and node["widget"] in ("list", "object"):
            yield from walk(inner, node["fields"], inside_translated or translated_parts)


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_every_field_of_the_model_is_on_the_form_and_written_to_the_right_file(kind: str) -> None:
    form = collection(kind)
    assert form["folder"] == f"content/{{{{locale}}}}/{kind}" and form["i18n"] is True
    assert list(walk(MODELS[kind], form["fields"], False)) == []
    body = fields_by_name(form["fields"])["body"]
    assert body["widget"] == "markdown" and body["i18n"] is True and "required" not in body  # required


def test_widgets_follow_the_types() -> None:
    project = fields_by_name(collection("projects")["fields"])
    assert project["status"]["widget"] == "select"
    assert [o["value"] for o in project["status"]["options"]] == ["planned", "active", "ended"]
    assert [o["label"] for o in project["status"]["options"]] == ["Suunnitteilla", "Käynnissä", "Päättynyt"]
    assert project["appointed_on"] | {"label": "", "hint": ""} == {
        "name": "appointed_on",
        "label": "",
        "hint": "",
        "widget": "datetime",
        "type": "date",
        "format": "YYYY-MM-DD",
    }
    assert project["appointed_by"]["widget"] == "relation"
    assert project["appointed_by"]["value_field"] == "organisations.*.id"
    assert project["themes"]["collection"] == "themes" and project["themes"]["multiple"] is True
    assert project["term"]["widget"] == "object" and "i18n" not in project["term"]
    assert project["project_number"]["pattern"][0] == r"^[A-Z]{2,6}\d{3}:\d{2}/\d{4}$"
    # Items of any kind: the register's, by title, Finnish or Swedish as the editor reads.
    assert project["related"]["options"] == [
        {"label": "Digisumpit (verkosto)", "value": "digisumpit"},
        {"label": "Ohjelma (hanke)", "value": "ohjelma"},
    ]
    assert project["related"]["multiple"] is True and project["parent"]["multiple"] is False
    swedish = fields_by_name(collection("projects", "sv")["fields"])
    assert swedish["related"]["options"][0] == {"label": "Digisumpar (nätverk)", "value": "digisumpit"}
    meeting = fields_by_name(collection("meetings")["fields"])
    assert meeting["time"]["type"] == "time" and meeting["time"]["format"] == "HH:mm"
    assert config()["output"]["yaml"] == {"quote": "double"}  # "16:00", not the number 960


def test_labels_and_hints_come_from_the_editor_catalogues() -> None:
    finnish = fields_by_name(collection("meetings", "fi")["fields"])
    swedish = fields_by_name(collection("meetings", "sv")["fields"])
    assert (finnish["venue"]["label"], swedish["venue"]["label"]) == ("Paikka", "Plats")
    described = Meeting.model_fields["venue"].description or ""
    assert finnish["venue"]["hint"] == translator("fi")(described) != described
    assert swedish["venue"]["hint"] == translator("sv")(described) != described
    for lang in ("fi", "sv"):
        for form in config(lang)["collections"]:
            for node in form.get("fields", []):
                if "label" in node and node["name"] in LABELS:
                    assert node["label"] == translator(lang)(LABELS[node["name"]]), node["name"]


def test_the_backend_settings_reach_the_editor_and_its_policy() -> None:
    github = config(backend="github", repo="valtioneuvosto/rekisteri", base_url="https://auth.example.fi")
    assert github["backend"] == {
        "name": "github",
        "repo": "valtioneuvosto/rekisteri",
        "base_url": "https://auth.example.fi",
    }
    gitlab = config(backend="gitlab", repo="vn/rekisteri", app_id="abc123", api_root="https://git.example.fi/api/v4")
    assert gitlab["backend"]["auth_type"] == "pkce" and gitlab["backend"]["app_id"] == "abc123"
    policy = content_security_policy(
        Settings.model_validate(
            {"cms": {"backend": "gitea", "repo": "vn/rekisteri", "api_root": "https://git.example.fi/api/v1"}}
        )
    )
    assert "connect-src 'self' data: blob: https://git.example.fi;" in policy
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    # A self-hosted GitLab named only by its address: its API is there, not at gitlab.com.
    hosted = {"backend": "gitlab", "repo": "vn/rekisteri", "app_id": "abc", "base_url": "https://git.example.fi"}
    assert config(**hosted)["backend"]["api_root"] == "https://git.example.fi/api/v4"
    policy = content_security_policy(Settings.model_validate({"cms": hosted}))
    assert "connect-src 'self' data: blob: https://git.example.fi;" in policy and "gitlab.com" not in policy
    enterprise = {"backend": "github", "repo": "vn/rekisteri", "api_root": "https://github.example.fi/api/v3"}
    assert "img-src 'self' data: blob: https://github.example.fi;" in content_security_policy(
        Settings.model_validate({"cms": enterprise})
    )
    trial = content_security_policy(Settings.model_validate({"cms": {"backend": "test-repo"}}))
    assert "connect-src 'self' data: blob:;" in trial


def test_rekisteri_schema_marks_what_the_editor_reads(tmp_path: Path) -> None:
    done = rekisteri(REPO, "schema", "--out", str(tmp_path / "schema"), "--lang", "en")
    assert done.returncode == 0, done.stderr
    meeting = json.loads((tmp_path / "schema" / "meeting.schema.json").read_text(encoding="utf-8"))
    properties = meeting["properties"]
    assert properties["venue"]["x-rekisteri"] == {"translatable": True}
    assert properties["organiser"]["x-rekisteri"] == {"organisation-ref": True}
    assert properties["related"]["x-rekisteri"] == {"item-ref": True}
    assert properties["parent"]["x-rekisteri"] == {"item-ref": True, "parent-ref": True}
    assert properties["draft"]["x-rekisteri"] == {"per-file": True}
    assert "x-rekisteri" not in properties["date"]
    person = meeting["$defs"]["Person"]["properties"]
    assert person["title"]["x-rekisteri"] == {"translatable": True}
    assert person["organisation"]["x-rekisteri"] == {"organisation-ref": True}
    # The markers are the model's own, not a list of names kept beside it.
    for kind, model in MODELS.items():
        schema = json.loads((tmp_path / "schema" / f"{kind[:-1]}.schema.json").read_text(encoding="utf-8"))
        for name in model.model_fields:
            marked = schema["properties"][key_of(model, name)].get("x-rekisteri", {})
            assert marked.get("translatable", False) == is_translatable(model, name), (kind, name)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('backend = "github"', r"cms: the editor needs the repository it commits to"),
        ('backend = "bitbucket"\nrepo = "a/b"', r"cms\.backend: .*github"),
        ('backend = "gitlab"\nrepo = "vn/rekisteri"', r"cms: GitLab sign-in needs the OAuth application's id"),
        ('backend = "github"\nrepo = "rekisteri"', r"cms\.repo: 'rekisteri' is not a repository"),
    ],
)
def test_a_wrong_editor_setting_is_one_clear_line(tmp_path: Path, table: str, expected: str) -> None:
    root = register_copy(tmp_path / "register")
    settings = (root / "pyproject.toml").read_text(encoding="utf-8").replace(SETTINGS_CMS, "")
    (root / "pyproject.toml").write_text(settings + f"\n[tool.rekisteri.cms]\n{table}\n", encoding="utf-8")
    done = rekisteri(root, "build", "--no-search")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    problems = [line for line in done.stderr.splitlines() if line.startswith("pyproject.toml:")]
    assert len(problems) == 1, done.stderr
    assert re.search(expected, problems[0]), problems[0]
    assert not (root / "build").exists()


def test_without_its_bundle_the_editor_is_an_error_and_the_published_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = register_copy(tmp_path / "register")
    assert rekisteri(root, "build", "--no-search", "-q").returncode == 0
    published = sorted(p.relative_to(root / "build") for p in (root / "build").rglob("*"))
    (root / "content" / "fi" / "networks" / "digisumpit.md").write_text(
        (root / "content" / "fi" / "networks" / "digisumpit.md").read_text(encoding="utf-8") + "\nLisäys.\n",
        encoding="utf-8",
    )
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text(encoding="utf-8") + "\n# settings touched: a full build\n", encoding="utf-8"
    )
    monkeypatch.setenv("REKISTERI_CMS_BUNDLE", str(tmp_path / "nowhere"))
    done = rekisteri(root, "build", "--no-search")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "pyproject.toml: cms: the web editor's files are not installed: run 'make site'" in done.stderr
    assert sorted(p.relative_to(root / "build") for p in (root / "build").rglob("*")) == published


def test_the_admin_page_is_valid_and_asks_only_the_site(tmp_path: Path) -> None:
    root = register_copy(tmp_path / "register")
    assert rekisteri(root, "build", "--no-search", "-q").returncode == 0
    admin = root / "build" / "admin"
    page = BeautifulSoup((admin / "index.html").read_text(encoding="utf-8"), "html.parser")
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert policy is not None and "connect-src 'self' data: blob:;" in str(policy["content"])
    assert [s["src"] for s in page.find_all("script")] == ["admin.js"]
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"  # type: ignore[index]
    for lang in ("fi", "sv"):
        built = json.loads((admin / f"config.{lang}.json").read_text(encoding="utf-8"))
        assert built["backend"] == {"name": "test-repo"} and built["load_config_file"] is False
    assert (admin / "cms" / "sveltia-cms.js").is_file()
    assert not any("cdn.jsdelivr.net" in p.read_text(encoding="utf-8") for p in (admin / "cms").glob("*.js"))


def test_turning_the_editor_off_removes_admin(tmp_path: Path) -> None:
    root = register_copy(tmp_path / "register")
    assert rekisteri(root, "build", "--no-search", "-q").returncode == 0
    assert (root / "build" / "admin" / "index.html").is_file()
    settings = (root / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(settings.replace(SETTINGS_CMS, "\n"), encoding="utf-8")
    assert rekisteri(root, "build", "--no-search", "-q").returncode == 0
    assert not (root / "build" / "admin").exists()


def test_a_new_item_reaches_the_reference_lists_in_an_incremental_build(tmp_path: Path) -> None:
    root = register_copy(tmp_path / "register")
    assert rekisteri(root, "build", "--no-search", "-q").returncode == 0
    source = root / "content" / "fi" / "networks" / "digisumpit.md"
    (source.parent / "uusi-verkosto.md").write_text(
        source.read_text(encoding="utf-8").replace("title: Digisumpit", "title: Uusi verkosto"), encoding="utf-8"
    )
    assert rekisteri(root, "build", "--no-search", "-q").returncode == 0
    built = json.loads((root / "build" / "admin" / "config.fi.json").read_text(encoding="utf-8"))
    networks = fields_by_name(next(c for c in built["collections"] if c["name"] == "networks")["fields"])
    assert {"label": "Uusi verkosto (verkosto)", "value": "uusi-verkosto"} in networks["related"]["options"]
    clean = tmp_path / "clean"
    assert rekisteri(root, "build", "--no-search", "-q", "--no-cache", "--out", str(clean)).returncode == 0
    for name in ("config.fi.json", "config.sv.json"):
        assert (clean / "admin" / name).read_bytes() == (root / "build" / "admin" / name).read_bytes()


def test_every_model_field_has_a_label() -> None:
    def keys(model: type[BaseModel]) -> Iterator[str]:
        for name in model.model_fields:
            yield key_of(model, name)
            inner = nested_model(model, name)
            if inner is not None:
                yield from keys(inner)

    missing = {key for model in MODELS.values() for key in keys(model)} - set(LABELS)
    assert missing == set()


def test_serve_publishes_the_editor_without_the_reload_script(tmp_path: Path) -> None:
    """``rekisteri serve`` reloads the pages an edit changed; the editor's page is left alone,
    since a reload would throw away what an editor is typing, and its policy would refuse the
    injected script anyway."""
    from ..commands.serving import SCRIPT_TAG, Serve

    root = register_copy(tmp_path / "register")
    with Serve.start(root) as served:
        code, page = served.get("admin/")
        assert code == 200 and "Content-Security-Policy" in page
        assert SCRIPT_TAG not in page
        code, config_text = served.get("admin/config.fi.json")
        assert code == 200 and json.loads(config_text)["backend"] == {"name": "test-repo"}
        assert SCRIPT_TAG in served.get("fi/")[1]  # the public pages still reload


def test_a_new_bundle_reaches_admin_even_when_the_register_did_not_change(tmp_path: Path) -> None:
    """Upgrading the pinned Sveltia CMS (``make site`` makes the bundle again) must not be
    hidden by the no-change shortcut or an incremental build."""
    from generator.cms.admin import BUNDLE

    bundle = tmp_path / "bundle"
    shutil.copytree(BUNDLE, bundle)
    environment = {"REKISTERI_CMS_BUNDLE": str(bundle)}
    root = register_copy(tmp_path / "register")
    assert rekisteri(root, "build", "--no-search", "-q", environment=environment).returncode == 0
    (bundle / "LICENSE.txt").write_text("upgraded\n", encoding="utf-8")
    (bundle / "VERSION").write_text("0.999.0\n", encoding="utf-8")
    assert rekisteri(root, "build", "--no-search", "-q", environment=environment).returncode == 0
    assert (root / "build" / "admin" / "cms" / "LICENSE.txt").read_text(encoding="utf-8") == "upgraded\n"


def test_robots_keep_crawlers_out_of_the_editor() -> None:
    from generator.pages.feeds import robots

    under_a_path = Settings.model_validate(
        {"base_url": "https://example.fi/rekisteri/", "cms": {"backend": "test-repo"}}
    )
    assert robots(under_a_path).content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /rekisteri/admin/",
        "Sitemap: https://example.fi/rekisteri/sitemap.xml",
    ]
    assert "Disallow" not in robots(Settings()).content.decode()
