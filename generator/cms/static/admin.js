// Starts the web editor (Sveltia CMS) in the editor's language, Finnish or Swedish, and puts
// right what the editor would otherwise save differently from rekisteri's files.
//
// Sveltia shows one label per field, so rekisteri publishes one configuration per language
// (config.fi.json, config.sv.json). The language is the one chosen in the editor's own
// settings, else the browser's first Finnish or Swedish preference, else Finnish; it is
// written back as the editor's setting so that the interface and the labels agree.
import CMS from "./cms/sveltia-cms.js";

const LANGUAGES = ["fi", "sv"];
const PREFERENCES = "sveltia-cms.prefs";

function language() {
  let preferences = {};
  try {
    preferences = JSON.parse(localStorage.getItem(PREFERENCES) || "{}") || {};
  } catch {
    preferences = {};
  }
  const asked = [preferences.locale, ...navigator.languages].map((tag) => String(tag || "").slice(0, 2).toLowerCase());
  const chosen = asked.find((tag) => LANGUAGES.includes(tag)) || LANGUAGES[0];
  if (preferences.locale !== chosen) {
    localStorage.setItem(PREFERENCES, JSON.stringify({ ...preferences, locale: chosen }));
  }
  return chosen;
}

const empty = (value) =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

// Drafts: a new item is saved with draft: true in every language, so a half-finished item
// never reaches the public site by accident; a published item's files carry no draft key
// (the form's unticked box would otherwise write draft: false into every file it saves).
function drafts(data, created) {
  if (created) data.draft = true;
  else if (data.draft !== true) delete data.draft;
}

// A date that a file may also give as false ("not yet": a milestone's reached) reaches the
// date picker as the text "false"; it goes back as the YAML false it was.
function falseDates(value, fields) {
  if (!value || typeof value !== "object") return;
  for (const field of fields) {
    const inner = value[field.name];
    if (field.widget === "datetime" && inner === "false") value[field.name] = false;
    else if (Array.isArray(field.fields) && Array.isArray(inner)) inner.forEach((one) => falseDates(one, field.fields));
    else if (Array.isArray(field.fields)) falseDates(inner, field.fields);
  }
}

// A list or shape with translated parts (people with their job titles, documents, milestones,
// a budget's note) is written in each language's file: the parts both share come from the
// Finnish form, the translated ones from the language's own. When the other language's file
// had no such list (it then shows the Finnish one), the editor fills it with incomplete copies
// (a person without a name) as soon as the Finnish list changes: such a list is left out again.
function translatedParts(first, other, fields) {
  for (const field of fields) {
    if (field.i18n !== true || !Array.isArray(field.fields)) continue;
    const own = field.fields.filter((inner) => inner.i18n === true).map((inner) => inner.name);
    const shared = field.fields.filter((inner) => inner.i18n !== true).map((inner) => inner.name);
    const source = first[field.name];
    const theirs = other[field.name];
    if (empty(source)) {
      delete other[field.name];
      continue;
    }
    const many = Array.isArray(source);
    const sources = many ? source : [source];
    const copies = many ? (Array.isArray(theirs) ? theirs : []) : theirs && typeof theirs === "object" ? [theirs] : [];
    const translated = copies.some((copy) => own.some((name) => !empty(copy?.[name])));
    const incomplete = copies.length !== sources.length ||
      copies.some((copy, index) => shared.some((name) => empty(copy?.[name]) && !empty(sources[index]?.[name])));
    if (!translated && (incomplete || empty(theirs))) {
      delete other[field.name];
      continue;
    }
    const aligned = sources.map((from, index) => {
      const copy = copies[index] || {};
      const entry = {};
      for (const inner of field.fields) {
        const value = own.includes(inner.name) ? copy[inner.name] : from[inner.name];
        if (!empty(value)) entry[inner.name] = value;
      }
      return entry;
    });
    other[field.name] = many ? aligned : aligned[0];
  }
}

function beforeSave(forms) {
  return ({ entry }) => {
    const fields = forms.get(entry.get("collection")) || [];
    const created = Boolean(entry.get("newRecord"));
    const saved = entry.toJS();
    const versions = [saved.data, ...Object.values(saved.i18n || {}).map((locale) => locale?.data)];
    for (const data of versions.filter((one) => one && typeof one === "object")) {
      if (fields.some((field) => field.name === "draft")) drafts(data, created);
      falseDates(data, fields);
    }
    for (const locale of Object.values(saved.i18n || {})) {
      if (locale?.data && typeof locale.data === "object") translatedParts(saved.data, locale.data, fields);
    }
    return entry.set("data", saved.data).set("i18n", saved.i18n);
  };
}

const chosen = language();
document.documentElement.lang = chosen;
const response = await fetch(`config.${chosen}.json`, { cache: "no-cache" });
const config = await response.json();
const forms = new Map(config.collections.map((collection) => [collection.name, collection.fields || []]));
CMS.registerEventListener({ name: "preSave", handler: beforeSave(forms) });
CMS.init({ config });
