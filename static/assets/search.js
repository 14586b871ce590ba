// The search page (/soeg/): Pagefind's JS API, with the query, the filters
// and the sort order kept in the URL so a search can be pasted into an email
// and back/forward restore it.
import { format, messages, plural, urls } from "./page-data.js";

// The index is in shards of consecutive years (or of one year's months),
// newest first (index.py): the
// newest is loaded with the page, the others are merged into it when the
// first search has shown the newest shard's hits. Every shard's page list
// (pf_meta, ~10 bytes a page) and its part of the word index are fetched for
// a search of them all: on a cold page the first results come from a
// fraction of that, and the complete, ranked list follows.
const shards = JSON.parse(document.getElementById("ma-search-shards").textContent).map(
  (shard) => ({ ...shard, path: new URL(shard.url, document.baseURI).pathname }));
const OPTIONS = { baseUrl: new URL(urls.root).pathname, highlightParam: "markering", excerptLength: 28 };
// Each shard's pages carry its key as a filter that no page declares, so
// that a search can be held to one shard (find()).
const SHARD_FILTER = "ma_shard";
const pagefind = await import(`${shards[0].path}pagefind.js`);
await pagefind.options(OPTIONS);
await pagefind.init();
await pagefind.options({ mergeFilter: { [SHARD_FILTER]: shards[0].key } });
let loaded = shards.slice(0, 1);
let everyShard = null;
const mergeOthers = () => (everyShard ??= Promise.all(shards.slice(1).map((shard) => pagefind.mergeIndex(
  shard.path, { ...OPTIONS, mergeFilter: { [SHARD_FILTER]: shard.key } }))).then(() => { loaded = shards; }));
// The filter index (every shard's) is needed for the counts beside the
// filters, not for results: it loads after the first results are shown.
let filterIndex = null;
const allCounts = () => (filterIndex ??= mergeOthers().then(() => pagefind.filters()));

const form = document.getElementById("ma-search");
const input = document.getElementById("ma-q");
const sortSelect = document.getElementById("ma-sort");
const statusLine = document.getElementById("ma-status");
const list = document.getElementById("ma-results");
const moreButton = document.getElementById("ma-more");
const checkboxes = [...form.querySelectorAll("input[type=checkbox]")];
const FILTERS = [...form.querySelectorAll("fieldset[data-filter]")].map((f) => f.dataset.filter);
const PAGE_SIZE = 20;

// The filters and the order: one disclosure under the query on a phone,
// saying how many filters are chosen; always open beside the results on a
// wide screen (archive.css shows its content there, so opening it moves nothing).
const refine = document.getElementById("ma-refine");
const refineSummary = refine.querySelector("summary");
const chosenCount = document.getElementById("ma-refine-count");
const wide = matchMedia("(min-width: 60em)");
function fitRefine() {
  if (wide.matches) refine.open = true;
  refineSummary.tabIndex = wide.matches ? -1 : 0; // a heading there, not a control
}
wide.addEventListener("change", fitRefine);
fitRefine();

function showChosen(state) {
  const chosen = FILTERS.reduce((sum, name) => sum + state.filters[name].length, 0);
  chosenCount.textContent = chosen ? `(${plural(chosen, messages.filtersActive)})` : "";
}

let generation = 0; // a newer search makes older answers stale
let results = [];
let shown = 0;

function readState(params) {
  return {
    q: (params.get("q") || "").trim(),
    sort: params.get("sortering") || "",
    filters: Object.fromEntries(FILTERS.map((name) => [name, params.getAll(name)])),
  };
}

function toParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) for (const value of state.filters[name]) params.append(name, value);
  if (state.sort) params.set("sortering", state.sort);
  return params;
}

function showState(state) {
  input.value = state.q;
  sortSelect.value = state.sort;
  for (const box of checkboxes) box.checked = state.filters[box.name].includes(box.value);
}

function showCounts(counts) {
  for (const box of checkboxes) {
    const count = counts[box.name]?.[box.value] ?? 0;
    box.parentElement.querySelector("[data-count]").textContent = `(${count})`;
    box.parentElement.hidden = count === 0 && !box.checked;
  }
  for (const fieldset of form.querySelectorAll("fieldset[data-filter]")) {
    fieldset.hidden = [...fieldset.querySelectorAll(".ma-filter")].every((row) => row.hidden);
  }
}

// Words typed without æ, ø, å ("mode", "moede", "okonomi") → the archive's
// own words ("møde", "økonomi"); made by the build (only for forms that are
// not words of the archive themselves).
const spellings = fetch(urls.spellings).then((r) => (r.ok ? r.json() : {}), () => ({}));
async function withDanishLetters(text) {
  const known = await spellings;
  return text.replace(/[\p{L}-]+/gu, (word) => known[word.toLowerCase()] ?? word);
}

async function search(state) {
  const mine = ++generation;
  showChosen(state);
  statusLine.textContent = messages.searching; // synchronously, so no stale count is ever shown
  const filters = Object.fromEntries(
    FILTERS.filter((name) => state.filters[name].length).map((name) => [name, { any: state.filters[name] }]));
  if (!state.q && !Object.keys(filters).length) {
    results = [];
    list.replaceChildren();
    moreButton.hidden = true;
    showCounts(await allCounts());
    if (mine !== generation) return;
    statusLine.textContent = messages.prompt;
    return;
  }
  const sort = state.sort === "nyeste" ? { dato: "desc" } : undefined;
  // Pagefind does not fold æ, ø, å: search for the archive's spelling.
  const query = state.q && (await withDanishLetters(state.q));
  if (loaded.length < shards.length) {
    if (!everyShard) await showResults(await find(query || null, filters, sort), mine);
    if (mine !== generation) return;
    statusLine.textContent = messages.searchingOlder;
    await mergeOthers();
    if (mine !== generation) return;
  }
  const found = await find(query || null, filters, sort);
  if (mine !== generation) return;
  await showResults(found, mine);
  if (mine !== generation) return;
  if (!filterIndex) {
    // Counts need the whole filter index: once it is loaded, the same search again.
    await allCounts();
    showCounts((await find(query || null, filters, undefined)).filters);
  } else {
    showCounts(found.filters);
  }
  if (mine !== generation) return;
  // The status is written last: it announces the results (aria-live) and
  // tells tests that the list is complete.
  const what = plural(results.length, messages.results);
  const typed = query !== state.q ? format(messages.youTyped, { typed: state.q }) : "";
  statusLine.textContent = state.q ? format(messages.resultsFor, { results: what, query }) + typed : what;
}

// A merged search orders results by score, which in a sorted search is each
// page's rank within its own shard. The shards hold disjoint runs of time,
// so newest first is each shard's results in turn, newest shard first (its
// key as a filter). The counts are those of one search of them all.
async function find(query, filters, sort) {
  if (!sort || loaded.length === 1) return pagefind.search(query, { filters, sort });
  const all = await pagefind.search(query, { filters });
  const chosen = filters.aar?.any;
  const results = [];
  for (const shard of loaded) {
    if (chosen && !shard.years.some((year) => chosen.includes(year))) continue;
    const part = await pagefind.search(query, { filters: { ...filters, [SHARD_FILTER]: shard.key }, sort });
    results.push(...part.results);
  }
  return { ...all, results };
}

async function showResults(found, mine) {
  if (mine !== generation) return;
  results = found.results;
  shown = 0;
  list.replaceChildren();
  await showMore(mine);
}

async function showMore(mine) {
  const page = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
  if (mine !== generation) return;
  for (const data of page) list.append(resultItem(data));
  shown += page.length;
  moreButton.hidden = shown >= results.length;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "ma-result__meta";
  const m = data.meta;
  meta.textContent = [m.type, m.udvalg, m.dato, m.punkt && format(messages.item, { number: m.punkt })].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "ma-result__excerpt";
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
  item.append(heading, meta, excerpt);
  return item;
}

function formState() {
  return readState(new URLSearchParams(new FormData(form)));
}

function navigate(state, { replace = false } = {}) {
  const query = toParams(state).toString();
  const url = `${location.pathname}${query ? `?${query}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) {
    history[replace ? "replaceState" : "pushState"](null, "", url);
  }
  return search(state);
}

let typing;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => navigate(formState(), { replace: true }), 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  navigate(formState());
});
form.addEventListener("change", (event) => {
  if (event.target !== input) navigate(formState());
});
moreButton.addEventListener("click", () => showMore(generation));
window.addEventListener("popstate", () => {
  const state = readState(new URLSearchParams(location.search));
  showState(state);
  search(state);
});

// Whatever the reader typed while Pagefind was loading wins over the empty
// query of the URL.
const initial = readState(new URLSearchParams(location.search));
if (!initial.q && input.value.trim()) initial.q = input.value.trim();
showState(initial);
form.dataset.ready = "true";
if (initial.q !== (new URLSearchParams(location.search).get("q") || "")) navigate(initial, { replace: true });
else search(initial);
