"""``rekisteri new`` and ``rekisteri schema``: help for editors and their editors.

``new`` writes a draft that validates as it stands, every field present and
explained (optional ones commented out), so an editor starts from something
that ``serve`` previews at once; its stand-in texts (see :mod:`placeholders`)
are errors once ``draft: true`` goes, so none of them is published.
``schema`` writes the JSON Schema of each kind's frontmatter from the same
pydantic models the build validates with.

What these write into files is in the file's language, whatever the editor speaks: a
Swedish file gets Swedish comments and examples, ``schema --lang sv`` Swedish descriptions
(:func:`text.editor.translator`); what they say to the editor is in the editor's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..build.output import guard_output
from ..read.model import ORGANISATIONS_FILE, PARENT_KINDS, THEMES_FILE
from ..read.placeholders import (
    EMAIL,
    HREF,
    PERSON,
    PHONE,
    PROJECT_NUMBER_PREFIX,
    SUMMARY,
    TITLE,
    WEBSITE,
    WRITE_HERE,
)
from ..read.schema import (
    MODELS,
    DocumentType,
    MilestoneType,
    Organisation,
    PerFile,
    Role,
    Theme,
    has_marker,
    id_problem,
    is_neutral,
    is_translatable,
    key_of,
    markers,
    nested_model,
)
from ..read.yamlsource import YamlProblem, load_located
from ..text.editor import N_e, _e, current_language, translator
from .translations import Outcome

KIND_OF = {"project": "projects", "meeting": "meetings", "network": "networks"}

_BODY = {
    ("projects", "fi"): ["Tavoitteet ja tuotokset", "Tiivistelmä", "Lähtökohdat"],
    ("projects", "sv"): ["Mål och resultat", "Sammanfattning", "Utgångspunkter"],
    ("meetings", "fi"): ["Kokouksen aihe", "Keskustelu"],
    ("meetings", "sv"): ["Mötets tema", "Diskussionen"],
    ("networks", "fi"): ["Verkoston tehtävä", "Toiminta"],
    ("networks", "sv"): ["Nätverkets uppgift", "Verksamhet"],
}


def _ids_in(path: Path) -> list[str]:
    """The ids listed in a YAML file of entries (organisations.yaml, themes.yaml); none if it
    cannot be read: the examples then do without."""
    try:
        located = load_located(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return []
    entries = located.data if located and isinstance(located.data, list) else []
    return [str(e["id"]) for e in entries if isinstance(e, dict) and "id" in e]


def _organisation_ids(root: Path) -> list[str]:
    return _ids_in(root / "content" / ORGANISATIONS_FILE)


def _possible_parent(root: Path, kind: str) -> str | None:
    """An item the new one could be part of, to make the ``parent`` example real."""
    for parent_kind in PARENT_KINDS[kind]:
        found = sorted(p.stem for p in (root / "content").glob(f"*/{parent_kind}/*.md"))
        if found:
            return found[0]
    return None


#: The commented examples of optional fields, in the file's language: content, not messages.
_EXAMPLES = {
    "fi": {
        "title": "erityisasiantuntija",
        "document": "Asettamispäätös",
        "document_offline": "Kokouskutsu",
        "milestone": "Loppuraportti lausunnoille",
        "budget_note": "arvio",
        "venue": "Säätytalo",
        "schedule": "torstaisin",
        "parent": "hankkeen-tai-verkoston-tunnus",
    },
    "sv": {
        "title": "specialsakkunnig",
        "document": "Tillsättningsbeslut",
        "document_offline": "Möteskallelse",
        "milestone": "Slutrapporten på remiss",
        "budget_note": "uppskattning",
        "venue": "Ständerhuset",
        "schedule": "på torsdagar",
        "parent": "projektets-eller-natverkets-id",
    },
}
#: Whose a field is, said after its description in ``new``'s comments.
_WHERE = {
    "per_file": N_e("this file only"),
    "translatable": N_e("written in this language"),
    "neutral": N_e("shared by both languages"),
    "mixed": N_e("shared by both languages; its titles and notes in this file's language"),
}
_PROJECT_NUMBER_TODO = N_e("TODO: the project number from the Government's register")
_RELATED = N_e("ids of the projects, meetings and networks this belongs with")
_THEME_IDS = N_e("the themes of content/themes.yaml: {ids}")
_NO_THEMES = N_e("ids from content/themes.yaml, once the register has one")
_PARENT_KINDS = N_e("an id of a project or network")
_NOT_ONLINE = N_e("no href: listed as not online")
SCHEMA_LANG_HELP = N_e("the language of the descriptions: fi, sv or en (default: the editor's language)")
_INHERITED = N_e("Required in one of the item's language files; the other inherits it.")
_FRONTMATTER_TITLE = N_e("rekisteri: frontmatter of content/<fi|sv>/{kind}/<id>.md")
_THEMES_TITLE = "rekisteri: content/" + THEMES_FILE
_THEME = N_e("A theme of the register's own vocabulary; items name it in their themes list.")
#: themes.yaml is edited rarely and by few, so its fields are described here, for the schema only.
_THEME_FIELDS = {
    "id": N_e("The theme's id, written in items' themes lists: lowercase a-z, digits and '-'."),
    "label": N_e("The theme's name in Finnish (fi) and Swedish (sv)."),
    "yso": N_e("The matching concept of the General Finnish Ontology YSO, as its address; only when verified."),
    "description": N_e("A sentence or two on what the theme covers, in Finnish (fi) and Swedish (sv)."),
}


def _choices(key: str, values: type[StrEnum]) -> str:
    """``#   # role: chair | vice_chair | …``: the values a key takes, under its example."""
    return f"#   # {key}: {' | '.join(v.value for v in values)}"


def _lines(kind: str, lang: str, today: dt.date, root: Path, organisation: str) -> list[str]:
    """Frontmatter lines: required fields filled in, optional ones as commented examples,
    every comment in the file's language.  Uncommented as they stand, the examples make a
    valid draft (tests prove it); their stand-ins (the name, address, phone) are errors once
    the file is published (see :mod:`placeholders`)."""
    t = translator(lang)
    year = today.year
    iso = today.isoformat()
    person = PERSON[lang]
    words = _EXAMPLES[lang]
    themes = _ids_in(root / "content" / THEMES_FILE)
    parent = _possible_parent(root, kind)
    filled: dict[str, str] = {
        "draft": "true",
        "title": TITLE[(kind, lang)],
        "summary": SUMMARY[lang],
        "project_number": f"{PROJECT_NUMBER_PREFIX}{year}  # {t(_PROJECT_NUMBER_TODO)}",
        "category": "development",
        "appointed_by": organisation,
        "appointed_on": iso,
        "term": f"{{start: {iso}}}",
        "status": "planned" if kind == "projects" else "active",
        "date": iso,
        "organiser": organisation,
        "organisation": organisation,
        "tags": "[]",
        "related": f"[]  # {t(_RELATED)}",
    }
    examples: dict[str, list[str]] = {
        "case_numbers": [f"[VN/12345/{year}]"],
        "themes": [
            f"[{themes[0]}]  # {t(_THEME_IDS).format(ids=', '.join(themes))}" if themes else f"[]  # {t(_NO_THEMES)}"
        ],
        "parent": [f"{parent or words['parent']}  # {t(_PARENT_KINDS)}"],
        "people": [
            "",
            f"#   - {{name: {person}, role: contact_person, title: {words['title']}, organisation: {organisation}, "
            f'phone: "{PHONE}", email: {EMAIL[lang]}}}',
            f"#   - {{name: {person}, role: chair, organisation: {organisation}, from: {iso}}}",
            _choices("role", Role),
        ],
        "documents": [
            "",
            f"#   - {{title: {words['document']}, type: appointment_decision, date: {iso}, href: '{HREF[lang]}', "
            f"language: {lang}}}",
            f"#   - {{title: {words['document_offline']}, type: invitation}}  # {t(_NOT_ONLINE)}",
            _choices("type", DocumentType),
        ],
        "milestones": [
            "",
            f"#   - {{type: appointed, date: {iso}, reached: {iso}}}",
            f"#   - {{type: final_report, date: {year + 1}-06-30, reached: false, title: {words['milestone']}}}",
            _choices("type", MilestoneType),
        ],
        "budget": [f"{{amount: 250000, currency: EUR, period: {year}–{year + 1}, note: {words['budget_note']}}}"],
        "time": ['"10:00"'],
        "venue": [words["venue"]],
        "schedule": [words["schedule"]],
        "website": [WEBSITE],
    }
    model = MODELS[kind]
    lines = []
    for name, info in model.model_fields.items():
        if name == "translation_of":
            continue
        inner = nested_model(model, name)
        if has_marker(model, name, PerFile):
            where = _WHERE["per_file"]
        elif is_translatable(model, name):
            where = _WHERE["translatable"]
        elif inner is not None and any(is_translatable(inner, part) for part in inner.model_fields):
            where = _WHERE["mixed"]
        else:
            where = _WHERE["neutral"]
        lines.append(f"# {t(info.description) if info.description else name} ({t(where)})")
        if name in filled:
            lines.append(f"{name}: {filled[name]}")
        else:
            first, *rest = examples.get(name, [""])
            lines.append(f"# {name}: {first}".rstrip())
            lines += rest
    return lines


def new_item(root: Path, kind_word: str, item_id: str, lang: str, today: dt.date) -> Outcome:
    kind = KIND_OF[kind_word]
    wrong = id_problem(item_id)
    if wrong:
        return Outcome(1, [], [wrong])
    existing = [p for p in (root / "content").glob(f"*/*/{item_id}.md") if p.exists()]
    if existing:
        found = existing[0].relative_to(root).as_posix()
        return Outcome(
            1, [], [_e("id '{id}' is taken: {path} exists; ids are unique across kinds").format(id=item_id, path=found)]
        )
    organisations = _organisation_ids(root)
    if not organisations:
        listing = f"content/{ORGANISATIONS_FILE}"
        return Outcome(1, [], [_e("{path} lists no organisations; add the organisation first").format(path=listing)])
    target = root / "content" / lang / kind / f"{item_id}.md"
    body = "\n".join(f"## {heading}\n\n{WRITE_HERE[lang]}\n" for heading in _BODY[(kind, lang)])
    text = "---\n" + "\n".join(_lines(kind, lang, today, root, organisations[0])) + "\n---\n" + body
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return Outcome(
        0,
        [
            _e(
                "{path}: written as a draft; fill it in, remove 'draft: true' to publish, then 'rekisteri check'"
            ).format(path=target.relative_to(root).as_posix())
        ],
        [],
    )


def _translated(node: Any, t: Callable[[str], str]) -> Any:
    """A JSON Schema with every ``description`` in the language ``t`` speaks; pydantic reads the
    English ones (marked with ``N_e`` in :mod:`read.schema`) when the models are made."""
    if isinstance(node, dict):
        return {
            key: t(value) if key == "description" and isinstance(value, str) else _translated(value, t)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_translated(value, t) for value in node]
    return node


def json_schemas(lang: str = "en") -> dict[str, dict[str, Any]]:
    """File name → JSON Schema, one per kind's frontmatter and one each for organisations.yaml
    and themes.yaml, with descriptions and titles in ``lang`` (fi, sv or en)."""
    t = translator(lang)
    schemas: dict[str, dict[str, Any]] = {}
    for kind, model in MODELS.items():
        schema = _translated(model.model_json_schema(), t)
        _mark(schema, model)
        required = schema.get("required", [])
        for name in required:
            if is_neutral(model, name):
                schema["properties"][name]["description"] = (
                    schema["properties"][name].get("description", "") + " " + t(_INHERITED)
                ).strip()
        # A translation may leave neutral facts to the other language's file.
        schema["required"] = [name for name in required if not is_neutral(model, name)]
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = t(_FRONTMATTER_TITLE).format(kind=kind)
        schemas[f"{kind[:-1]}.schema.json"] = schema
    listings: list[tuple[str, type[Organisation] | type[Theme], str]] = [
        ("organisations.schema.json", Organisation, f"rekisteri: content/{ORGANISATIONS_FILE}"),
        ("themes.schema.json", Theme, _THEMES_TITLE),
    ]
    for name, listed, title in listings:
        entry = _translated(listed.model_json_schema(), t)
        schemas[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            "type": "array",
            "items": {k: v for k, v in entry.items() if k != "$defs"},
            "$defs": entry.get("$defs", {}),
        }
    themes = schemas["themes.schema.json"]["items"]
    themes["description"] = t(_THEME)
    for key, description in _THEME_FIELDS.items():
        themes["properties"][key]["description"] = t(description)
    themes["properties"]["id"]["examples"] = ["digitaaliset-palvelut"]
    for schema in schemas.values():
        _without_docstrings(schema)
    return schemas


def _mark(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Adds ``x-rekisteri`` to each property that carries markers (``{"translatable": true}``),
    in the model and in the shapes inside it, so that other tools (the web editor's
    configuration among them) can tell shared facts from translated text and references
    from free text without a list of field names of their own."""
    models: dict[str, type[BaseModel]] = {}

    def collect(current: type[BaseModel]) -> None:
        models[current.__name__] = current
        for name in current.model_fields:
            inner = nested_model(current, name)
            if inner is not None and inner.__name__ not in models:
                collect(inner)

    def mark(properties: dict[str, Any], current: type[BaseModel]) -> None:
        for name in current.model_fields:
            found = markers(current, name)
            key = key_of(current, name)
            if found and key in properties:
                properties[key]["x-rekisteri"] = dict.fromkeys(found, True)

    collect(model)
    mark(schema["properties"], model)
    for title, definition in schema.get("$defs", {}).items():
        if title in models and "properties" in definition:
            mark(definition["properties"], models[title])


def _without_docstrings(schema: dict[str, Any]) -> None:
    """pydantic describes a model or an enum with its class docstring, which is written for
    programmers and in English; the fields' own descriptions are the editors'."""
    for definition in schema.get("$defs", {}).values():
        definition.pop("description", None)


SCHEMA_MARKER = ".rekisteri-schema"  # in a folder `schema` wrote: its files may be written again


def write_schemas(out: Path, root: Path, force: bool = False, lang: str | None = None) -> Outcome:
    """Writes the schemas with descriptions in ``lang``, by default the editor's language.
    The same folder rules as a build's output (:func:`output.guard_output`): files of the
    user's that share a schema's name are never overwritten unasked."""
    out = guard_output(out, root, force, marker=SCHEMA_MARKER, what=N_e("the JSON Schema files"))
    out.mkdir(parents=True, exist_ok=True)
    (out / SCHEMA_MARKER).touch()
    written = []
    for name, schema in json_schemas(lang or current_language()).items():
        (out / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(str(out / name))
    return Outcome(0, written, [])
