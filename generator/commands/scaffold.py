"""``rekisteri new`` and ``rekisteri schema``: help for editors and their editors.

``new`` writes a draft that validates as it stands, every field present and
explained (optional ones commented out), so an editor starts from something
that ``serve`` previews at once; its stand-in texts (see :mod:`placeholders`)
are errors once ``draft: true`` goes, so none of them is published.
``schema`` writes the JSON Schema of each kind's frontmatter from the same
pydantic models the build validates with.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..build.output import guard_output
from ..read.model import ORGANISATIONS_FILE
from ..read.placeholders import PERSON, PROJECT_NUMBER_PREFIX, SUMMARY, TITLE, WRITE_HERE
from ..read.schema import MODELS, Organisation, PerFile, has_marker, id_problem, is_neutral, is_translatable
from ..read.yamlsource import YamlProblem, load_located
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


def _organisation_ids(root: Path) -> list[str]:
    path = root / "content" / ORGANISATIONS_FILE
    try:
        located = load_located(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return []
    entries = located.data if located and isinstance(located.data, list) else []
    return [str(e["id"]) for e in entries if isinstance(e, dict) and "id" in e]


def _lines(kind: str, lang: str, today: dt.date, organisation: str) -> list[str]:
    """Frontmatter lines: required fields filled in, optional ones as commented examples."""
    year = today.year
    iso = today.isoformat()
    filled: dict[str, str] = {
        "draft": "true",
        "title": TITLE[(kind, lang)],
        "summary": SUMMARY[lang],
        "project_number": f"{PROJECT_NUMBER_PREFIX}{year}  # TODO: the project number from the Government's register",
        "category": "development",
        "appointed_by": organisation,
        "appointed_on": iso,
        "term": f"{{start: {iso}}}",
        "status": "planned" if kind == "projects" else "active",
        "date": iso,
        "organiser": organisation,
        "organisation": organisation,
        "lead": f"{{name: {PERSON}, organisation: {organisation}}}",
        "tags": "[]",
        "related": "[]  # ids of the projects, meetings and networks this belongs with",
    }
    examples: dict[str, str] = {
        "case_numbers": f"[VN/12345/{year}]",
        "contacts": f"\n#   - {{name: {PERSON}, title: erityisasiantuntija, "
        f'organisation: {organisation}, phone: "0295 000 000", email: etunimi.sukunimi@example.fi}}',
        "time": '"10:00"',
        "venue": "Säätytalo" if lang == "fi" else "Ständerhuset",
        "participants": f"\n#   - {{name: {PERSON}, role: puheenjohtaja, organisation: {organisation}}}",
        "attachments": "\n#   - {title: Esityslista, href: 'https://example.fi/esityslista.pdf'}",
        "schedule": "torstaisin" if lang == "fi" else "på torsdagar",
        "website": "https://example.fi/",
    }
    model = MODELS[kind]
    lines = []
    for name, info in model.model_fields.items():
        if name == "translation_of":
            continue
        if has_marker(model, name, PerFile):
            where = "this file only"
        elif is_translatable(model, name):
            where = "written in this language"
        else:
            where = "shared by both languages"
        lines.append(f"# {info.description or name} ({where})")
        if name in filled:
            lines.append(f"{name}: {filled[name]}")
        else:
            example = examples.get(name, "")
            lines.append(f"# {name}:{'' if example.startswith(chr(10)) else ' '}{example}".rstrip())
    return lines


def new_item(root: Path, kind_word: str, item_id: str, lang: str, today: dt.date) -> Outcome:
    kind = KIND_OF[kind_word]
    wrong = id_problem(item_id)
    if wrong:
        return Outcome(1, [], [wrong])
    existing = [p for p in (root / "content").glob(f"*/*/{item_id}.md") if p.exists()]
    if existing:
        found = existing[0].relative_to(root).as_posix()
        return Outcome(1, [], [f"id '{item_id}' is taken: {found} exists; ids are unique across kinds"])
    organisations = _organisation_ids(root)
    if not organisations:
        return Outcome(1, [], [f"content/{ORGANISATIONS_FILE} lists no organisations; add the organisation first"])
    target = root / "content" / lang / kind / f"{item_id}.md"
    body = "\n".join(f"## {heading}\n\n{WRITE_HERE[lang]}\n" for heading in _BODY[(kind, lang)])
    text = "---\n" + "\n".join(_lines(kind, lang, today, organisations[0])) + "\n---\n" + body
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return Outcome(
        0,
        [
            f"{target.relative_to(root).as_posix()}: written as a draft; fill it in, "
            "remove 'draft: true' to publish, then 'rekisteri check'"
        ],
        [],
    )


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema, one per kind's frontmatter and one for organisations.yaml."""
    schemas: dict[str, dict[str, Any]] = {}
    for kind, model in MODELS.items():
        schema = model.model_json_schema()
        required = schema.get("required", [])
        for name in required:
            if is_neutral(model, name):
                schema["properties"][name]["description"] = (
                    schema["properties"][name].get("description", "")
                    + " Required in one of the item's language files; the other inherits it."
                ).strip()
        # A translation may leave neutral facts to the other language's file.
        schema["required"] = [name for name in required if not is_neutral(model, name)]
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"rekisteri: frontmatter of content/<fi|sv>/{kind}/<id>.md"
        schemas[f"{kind[:-1]}.schema.json"] = schema
    organisation = Organisation.model_json_schema()
    schemas["organisations.schema.json"] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"rekisteri: content/{ORGANISATIONS_FILE}",
        "type": "array",
        "items": {k: v for k, v in organisation.items() if k != "$defs"},
        "$defs": organisation.get("$defs", {}),
    }
    return schemas


SCHEMA_MARKER = ".rekisteri-schema"  # in a folder `schema` wrote: its files may be written again


def write_schemas(out: Path, root: Path, force: bool = False) -> Outcome:
    """The same folder rules as a build's output (:func:`output.guard_output`): files of the
    user's that share a schema's name are never overwritten unasked."""
    out = guard_output(out, root, force, marker=SCHEMA_MARKER, what="the JSON Schema files")
    out.mkdir(parents=True, exist_ok=True)
    (out / SCHEMA_MARKER).touch()
    written = []
    for name, schema in json_schemas().items():
        (out / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(str(out / name))
    return Outcome(0, written, [])
