// newsgraph's query page and entity page: plain JavaScript served by the binary, no build step
// and no outside resources.
"use strict";

const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
const ID_NS = "https://w3id.org/newsgraph/id/";
let prefixes = {};

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};

function compact(iri) {
  for (const [p, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
  }
  return iri;
}

function entityHref(iri) {
  return "/entity?iri=" + encodeURIComponent(iri);
}

// ---------------------------------------------------------------- search box

function setupSearch() {
  const box = $("search");
  const list = $("search-results");
  if (!box) return;
  let timer = null;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = box.value.trim();
      list.replaceChildren();
      if (!q) return;
      const r = await fetch("/api/search?q=" + encodeURIComponent(q));
      if (!r.ok) return;
      for (const hit of await r.json()) {
        const extra = hit.alias ? ` (also “${hit.alias}”)` : "";
        list.append(el("li", {}, el("a", { href: hit.href }, (hit.name || hit.iri) + extra),
          el("span", { class: "type" }, hit.type || "")));
      }
    }, 150);
  });
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      const first = list.querySelector("a");
      if (first) window.location = first.href;
    } else if (e.key === "Escape") {
      list.replaceChildren();
    }
  });
}

// ---------------------------------------------------------------- highlighting

const KEYWORDS = new Set(("select construct describe ask where from named prefix base distinct reduced " +
  "optional union minus graph service filter bind values as group by order asc desc having limit offset " +
  "not in exists count sum min max avg sample group_concat separator str lang langmatches datatype bound " +
  "iri uri bnode rand abs ceil floor round concat strlen ucase lcase encode_for_uri contains strstarts " +
  "strends strbefore strafter year month day hours minutes seconds timezone tz now uuid struuid md5 sha1 " +
  "sha256 sha384 sha512 coalesce if strlang strdt sameterm isiri isuri isblank isliteral isnumeric regex " +
  "substr replace true false a insert delete data with using clear drop create load silent default all " +
  "to move copy add").split(" "));
const TOKEN = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][A-Za-z_][\w]*)|((?:[A-Za-z][\w.-]*)?:[\w.-]*)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]+)/g;

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function highlight(text) {
  let out = "";
  let last = 0;
  text.replace(TOKEN, (m, comment, str, iri, variable, pname, num, word, offset) => {
    out += escapeHtml(text.slice(last, offset));
    let cls = null;
    if (comment) cls = "comment";
    else if (str) cls = "str";
    else if (iri) cls = "iri";
    else if (variable) cls = "var";
    else if (pname) cls = "pname";
    else if (num) cls = "num";
    else if (word && KEYWORDS.has(word.toLowerCase())) cls = "kw";
    out += cls ? `<span class="tok-${cls}">${escapeHtml(m)}</span>` : escapeHtml(m);
    last = offset + m.length;
    return m;
  });
  return out + escapeHtml(text.slice(last)) + "\n";
}

// ---------------------------------------------------------------- completion

let vocabulary = [];

function setupEditor() {
  const area = $("query");
  const pre = $("highlight");
  const menu = $("completion");
  const sync = () => {
    if (errorAt === null) {
      pre.innerHTML = highlight(area.value);
    } else {
      // The error's place marked; the message is in the status line.
      const text = area.value;
      const at = text.slice(errorAt, errorAt + 1);
      pre.innerHTML = highlight(text.slice(0, errorAt)).slice(0, -1) +
        `<span class="error-mark" id="error-mark" title="${escapeHtml($("status").textContent)}">${at && at !== "\n" ? escapeHtml(at) : "&nbsp;"}</span>` +
        (at === "\n" ? "\n" : "") + highlight(text.slice(errorAt + 1));
    }
    pre.scrollTop = area.scrollTop;
  };
  area.addEventListener("input", () => { errorAt = null; sync(); complete(); });
  area.addEventListener("render", sync);
  area.addEventListener("scroll", () => { pre.scrollTop = area.scrollTop; });
  sync();

  let items = [];
  let active = 0;
  let wordStart = 0;

  function close() { menu.hidden = true; items = []; }

  function complete() {
    const upto = area.value.slice(0, area.selectionStart);
    const m = /([A-Za-z][\w-]*:[\w-]*|[A-Za-z][\w-]+)$/.exec(upto);
    if (!m) return close();
    const word = m[1];
    wordStart = area.selectionStart - word.length;
    const lower = word.toLowerCase();
    items = vocabulary.filter((t) => t.name.toLowerCase().startsWith(lower) && t.name !== word).slice(0, 12);
    if (!items.length) return close();
    active = 0;
    menu.replaceChildren(...items.map((t, i) => {
      const li = el("li", { "data-i": String(i), title: t.comment || "" }, t.name, el("span", { class: "kind" }, t.kind));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); accept(i); });
      return li;
    }));
    const lines = upto.split("\n");
    const lineHeight = 14 * 1.4;
    const col = lines[lines.length - 1].length;
    menu.style.top = (lines.length * lineHeight + 10 - area.scrollTop) + "px";
    menu.style.left = Math.min(col * 8.4 + 8, area.clientWidth - 200) + "px";
    menu.hidden = false;
    mark();
  }

  function mark() {
    menu.querySelectorAll("li").forEach((li, i) => li.classList.toggle("active", i === active));
  }

  function accept(i) {
    const t = items[i];
    const before = area.value.slice(0, wordStart);
    const after = area.value.slice(area.selectionStart);
    area.value = before + t.name + after;
    area.selectionStart = area.selectionEnd = before.length + t.name.length;
    close();
    sync();
    area.focus();
  }

  area.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      runQuery();
      return;
    }
    if (menu.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); active = (active + 1) % items.length; mark(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); active = (active + items.length - 1) % items.length; mark(); }
    else if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); accept(active); }
    else if (e.key === "Escape") { close(); }
  });
  area.addEventListener("blur", () => setTimeout(close, 100));
}

// ---------------------------------------------------------------- running queries

function currentParams() {
  return $("params").value.split(";").map((s) => s.trim()).filter(Boolean);
}

// The link that reproduces the query and its parameters, and the result downloads.
function updateLinks(text, params, graph) {
  const page = new URLSearchParams({ query: text });
  for (const p of params) page.append("param", p);
  const link = $("permalink");
  link.href = "/?" + page.toString() + "&run";
  link.hidden = false;
  const formats = graph ? [["ttl", "Turtle"], ["nt", "N-Triples"], ["jsonld", "JSON-LD"]]
    : [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"]];
  const box = $("downloads");
  box.replaceChildren("Download: ");
  for (const [format, name] of formats) {
    const q = new URLSearchParams({ query: text, format });
    for (const p of params) q.append("param", p);
    box.append(el("a", { href: "/sparql?" + q.toString(), download: `results.${format}`, id: `download-${format}` }, name), " ");
  }
  box.hidden = false;
}

// The graph view of the last CONSTRUCT or DESCRIBE.
let graphView = null;

// A syntax error's position ("line L, column C") marked in the editor.
let errorAt = null;

function markError(message) {
  const m = /line (\d+), column (\d+)/.exec(message);
  errorAt = null;
  if (m) {
    const lines = $("query").value.split("\n");
    const line = Math.min(Number(m[1]), lines.length);
    let offset = 0;
    for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
    errorAt = Math.min(offset + Number(m[2]) - 1, $("query").value.length);
  }
  $("query").dispatchEvent(new Event("render"));
}

async function runQuery() {
  const status = $("status");
  const text = $("query").value;
  const params = currentParams();
  const form = new URLSearchParams();
  form.append("query", text);
  for (const p of params) form.append("param", p);
  status.className = "";
  status.textContent = "running…";
  errorAt = null;
  const started = performance.now();
  let r;
  try {
    r = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, application/n-triples;q=0.9" },
      body: form,
    });
  } catch (e) {
    status.className = "error";
    status.textContent = String(e);
    return;
  }
  const ms = Math.round(performance.now() - started);
  const body = await r.text();
  if (!r.ok) {
    status.className = "error";
    status.textContent = `${r.status}: ${body.trim().split("\n")[0]}`;
    markError(body);
    return;
  }
  $("query").dispatchEvent(new Event("render"));
  const type = r.headers.get("Content-Type") || "";
  if (type.startsWith("application/n-triples")) {
    const triples = parseNTriples(body);
    await showTriples(triples);
    status.textContent = `${triples.length} triples in ${ms} ms`;
    updateLinks(text, params, true);
    graphView = await drawQueryGraph($("graph"), text, params);
  } else {
    const json = JSON.parse(body);
    $("graph").replaceChildren();
    graphView = null;
    if ("boolean" in json) {
      $("results").replaceChildren(el("p", { class: "boolean" }, String(json.boolean)));
      status.textContent = `${json.boolean} in ${ms} ms`;
    } else {
      await showTable(json.head.vars, json.results.bindings);
      status.textContent = `${json.results.bindings.length} rows in ${ms} ms`;
      updateLinks(text, params, false);
    }
  }
}

// Labels and kinds of the entities a result names, read in one request.
async function labelsOf(terms) {
  const form = new URLSearchParams();
  const seen = new Set();
  for (const t of terms) {
    if (t && t.type === "uri" && t.value.startsWith(ID_NS) && !seen.has(t.value) && seen.size < 2000) {
      seen.add(t.value);
      form.append("iri", t.value);
    }
  }
  if (!seen.size) return {};
  const r = await fetch("/api/labels", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  return r.ok ? r.json() : {};
}

function termCell(term, labels) {
  if (!term) return "";
  if (term.type === "uri") {
    // An article, or something read in one (a fact, a statement, a sentence): its article view.
    if (term.value.startsWith(ID_NS + "article/")) {
      return el("a", { href: "/article?iri=" + encodeURIComponent(term.value), title: "the article view", class: "article-link" }, compact(term.value));
    }
    if (term.value.startsWith(ID_NS)) {
      const known = labels && labels[term.value];
      const text = known && known.label ? known.label : compact(term.value);
      const a = el("a", { href: entityHref(term.value), title: compact(term.value), class: "entity-link" }, text);
      if (known && known.kind && known.kind !== "Other") a.classList.add("k-" + known.kind);
      return a;
    }
    // Only web addresses become links: a result may hold any IRI (javascript:, data:, …).
    if (!/^https?:\/\//i.test(term.value)) return compact(term.value);
    return el("a", { href: term.value, rel: "external noopener" }, compact(term.value));
  }
  return term.value;
}

async function showTable(vars, rows) {
  const labels = await labelsOf(rows.flatMap((b) => vars.map((v) => b[v])));
  const head = el("tr", {}, ...vars.map((v) => el("th", {}, v)));
  const body = rows.map((b) => el("tr", {}, ...vars.map((v) => el("td", {}, termCell(b[v], labels)))));
  $("results").replaceChildren(el("table", { id: "result-table" }, el("thead", {}, head), el("tbody", {}, ...body)));
}

async function showTriples(triples) {
  await showTable(["subject", "predicate", "object"], triples.map((t) => ({
    subject: t.s, predicate: { type: "uri", value: t.p }, object: t.o,
  })));
}

// N-Triples, as this server writes it: one triple per line.
function parseNTriples(text) {
  const term = String.raw`(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)`;
  const line = new RegExp(`^${term}\\s+<([^>]*)>\\s+${term}\\s*\\.\\s*$`);
  const toTerm = (t) => {
    if (t.startsWith("<")) return { type: "uri", value: t.slice(1, -1) };
    if (t.startsWith("_:")) return { type: "bnode", value: t };
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(t);
    return { type: "literal", value: JSON.parse('"' + m[1] + '"') };
  };
  const out = [];
  for (const l of text.split("\n")) {
    const m = line.exec(l.trim());
    if (m) out.push({ s: toTerm(m[1]), p: m[2], o: toTerm(m[3]) });
  }
  return out;
}

// ---------------------------------------------------------------- entity page

// The neighbourhood of the entity on an entity page.
async function entityGraph(container) {
  await drawQueryGraph(container, NEIGHBOURHOOD, ["e=<" + container.dataset.iri + ">"]);
  container.dataset.done = "true";
}

// ---------------------------------------------------------------- article page

// A mention chosen: its entity and what this article says of it, in the side panel.
function setupArticle() {
  const data = JSON.parse($("article-data").textContent);
  const panel = $("panel");
  const choose = (mark) => {
    const iri = mark.dataset.entity;
    const entity = data.entities[iri] || { label: mark.textContent, kind: "Other" };
    document.querySelectorAll("mark.mention").forEach((m) => m.classList.toggle("same", m.dataset.entity === iri));
    const facts = data.facts.filter((f) => f.s === iri || f.o === iri);
    const count = document.querySelectorAll(`mark.mention[data-entity="${CSS.escape(iri)}"]`).length;
    const list = el("ul", { class: "panel-facts" });
    for (const f of facts) {
      const li = el("li", { class: f.below ? "below-default" : "fact" },
        el("strong", {}, `${f.sl} — ${f.p.replace(/^ng:/, "")} → ${f.ol}`), " ",
        el("span", { class: "confidence" }, `(${f.confidence.toFixed(2)}${f.below ? ", below the default threshold" : ""})`));
      if (f.sentence) li.append(el("blockquote", {}, el("a", { href: "#s" + f.sentence }, "§" + f.sentence), " ", f.text));
      list.append(li);
    }
    panel.replaceChildren(
      el("h3", { id: "panel-entity", class: "k-" + entity.kind }, entity.label),
      el("p", {}, `${entity.kind} · ${count} mention${count === 1 ? "" : "s"} here · `, el("a", { href: entity.href, id: "panel-link" }, "entity page")),
      facts.length ? list : el("p", { class: "hint" }, "No relation of it was read from this article."));
    panel.dataset.entity = iri;
  };
  document.querySelectorAll("mark.mention").forEach((m) => {
    m.addEventListener("click", () => choose(m));
    m.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(m); } });
  });
  // A link may choose a mention (#m=N): how tests drive the page.
  const chosen = /[#&]m=(\d+)/.exec(window.location.hash);
  if (chosen) {
    const m = document.querySelector(`mark.mention[data-m="${chosen[1]}"]`);
    if (m) choose(m);
  }
  document.body.dataset.done = "true";
}

// ---------------------------------------------------------------- start

async function start() {
  setupSearch();
  const vocab = await fetch("/api/vocabulary").then((r) => r.json()).catch(() => null);
  if (vocab) {
    prefixes = vocab.prefixes;
    vocabulary = Object.keys(prefixes).map((p) => ({ name: p + ":", kind: "prefix", comment: prefixes[p] }))
      .concat(vocab.terms)
      .concat([...KEYWORDS].filter((k) => k.length > 2).map((k) => ({ name: k.toUpperCase(), kind: "keyword" })));
  }
  if ($("article-data")) {
    setupArticle();
    return;
  }
  const graph = $("graph");
  if (graph && graph.dataset.iri) {
    await entityGraph(graph);
    document.body.dataset.done = "true";
    return;
  }
  if (!$("query")) return;
  setupEditor();
  $("run").addEventListener("click", runQuery);
  const select = $("examples");
  const examples = await fetch("/api/examples").then((r) => r.json()).catch(() => []);
  for (const ex of examples) select.append(el("option", { value: ex.name }, `${ex.name} — ${ex.title}`));
  select.addEventListener("change", () => {
    const ex = examples.find((e) => e.name === select.value);
    if (!ex) return;
    $("query").value = ex.query;
    $("query").dispatchEvent(new Event("input"));
  });
  // A link may carry the query (?query=…&param=…&run): shareable, and how tests drive the page.
  const url = new URLSearchParams(window.location.search);
  const example = examples.find((e) => e.name === url.get("example"));
  if (url.has("query") || example) {
    if (example && !url.has("query")) select.value = example.name;
    $("query").value = url.get("query") || example.query;
    $("query").dispatchEvent(new Event("input"));
    $("params").value = url.getAll("param").join("; ");
  }
  document.body.dataset.ready = "true";
  if (url.has("run")) {
    await runQuery();
    // A link may expand a node of the drawn graph (&expand=IRI).
    const expand = graphView && graphView.byId.get(url.get("expand"));
    if (expand) await graphView.activate(expand);
    document.body.dataset.done = "true";
  }
}

start();
