// Starts the web editor (Sveltia CMS) in the editor's language, Finnish or Swedish.
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

// Drafts: a new item is saved with draft: true in every language, so a half-finished item
// never reaches the public site by accident; a published item's files carry no draft key
// (the form's unticked box would otherwise write draft: false into every file it saves).
function drafts({ entry }) {
  const created = entry.get("newRecord");
  const mark = (data) => {
    if (!data || typeof data.set !== "function") return data;
    if (created) return data.set("draft", true);
    return data.get("draft") === true ? data : data.delete("draft");
  };
  let marked = entry.update("data", mark);
  const languages = marked.get("i18n");
  if (languages && typeof languages.keySeq === "function") {
    for (const language of languages.keySeq().toArray()) {
      marked = marked.updateIn(["i18n", language, "data"], mark);
    }
  }
  return marked;
}

const chosen = language();
document.documentElement.lang = chosen;
const response = await fetch(`config.${chosen}.json`, { cache: "no-cache" });
CMS.registerEventListener({ name: "preSave", handler: drafts });
CMS.init({ config: await response.json() });
