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

const chosen = language();
document.documentElement.lang = chosen;
const response = await fetch(`config.${chosen}.json`, { cache: "no-cache" });
CMS.init({ config: await response.json() });
