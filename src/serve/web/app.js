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
        list.append(el("li", {}, el("a", { href: entityHref(hit.iri) }, hit.name || hit.iri),
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
    pre.innerHTML = highlight(area.value);
    pre.scrollTop = area.scrollTop;
  };
  area.addEventListener("input", () => { sync(); complete(); });
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

function isGraphQuery(text) {
  const body = text.replace(/#[^\n]*/g, "").replace(/(PREFIX|BASE)\s+[^\n]*/gi, "");
  return /^\s*(CONSTRUCT|DESCRIBE)\b/i.test(body);
}

async function runQuery() {
  const status = $("status");
  const text = $("query").value;
  const form = new URLSearchParams();
  form.append("query", text);
  for (const p of $("params").value.split(";").map((s) => s.trim()).filter(Boolean)) {
    form.append("param", p);
  }
  status.className = "";
  status.textContent = "running…";
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
    status.textContent = `${r.status}: ${body}`;
    return;
  }
  const type = r.headers.get("Content-Type") || "";
  if (type.startsWith("application/n-triples")) {
    const triples = parseNTriples(body);
    showTriples(triples);
    drawGraph($("graph"), triples);
    status.textContent = `${triples.length} triples in ${ms} ms`;
  } else {
    const json = JSON.parse(body);
    if ("boolean" in json) {
      $("results").replaceChildren(el("p", { class: "boolean" }, String(json.boolean)));
      status.textContent = `${json.boolean} in ${ms} ms`;
    } else {
      showTable(json.head.vars, json.results.bindings);
      $("graph").replaceChildren();
      status.textContent = `${json.results.bindings.length} rows in ${ms} ms`;
    }
  }
}

function termCell(term) {
  if (!term) return "";
  if (term.type === "uri") {
    if (term.value.startsWith(ID_NS)) return el("a", { href: entityHref(term.value) }, compact(term.value));
    // Only web addresses become links: a result may hold any IRI (javascript:, data:, …).
    if (!/^https?:\/\//i.test(term.value)) return compact(term.value);
    return el("a", { href: term.value, rel: "external noopener" }, compact(term.value));
  }
  return term.value;
}

function showTable(vars, rows) {
  const head = el("tr", {}, ...vars.map((v) => el("th", {}, v)));
  const body = rows.map((b) => el("tr", {}, ...vars.map((v) => el("td", {}, termCell(b[v])))));
  $("results").replaceChildren(el("table", { id: "result-table" }, el("thead", {}, head), el("tbody", {}, ...body)));
}

function showTriples(triples) {
  showTable(["subject", "predicate", "object"], triples.map((t) => ({
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

// ---------------------------------------------------------------- graph view

// A force-directed layout of the resources of `triples` (labels from rdfs:label) as SVG.
function drawGraph(container, triples) {
  const labels = new Map();
  const nodes = new Map();
  const edges = [];
  for (const t of triples) {
    if (t.p === RDFS_LABEL && t.o.type === "literal") labels.set(t.s.value, t.o.value);
  }
  const node = (term) => {
    if (!nodes.has(term.value)) nodes.set(term.value, { id: term.value, x: 0, y: 0, vx: 0, vy: 0 });
    return nodes.get(term.value);
  };
  for (const t of triples) {
    if (t.o.type === "literal" || t.p === RDF_TYPE) continue;
    edges.push({ a: node(t.s), b: node(t.o), label: compact(t.p).replace(/^ng:/, "") });
  }
  container.replaceChildren();
  if (!edges.length) return;
  const list = [...nodes.values()];
  // Fruchterman-Reingold in a unit area, then scaled to fit the view.
  const k = 1 / Math.sqrt(list.length);
  list.forEach((n, i) => {
    const a = 2.4 * i;
    const r = Math.sqrt((i + 0.5) / list.length) / 2;
    n.x = r * Math.cos(a);
    n.y = r * Math.sin(a);
  });
  const steps = 400;
  for (let step = 0; step < steps; step++) {
    const temperature = 0.1 * (1 - step / steps) + 0.002;
    for (const n of list) { n.vx = 0; n.vy = 0; }
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j];
        const dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1e-4);
        const f = (k * k) / d;
        a.vx += (dx / d) * f; a.vy += (dy / d) * f;
        b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
      }
    }
    for (const e of edges) {
      const dx = e.a.x - e.b.x, dy = e.a.y - e.b.y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1e-4);
      const f = (d * d) / (20 * k);
      e.a.vx -= (dx / d) * f; e.a.vy -= (dy / d) * f;
      e.b.vx += (dx / d) * f; e.b.vy += (dy / d) * f;
    }
    for (const n of list) {
      // A weak pull to the centre keeps separate components together.
      n.vx -= n.x; n.vy -= n.y;
      const d = Math.sqrt(n.vx * n.vx + n.vy * n.vy) || 1;
      const move = Math.min(d, temperature);
      n.x += (n.vx / d) * move;
      n.y += (n.vy / d) * move;
    }
  }
  const W = 1000, H = Math.round(Math.max(360, Math.min(1000, 90 * Math.sqrt(list.length))));
  const xs = list.map((n) => n.x), ys = list.map((n) => n.y);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  for (const n of list) {
    n.x = 30 + ((n.x - minX) / (maxX - minX || 1)) * (W - 180);
    n.y = 20 + ((n.y - minY) / (maxY - minY || 1)) * (H - 40);
  }
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("width", W);
  svg.setAttribute("height", H);
  svg.setAttribute("id", "graph-svg");
  const add = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  for (const e of edges) {
    add("line", { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y, stroke: "#98a2b3" });
    add("text", { x: (e.a.x + e.b.x) / 2, y: (e.a.y + e.b.y) / 2 - 3, fill: "#667085", "text-anchor": "middle" }, e.label);
  }
  for (const n of list) {
    const link = document.createElementNS(NS, "a");
    link.setAttribute("href", entityHref(n.id));
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("cx", n.x); c.setAttribute("cy", n.y); c.setAttribute("r", 7);
    c.setAttribute("fill", n.id.startsWith(ID_NS) ? "#1f6feb" : "#98a2b3");
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", n.x + 10); t.setAttribute("y", n.y + 4);
    t.textContent = labels.get(n.id) || compact(n.id);
    link.append(c, t);
    svg.append(link);
  }
  container.append(svg);
}

// The neighbourhood of the entity on an entity page.
async function entityGraph(container) {
  const iri = container.dataset.iri;
  const query = `CONSTRUCT { ?e ?p ?o . ?s ?q ?e . ?e rdfs:label ?el . ?o rdfs:label ?ol . ?s rdfs:label ?sl }
WHERE {
  VALUES ?p { ng:affiliatedWith ng:basedIn ng:locatedIn ng:partyTo ng:nationality }
  VALUES ?q { ng:affiliatedWith ng:basedIn ng:locatedIn ng:partyTo ng:nationality }
  ?e rdfs:label ?el .
  { ?e ?p ?o . ?o rdfs:label ?ol } UNION { ?s ?q ?e . ?s rdfs:label ?sl }
}`;
  const form = new URLSearchParams({ query });
  form.append("param", "e=<" + iri + ">");
  const r = await fetch("/sparql", { method: "POST", body: form,
    headers: { Accept: "application/n-triples", "Content-Type": "application/x-www-form-urlencoded" } });
  if (r.ok) drawGraph(container, parseNTriples(await r.text()));
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
  const graph = $("graph");
  if (graph && graph.dataset.iri) {
    entityGraph(graph);
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
    document.body.dataset.done = "true";
  }
}

start();
