// Search page of the rekisteri default theme, on Pagefind's JavaScript API.
//
// The query, filters and sort order live in the URL (?q=…&kind=…&sort=…), so a
// search can be shared and the back button works. Facet counts come from
// Pagefind; labels arrive already translated in the index and in data-strings.

import { searchTerm } from "./query.js";

const root = document.getElementById("search");
const strings = JSON.parse(root.dataset.strings);
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const ui = document.getElementById("search-ui");
const sortSelect = document.getElementById("search-sort");
const filtersBox = document.getElementById("search-filters");
const filtersToggle = document.getElementById("search-filters-toggle");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");

const FILTERS = ["kind", "theme", "organisation", "status", "year"];
const PAGE_SIZE = 10;

let pagefind = null;
let bundleUrl = null;
let shardList = [];
let dates = null; // page id → date, from every shard's dates.<lang>.json, once a reader sorts by date
// Facets are loaded when the reader opens them (or a shared URL uses them):
// on a large register their index is a large part of a first search's download.
let allFilters = null;
let results = [];
let shown = 0;
let generation = 0;

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function readState() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) filters[name] = values;
  }
  return { q: (params.get("q") || "").trim(), sort: params.get("sort") || "", filters };
}

function stateUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) for (const value of state.filters[name] || []) params.append(name, value);
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  return window.location.pathname + (query ? `?${query}` : "");
}

function currentState() {
  const filters = {};
  for (const box of filtersBox.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  return { q: input.value.trim(), sort: sortSelect.value, filters };
}

// Pagefind's excerpts mark hits with <mark>; keep those and nothing else.
function safeExcerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const fragment = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      fragment.append(mark);
    } else {
      fragment.append(document.createTextNode(node.textContent));
    }
  }
  return fragment;
}

// Hits only in the added base forms (see wordforms.py) have no useful excerpt:
// the summary is shown instead.
function onlyAddedWords(data) {
  const extra = Number(data.meta.extra_words || 0);
  if (!extra || !data.locations || !data.locations.length) return false;
  const firstAdded = data.word_count - extra;
  return data.locations.every((location) => location >= firstAdded);
}

async function openFacets() {
  if (allFilters === null) allFilters = await pagefind.filters();
  // Drawn before the box is shown, at their full size: on a phone the facets sit above the
  // results, and a box that grew after the results arrived would push them down.
  renderFacets(null);
  filtersBox.hidden = false;
  filtersToggle.setAttribute("aria-expanded", "true");
}

function renderFacets(counts) {
  if (allFilters === null) return;
  const state = readState();
  filtersBox.replaceChildren();
  for (const name of FILTERS) {
    const values = Object.keys(allFilters[name] || {});
    if (!values.length) continue;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = strings[name];
    fieldset.append(legend);
    const sorted = name === "year" ? values.sort().reverse() : values.sort((a, b) => a.localeCompare(b, document.documentElement.lang));
    for (const value of sorted) {
      const id = `f-${name}-${value}`.replace(/[^\w-]/g, "_");
      const count = counts && counts[name] ? counts[name][value] ?? 0 : allFilters[name][value];
      const checked = (state.filters[name] || []).includes(value);
      const row = document.createElement("div");
      row.className = "facet";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.name = name;
      box.value = value;
      box.checked = checked;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = `${value} `;
      const number = document.createElement("span");
      number.className = "count";
      number.textContent = `(${count})`;
      label.append(number);
      row.append(box, label);
      fieldset.append(row);
    }
    filtersBox.append(fieldset);
  }
  const anyChecked = Object.keys(state.filters).length > 0;
  if (anyChecked) {
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "clear";
    clear.textContent = strings.clear;
    clear.addEventListener("click", () => {
      for (const box of filtersBox.querySelectorAll("input:checked")) box.checked = false;
      navigate(true);
    });
    filtersBox.append(clear);
  }
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  if (data.meta.language) link.lang = data.meta.language;
  heading.append(link);
  if (data.meta.language_note) {
    const note = document.createElement("span");
    note.className = "language-note";
    note.textContent = ` (${data.meta.language_note})`;
    heading.append(note);
  }
  const meta = document.createElement("p");
  meta.className = "entry-meta";
  meta.textContent = [data.meta.kind, data.meta.date, data.meta.organisation].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  if (data.meta.language) excerpt.lang = data.meta.language;
  if (onlyAddedWords(data)) excerpt.textContent = data.meta.summary || "";
  else excerpt.append(safeExcerpt(data.excerpt));
  item.append(heading, meta, excerpt);
  return item;
}

async function showMore() {
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const datas = await Promise.all(batch.map((result) => result.data()));
  const first = shown;
  for (const data of datas) list.append(resultItem(data));
  shown += batch.length;
  moreButton.hidden = shown >= results.length;
  return first;
}

async function run() {
  const mine = ++generation;
  root.dataset.busy = "true";
  try {
    await runSearch(mine);
  } finally {
    if (mine === generation) {
      root.dataset.searches = String(Number(root.dataset.searches || 0) + 1); // for tests and tools
      root.dataset.busy = "false";
    }
  }
}

async function runSearch(mine) {
  const state = readState();
  input.value = state.q;
  sortSelect.value = state.sort;
  const hasFilters = Object.keys(state.filters).length > 0;
  if (hasFilters && allFilters === null) await openFacets();
  if (!state.q && !hasFilters) {
    results = [];
    list.replaceChildren();
    moreButton.hidden = true;
    statusLine.textContent = "";
    renderFacets(null);
    return;
  }
  statusLine.textContent = strings.searching;
  const filters = {};
  for (const [name, values] of Object.entries(state.filters)) filters[name] = { any: values };
  const term = state.q ? searchTerm(state.q, document.documentElement.lang) : null;
  const [search, byDate] = await Promise.all([pagefind.search(term, { filters }), state.sort ? loadDates() : null]);
  if (mine !== generation) return; // a newer search started meanwhile
  results = byDate ? sortByDate(search.results, byDate, state.sort === "date-asc") : search.results;
  shown = 0;
  list.replaceChildren();
  await showMore();
  renderFacets(search.filters);
  const count = results.length;
  if (!state.q) statusLine.textContent = format(strings.filtered, { count });
  else if (count === 0) statusLine.textContent = format(strings.none, { query: state.q });
  else statusLine.textContent = format(count === 1 ? strings.result : strings.results, { count, query: state.q });
}

// Pagefind sorts each merged shard on its own, so the date order is made here, across all
// of them, from the dates the build wrote for each shard; the page id breaks ties.
async function loadDates() {
  if (dates === null) {
    dates = (async () => {
      const lang = document.documentElement.lang;
      const tables = await Promise.all(
        shardList
          .filter((shard) => shard.pages)
          .map(async (shard) => {
            const response = await fetch(new URL(`${shard.path ? `${shard.path}/` : ""}dates.${lang}.json`, bundleUrl));
            return response.ok ? response.json() : {};
          }),
      );
      return new Map(tables.flatMap((table) => Object.entries(table)));
    })();
  }
  return dates;
}

function sortByDate(found, byDate, ascending) {
  const direction = ascending ? 1 : -1;
  return [...found].sort((a, b) => {
    const first = byDate.get(a.id);
    const second = byDate.get(b.id);
    if (first !== second) {
      if (first === undefined) return 1; // undated pages last, either way
      if (second === undefined) return -1;
      return first < second ? -direction : direction;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

function navigate(push) {
  const url = stateUrl(currentState());
  if (url !== window.location.pathname + window.location.search) {
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }
  return run();
}

let typingTimer = null;
input.addEventListener("input", () => {
  window.clearTimeout(typingTimer);
  typingTimer = window.setTimeout(() => navigate(false), 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  window.clearTimeout(typingTimer);
  navigate(true);
});
filtersBox.addEventListener("change", () => navigate(true));
filtersToggle.addEventListener("click", async () => {
  if (filtersToggle.getAttribute("aria-expanded") === "true") {
    filtersBox.hidden = true;
    filtersToggle.setAttribute("aria-expanded", "false");
    return;
  }
  await openFacets();
  await run();
  filtersBox.querySelector("input")?.focus();
});
sortSelect.addEventListener("change", () => navigate(true));
window.addEventListener("popstate", () => run());
moreButton.addEventListener("click", async () => {
  const first = await showMore();
  list.children[first]?.querySelector("a")?.focus();
});

// Arrow keys move between results; from the search field, down enters the list.
function resultLinks() {
  return [...list.querySelectorAll("li.result h2 a")];
}
input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && resultLinks().length) {
    event.preventDefault();
    resultLinks()[0].focus();
  }
});
list.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const links = resultLinks();
  const index = links.indexOf(document.activeElement);
  if (index === -1) return;
  event.preventDefault();
  if (event.key === "ArrowDown" && index + 1 < links.length) links[index + 1].focus();
  else if (event.key === "ArrowUp") (index === 0 ? input : links[index - 1]).focus();
});

async function loadShards(bundle) {
  const response = await fetch(new URL("shards.json", bundle));
  if (!response.ok) throw new Error(`shards.json: ${response.status}`);
  return (await response.json()).shards;
}

async function start() {
  try {
    const bundle = new URL(root.dataset.bundle, window.location.href);
    const options = {
      baseUrl: new URL(root.dataset.siteRoot, window.location.href).pathname,
      excerptLength: 24,
    };
    // The index is made in shards (generator/search/pagefind.py); the first is the bundle
    // itself, the others are merged into it. Options apply to each one separately.
    const [module, shards] = await Promise.all([import(new URL("pagefind.js", bundle).href), loadShards(bundle)]);
    pagefind = module;
    bundleUrl = bundle;
    shardList = shards;
    await pagefind.options({ basePath: bundle.pathname, ...options });
    await pagefind.init();
    await Promise.all(
      shards.filter((shard) => shard.path && shard.pages).map((shard) => pagefind.mergeIndex(new URL(`${shard.path}/`, bundle).pathname, options)),
    );
  } catch (error) {
    statusLine.textContent = strings.failed;
    ui.dataset.ready = "true";
    console.error(error);
    return;
  }
  ui.dataset.ready = "true";
  await run();
}

start();
