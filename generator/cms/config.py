"""The web editor's configuration (Sveltia CMS), made from the content models.

Written by hand, such a configuration drifts from the models the build checks against: a
field added to a kind would be missing from the form, a renamed one would be written under a
key the build rejects.  Made from the models, every field the build accepts is in the form,
with the widget its type calls for, and the markers that drive the Finnish/Swedish join
(:data:`~generator.read.schema.TRANSLATABLE`, per-file fields, references) decide which file a
value is written to, exactly as the join reads them back.

One configuration per interface language: Sveltia shows one label per field, so the Finnish
editor gets Finnish labels and hints and the Swedish one Swedish, both from the editor
catalogues (:mod:`generator.text.editor`); the words for fixed values (statuses, roles…) are
the site's own, from the theme's catalogues, so an editor picks the word readers will see.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..pages.labels import CATEGORY, DOCUMENT_TYPE, KIND_PLURAL, KIND_SINGULAR, MILESTONE, ROLE, STATUS
from ..read.model import KINDS, LANGS, ORGANISATIONS_FILE, THEMES_FILE, Register
from ..read.schema import (
    ID_PATTERN,
    MODELS,
    key_of,
    markers,
    nested_model,
)
from ..read.settings import CmsBackend, Settings
from ..text.editor import N_e, translator
from ..text.i18n import sort_key

Gettext = Callable[[str], str]
Node = dict[str, Any]

#: The interface languages the editor is made in; the content languages are :data:`LANGS`.
CMS_LANGS = LANGS
#: Where the register's lists live, read by the reference widgets (hidden collections: the
#: editor never rewrites them, so their comments survive).
ORGANISATIONS = "organisations"
THEMES = "themes"


@dataclass(frozen=True)
class ItemChoice:
    """An item a reference field may name: its id, kind and title in each language.

    Sveltia's relation widget reads one collection, and ``related`` or ``parent`` may name an
    item of any kind (a collection over all three folders would claim the same files twice,
    which Sveltia mixes up); so item references are select widgets over the register as last
    built, remade whenever an item comes, goes or is retitled."""

    id: str
    kind: str
    titles: Mapping[str, str]


#: A field's label by its key; nested shapes whose field means something else there come first.
LABELS: dict[str, str] = {
    "draft": N_e("Draft (not published)"),
    "title": N_e("Title"),
    "summary": N_e("Summary"),
    "tags": N_e("Keywords"),
    "themes": N_e("Themes"),
    "related": N_e("Related items"),
    "parent": N_e("Part of"),
    "people": N_e("People"),
    "documents": N_e("Documents"),
    "translation_of": N_e("Translated from"),
    "project_number": N_e("Project number"),
    "case_numbers": N_e("Case numbers"),
    "category": N_e("Category"),
    "appointed_by": N_e("Appointed by"),
    "appointed_on": N_e("Appointed on"),
    "term": N_e("Term"),
    "status": N_e("Status"),
    "milestones": N_e("Milestones"),
    "budget": N_e("Budget"),
    "date": N_e("Date"),
    "time": N_e("Starting time"),
    "venue": N_e("Venue"),
    "organiser": N_e("Organiser"),
    "organisation": N_e("Organisation"),
    "schedule": N_e("Schedule"),
    "website": N_e("Website"),
    "name": N_e("Name"),
    "role": N_e("Role"),
    "phone": N_e("Phone"),
    "email": N_e("E-mail"),
    "from": N_e("From"),
    "until": N_e("Until"),
    "type": N_e("Type"),
    "reached": N_e("Reached on"),
    "note": N_e("Note"),
    "href": N_e("Web address"),
    "language": N_e("Language"),
    "amount": N_e("Amount (euros)"),
    "currency": N_e("Currency"),
    "period": N_e("Period"),
    "start": N_e("Start"),
    "end": N_e("End"),
    "body": N_e("Text"),
}
NESTED_LABELS: dict[tuple[str, str], str] = {
    ("Person", "title"): N_e("Job title"),
    ("Milestone", "title"): N_e("Name of its own"),
}
DRAFT_HINT = N_e(
    "A draft stays off the public site. A new item is always saved as a draft first: "
    "to publish it, untick this and save again."
)
BODY_HINT = N_e("The item's description in Markdown; headings start at ##.")
ID_HINT = N_e("Lowercase a-z, digits and '-', e.g. digisumpit; the same in both languages and unique across kinds.")
ID_INVALID = N_e("Use lowercase a-z, digits and '-' only, e.g. digisumpit.")
PATTERN_INVALID = N_e("Expected e.g. {example}.")
REACHED_HINT = N_e("The day it was reached; leave empty while it is still planned.")
#: The words of fixed values, per enum: the site's labels, so the editor picks what readers see.
OPTION_WORDS: dict[str, Mapping[str, str]] = {
    "ProjectStatus": STATUS,
    "NetworkStatus": STATUS,
    "Category": CATEGORY,
    "Role": ROLE,
    "MilestoneType": MILESTONE,
    "DocumentType": DOCUMENT_TYPE,
}
#: Text fields long enough for a box of several lines.
LONG_TEXT = frozenset({"summary"})


def item_choices(register: Register) -> list[ItemChoice]:
    """Every published item, for the reference fields."""
    return [
        ItemChoice(item.id, item.kind, {lang: version.data.title for lang, version in item.versions.items()})
        for item in sorted(register.items.values(), key=lambda item: item.id)
    ]


def cms_config(settings: Settings, lang: str, words: Gettext, items: Sequence[ItemChoice] = ()) -> Node:
    """The whole configuration for the editor in interface language ``lang``; ``words`` is
    the theme's catalogue in that language, ``items`` what reference fields offer.
    ``settings.cms`` must be set."""
    assert settings.cms is not None
    t = translator(lang)
    cms = settings.cms
    backend: Node = {"name": cms.backend.value}
    if cms.backend is not CmsBackend.TEST_REPO:
        backend["repo"] = cms.repo
        for key in ("branch", "base_url", "auth_endpoint", "app_id"):
            value = getattr(cms, key)
            if value is not None:
                backend[key] = value
        if cms.api is not None:
            backend["api_root"] = cms.api
        if cms.backend is CmsBackend.GITLAB:
            backend["auth_type"] = "pkce"  # no client secret to keep: nothing to host besides GitLab
    choices = _choices(items, lang, words)
    collections = [_kind(kind, t, words, choices) for kind in KINDS]
    collections += _lists(t)
    return {
        "load_config_file": False,
        "backend": backend,
        "site_url": settings.base_url,
        "display_url": settings.base_url,
        "media_folder": "content",
        "i18n": {"structure": "multiple_folders", "locales": list(LANGS), "default_locale": LANGS[0]},
        "output": {"omit_empty_optional_fields": True, "yaml": {"quote": "double"}},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def _choices(items: Sequence[ItemChoice], lang: str, words: Gettext) -> list[Node]:
    """The options of an item reference: "title (kind)" in ``lang``, sorted as a reader would."""
    options = []
    for item in items:
        title = item.titles.get(lang) or next(iter(item.titles.values()), item.id)
        options.append({"label": f"{title} ({words(KIND_SINGULAR[item.kind]).lower()})", "value": item.id})
    return sorted(options, key=lambda option: (sort_key(option["label"]), option["value"]))


def _kind(kind: str, t: Gettext, words: Gettext, choices: list[Node]) -> Node:
    model = MODELS[kind]
    fields = [_field(model, name, t, words, choices, TOP) for name in model.model_fields]
    # No editor components: the image one would upload files into the repository, and an
    # item's body has no pictures of its own.
    body = {"name": "body", "label": t(LABELS["body"]), "hint": t(BODY_HINT), "widget": "markdown", "i18n": True}
    fields.append(body | {"editor_components": []})
    return {
        "name": kind,
        "label": words(KIND_PLURAL[kind]),
        "label_singular": words(KIND_SINGULAR[kind]),
        "folder": f"content/{{{{locale}}}}/{kind}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "i18n": True,
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        # No template: the id is typed once, when the item is created, and names both files.
        "slug": {
            "editable": ["create"],
            "hint": t(ID_HINT),
            "pattern": [ID_PATTERN.pattern, t(ID_INVALID)],
        },
        "fields": fields,
    }


def _lists(t: Gettext) -> list[Node]:
    """organisations.yaml and themes.yaml, hidden: reference widgets read them, the register
    owner edits them in git (their comments would not survive the editor's rewrite)."""
    found = []
    lists = ((ORGANISATIONS, ORGANISATIONS_FILE, "name", "organisation"), (THEMES, THEMES_FILE, "label", "themes"))
    for name, file, label, title in lists:
        names = [{"name": lang, "widget": "string"} for lang in LANGS]
        entry = [{"name": "id", "widget": "string"}, {"name": label, "widget": "object", "fields": names}]
        found.append(
            {
                "name": name,
                "label": t(LABELS[title]),
                "hide": True,
                "files": [
                    {
                        "name": name,
                        "label": t(LABELS[title]),
                        "file": f"content/{file}",
                        "format": "yaml",
                        "fields": [{"name": name, "widget": "list", "root": True, "fields": entry}],
                    }
                ],
            }
        )
    return found


@functools.cache
def _schema(model: type[BaseModel]) -> Node:
    return model.model_json_schema()


def _property(model: type[BaseModel], name: str) -> Node:
    """The field's JSON Schema with references followed and ``null``/``false`` choices left
    out: what the value is when it is given."""
    full = _schema(model)
    node: Node = full["properties"][key_of(model, name)]
    while True:
        if "$ref" in node:
            definition = node["$ref"].rsplit("/", 1)[-1]
            node = full["$defs"][definition] | {"_def": definition}
        elif "anyOf" in node:
            choices = [c for c in node["anyOf"] if c.get("type") != "null" and c.get("const") is not False]
            node = choices[0]
        else:
            return node


#: Where a field sits: in the item itself, in a shape both files share whole (a term), or in a
#: shape with translated parts (a person with a title), whose other parts each file repeats.
TOP, SHARED, TRANSLATED = "top", "shared", "translated"


def _field(model: type[BaseModel], name: str, t: Gettext, words: Gettext, choices: list[Node], within: str) -> Node:
    info = model.model_fields[name]
    key = key_of(model, name)
    marked = set(markers(model, name))
    if "per-file" in marked and key != "draft":
        return {"name": key, "widget": "hidden", "i18n": True}  # written by rekisteri, kept as found
    label = NESTED_LABELS.get((model.__name__, key), LABELS.get(key, key))
    node: Node = {"name": key, "label": t(label)}
    if info.description:
        node["hint"] = t(info.description)
    if not info.is_required():
        node["required"] = False
    node.update(_widget(model, name, marked, t, words, choices, within))
    if node["widget"] == "hidden":  # nothing to show: no label, hint or requirement either
        node = {key: value for key, value in node.items() if key in ("name", "widget", "default")}
    if key in LONG_TEXT and node["widget"] == "string":
        node["widget"] = "text"
    if key == "reached":
        node["hint"] = t(REACHED_HINT)
    if key == "draft" and within == TOP:
        # No default: Sveltia would write it into every old file saved; admin.js marks new
        # items as drafts when they are saved, and leaves published ones without the key.
        node["hint"] = t(DRAFT_HINT)
    if "translatable" in marked or "per-file" in marked:
        node["i18n"] = True
    elif _holds_text(model, name):
        node["i18n"] = True  # the list is shared, the translated parts inside are not
    elif within == TRANSLATED:
        node["i18n"] = "duplicate"  # inside a translated list: the same value in both files
    return node


def _holds_text(model: type[BaseModel], name: str) -> bool:
    """Whether a nested shape has translatable parts (people's titles, documents' titles)."""
    inner = nested_model(model, name)
    return inner is not None and any("translatable" in markers(inner, field) for field in inner.model_fields)


def _widget(
    model: type[BaseModel], name: str, marked: set[str], t: Gettext, words: Gettext, choices: list[Node], within: str
) -> Node:
    schema = _property(model, name)
    many = schema.get("type") == "array"
    if "organisation-ref" in marked:
        return _relation(ORGANISATIONS, "name", many)
    if "theme-ref" in marked:
        return _relation(THEMES, "label", many)
    if "item-ref" in marked:
        return {"widget": "select", "options": choices, "multiple": many}
    inner = nested_model(model, name)
    if inner is not None:
        inside = TRANSLATED if within == TRANSLATED or _holds_text(model, name) else SHARED
        fields = [_field(inner, field, t, words, choices, inside) for field in inner.model_fields]
        if many:
            first = key_of(inner, next(iter(inner.model_fields)))
            return {"widget": "list", "fields": fields, "summary": f"{{{{fields.{first}}}}}"}
        return {"widget": "object", "fields": fields}
    if many:
        return {"widget": "list"}
    return _scalar(schema, t, words)


def _relation(collection: str, label: str, many: bool) -> Node:
    return {
        "widget": "relation",
        "collection": collection,
        "file": collection,
        "value_field": f"{collection}.*.id",
        "display_fields": [f"{collection}.*.{label}.fi"],
        "search_fields": [f"{collection}.*.{label}.fi", f"{collection}.*.{label}.sv", f"{collection}.*.id"],
        "multiple": many,
    }


def _scalar(schema: Node, t: Gettext, words: Gettext) -> Node:
    kind = schema.get("type")
    if "enum" in schema:
        labels = OPTION_WORDS.get(schema.get("_def", ""), {})
        return {
            "widget": "select",
            "options": [{"label": words(labels[v]) if v in labels else v, "value": v} for v in schema["enum"]],
        }
    if "const" in schema:
        return {"widget": "hidden", "default": schema["const"]}
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind in ("integer", "number"):
        return {"widget": "number", "value_type": "float", "min": schema.get("minimum", 0)}
    if schema.get("format") == "date":
        return {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD"}
    if schema.get("pattern") == r"^([01]\d|2[0-3]):[0-5]\d$":
        return {"widget": "datetime", "type": "time", "format": "HH:mm"}
    node: Node = {"widget": "string"}
    if "pattern" in schema and schema.get("examples"):
        node["pattern"] = [schema["pattern"], t(PATTERN_INVALID).format(example=schema["examples"][0])]
    if schema.get("format") == "email":
        node["type"] = "email"
    if schema.get("format") == "uri" or str(schema.get("pattern", "")).startswith("^https?"):
        node["type"] = "url"
    return node
