// newsgraph's graph view: the diagram of /api/graph (the DOT export's nodes, labels, shapes
// and fills) laid out force-directed in SVG, with arrows, a legend, zoom (wheel, + and -), pan
// (drag the background, arrow keys), nodes dragged, a node's neighbourhood added on click or
// Enter, and the view exported as SVG and as DOT. No outside resources.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
// The pull of every node to the centre, against the repulsion that would scatter components.
const GRAVITY = 1.0;

// The neighbourhood of ?e, drawn when a node is expanded.
const NEIGHBOURHOOD = `CONSTRUCT { ?e ?p ?o . ?s ?q ?e . ?e ng:holdsPost ?post . ?x ng:holdsPost ?post2 }
WHERE {
  { VALUES ?p { ng:affiliatedWith ng:basedIn ng:locatedIn ng:partyTo ng:nationality ng:actor } ?e ?p ?o }
  UNION { VALUES ?q { ng:affiliatedWith ng:basedIn ng:locatedIn ng:partyTo ng:nationality ng:actor } ?s ?q ?e }
  UNION { ?e ng:holdsPost ?post }
  UNION { ?post2 ng:postIn ?e ; ng:holder ?x }
} LIMIT 400`;

function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// The outline of a DOT shape, centred on 0,0.
function shapeOf(shape, fill) {
  const common = { fill, stroke: "#495057", "stroke-width": 1, class: "shape" };
  const poly = (pts) => svgEl("polygon", { ...common, points: pts.map((p) => p.join(",")).join(" ") });
  const octagon = (r) => poly([...Array(8).keys()].map((i) => {
    const a = Math.PI / 8 + (i * Math.PI) / 4;
    return [(r * 1.25 * Math.cos(a)).toFixed(1), (r * Math.sin(a)).toFixed(1)];
  }));
  switch (shape) {
    case "ellipse": return svgEl("ellipse", { ...common, rx: 14, ry: 9 });
    case "box": return svgEl("rect", { ...common, x: -13, y: -9, width: 26, height: 18 });
    case "doubleoctagon": {
      const g = svgEl("g");
      g.append(octagon(12), octagon(9));
      return g;
    }
    case "house": return poly([[0, -12], [13, -3], [13, 10], [-13, 10], [-13, -3]]);
    case "note": return svgEl("path", { ...common, d: "M-12,-10 H6 L12,-4 V10 H-12 Z M6,-10 V-4 H12" });
    case "diamond": return poly([[0, -12], [14, 0], [0, 12], [-14, 0]]);
    case "parallelogram": return poly([[-14, 9], [-8, -9], [14, -9], [8, 9]]);
    default: return svgEl("circle", { ...common, r: 6 });
  }
}

function dotEscape(s) {
  return String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r/g, "").replace(/\n/g, "\\n");
}

class GraphView {
  constructor(container) {
    this.container = container;
    this.nodes = [];
    this.byId = new Map();
    this.edges = [];
    this.edgeKeys = new Set();
    this.legend = new Map();
    this.view = { s: 1, x: 0, y: 0 };
    this.W = 1000;
    this.H = 640;
    this.selected = null;
  }

  // Adds the nodes and edges of an /api/graph answer; new nodes start around `near`.
  merge(data, near) {
    const added = [];
    const local = data.nodes.map((n, i) => {
      let node = this.byId.get(n.id);
      if (!node) {
        const a = 2.39996 * (this.nodes.length + i);
        const r = near ? 30 + 6 * Math.sqrt(added.length + 1) : 8 * Math.sqrt(this.nodes.length + 1);
        const cx = near ? near.x : this.W / 2, cy = near ? near.y : this.H / 2;
        node = { ...n, x: cx + r * Math.cos(a), y: cy + r * Math.sin(a), degree: 0 };
        this.byId.set(n.id, node);
        this.nodes.push(node);
        added.push(node);
      }
      return node;
    });
    for (const e of data.edges) {
      const a = local[e.source], b = local[e.target];
      if (!a || !b) continue;
      const key = `${a.id}\u0000${b.id}\u0000${e.label}`;
      if (this.edgeKeys.has(key)) continue;
      this.edgeKeys.add(key);
      this.edges.push({ a, b, label: e.label });
      a.degree++; b.degree++;
    }
    for (const l of data.legend || []) this.legend.set(l.kind, l);
    return added;
  }

  // Fruchterman-Reingold in the view's area; `moving` limits which nodes move (all by default).
  layout(moving, steps) {
    const list = this.nodes;
    const n = list.length;
    if (!n) return;
    const movable = new Set(moving || list);
    const area = this.W * this.H;
    const k = 0.75 * Math.sqrt(area / n);
    steps = steps || (n > 300 ? 160 : 300);
    const dx = new Float64Array(n), dy = new Float64Array(n);
    const xs = new Float64Array(n), ys = new Float64Array(n);
    list.forEach((p, i) => { p.i = i; xs[i] = p.x; ys[i] = p.y; });
    const k2 = k * k;
    for (let step = 0; step < steps; step++) {
      const t = (this.W / 8) * (1 - step / steps) + 1;
      dx.fill(0); dy.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let ex = xs[i] - xs[j], ey = ys[i] - ys[j];
          let d2 = ex * ex + ey * ey;
          if (d2 < 0.01) { ex = 0.1 * ((i % 7) - 3) + 0.05; ey = 0.1; d2 = 0.0125; }
          const f = k2 / d2;
          dx[i] += ex * f; dy[i] += ey * f;
          dx[j] -= ex * f; dy[j] -= ey * f;
        }
      }
      for (const e of this.edges) {
        const i = e.a.i, j = e.b.i;
        const ex = xs[i] - xs[j], ey = ys[i] - ys[j];
        const d = Math.sqrt(ex * ex + ey * ey) || 0.1;
        const f = d / k;
        dx[i] -= ex * f; dy[i] -= ey * f;
        dx[j] += ex * f; dy[j] += ey * f;
      }
      for (let i = 0; i < n; i++) {
        if (!movable.has(list[i])) continue;
        // A weak pull to the centre keeps separate components in view.
        dx[i] += (this.W / 2 - xs[i]) * GRAVITY;
        dy[i] += (this.H / 2 - ys[i]) * GRAVITY;
        const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        const m = Math.min(d, t);
        xs[i] += (dx[i] / d) * m;
        ys[i] += (dy[i] / d) * m;
      }
    }
    list.forEach((p, i) => { p.x = xs[i]; p.y = ys[i]; });
  }

  // Fits the drawing into the view.
  fit() {
    if (!this.nodes.length) return;
    const xs = this.nodes.map((n) => n.x), ys = this.nodes.map((n) => n.y);
    const minX = Math.min(...xs) - 40, maxX = Math.max(...xs) + 120;
    const minY = Math.min(...ys) - 30, maxY = Math.max(...ys) + 40;
    const s = Math.min(this.W / (maxX - minX || 1), this.H / (maxY - minY || 1), 1.2);
    this.view = { s, x: -minX * s + (this.W - (maxX - minX) * s) / 2, y: -minY * s + (this.H - (maxY - minY) * s) / 2 };
  }

  render() {
    const svg = svgEl("svg", {
      id: "graph-svg", viewBox: `0 0 ${this.W} ${this.H}`, width: this.W, height: this.H,
      tabindex: "0", role: "group", "aria-label": `Graph of ${this.nodes.length} nodes; Tab to a node, Enter to expand it, + and - to zoom, arrow keys to pan`,
      xmlns: SVG_NS, "font-family": "system-ui, sans-serif",
    });
    const defs = svgEl("defs");
    const marker = svgEl("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.append(svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: "#495057" }));
    defs.append(marker);
    svg.append(defs, svgEl("rect", { class: "backdrop", width: this.W, height: this.H, fill: "#fff" }));
    const port = svgEl("g", { class: "viewport" });
    const edgeLayer = svgEl("g", { class: "edges" });
    const nodeLayer = svgEl("g", { class: "nodes" });
    port.append(edgeLayer, nodeLayer);
    svg.append(port);
    const showEdgeLabels = this.edges.length <= 200;
    for (const e of this.edges) {
      const g = svgEl("g", { class: "edge" });
      const line = svgEl("line", { stroke: "#868e96", "stroke-width": 1.1, "marker-end": "url(#arrow)" });
      const text = svgEl("text", { class: "edge-label", "text-anchor": "middle", fill: "#495057", "font-size": 9 }, showEdgeLabels ? e.label : "");
      g.append(svgEl("title", {}, `${e.a.label} —${e.label}→ ${e.b.label}`), line, text);
      e.el = { line, text };
      edgeLayer.append(g);
    }
    for (const n of this.nodes) {
      const g = svgEl("g", { class: `node k-${n.kind}`, tabindex: "0", "data-id": n.id, "data-kind": n.kind, role: "button", "aria-label": `${n.label} (${n.kind})` });
      g.append(svgEl("title", {}, `${n.label} — ${n.kind}${n.class ? " (" + n.class + ")" : ""}`), shapeOf(n.shape, n.fill));
      const label = svgEl("text", { class: "node-label", y: 24, "text-anchor": "middle", "font-size": 11, fill: "#1d2430" }, n.label);
      g.append(label);
      n.el = g;
      n.labelEl = label;
      nodeLayer.append(g);
    }
    this.svg = svg;
    this.port = port;
    this.place();
    this.hideOverlappingLabels();
    this.bind();
    return svg;
  }

  // Moves the drawn elements to the nodes' positions.
  place() {
    this.port.setAttribute("transform", `translate(${this.view.x.toFixed(1)},${this.view.y.toFixed(1)}) scale(${this.view.s.toFixed(4)})`);
    for (const n of this.nodes) n.el.setAttribute("transform", `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
    for (const e of this.edges) {
      const ex = e.b.x - e.a.x, ey = e.b.y - e.a.y;
      const d = Math.sqrt(ex * ex + ey * ey) || 1;
      const cut = Math.min(14, d / 3);
      e.el.line.setAttribute("x1", (e.a.x + (ex / d) * cut).toFixed(1));
      e.el.line.setAttribute("y1", (e.a.y + (ey / d) * cut).toFixed(1));
      e.el.line.setAttribute("x2", (e.b.x - (ex / d) * cut).toFixed(1));
      e.el.line.setAttribute("y2", (e.b.y - (ey / d) * cut).toFixed(1));
      e.el.text.setAttribute("x", ((e.a.x + e.b.x) / 2).toFixed(1));
      e.el.text.setAttribute("y", ((e.a.y + e.b.y) / 2 - 3).toFixed(1));
    }
  }

  // Labels that would overlap a label of a better-connected node are shown on hover only.
  hideOverlappingLabels() {
    const boxes = [];
    const order = [...this.nodes].sort((a, b) => b.degree - a.degree);
    for (const n of order) {
      const w = Math.min(n.label.length, 40) * 6.2, h = 13;
      const box = { x: n.x - w / 2, y: n.y + 13, w, h };
      const clash = boxes.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h);
      n.labelEl.classList.toggle("label-hidden", clash);
      if (!clash) boxes.push(box);
    }
  }

  toPoint(evt) {
    const r = this.svg.getBoundingClientRect();
    const sx = this.W / r.width, sy = this.H / r.height;
    return { x: ((evt.clientX - r.left) * sx - this.view.x) / this.view.s, y: ((evt.clientY - r.top) * sy - this.view.y) / this.view.s };
  }

  zoom(factor, cx = this.W / 2, cy = this.H / 2) {
    const s = Math.max(0.1, Math.min(8, this.view.s * factor));
    const f = s / this.view.s;
    this.view = { s, x: cx - (cx - this.view.x) * f, y: cy - (cy - this.view.y) * f };
    this.place();
  }

  bind() {
    const svg = this.svg;
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      this.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, (e.clientX - r.left) * (this.W / r.width), (e.clientY - r.top) * (this.H / r.height));
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => {
      const g = e.target.closest(".node");
      const node = g ? this.byId.get(g.dataset.id) : null;
      drag = { node, start: { x: e.clientX, y: e.clientY }, view: { ...this.view }, moved: false };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const ddx = e.clientX - drag.start.x, ddy = e.clientY - drag.start.y;
      if (Math.abs(ddx) + Math.abs(ddy) > 3) drag.moved = true;
      if (!drag.moved) return;
      if (drag.node) {
        const p = this.toPoint(e);
        drag.node.x = p.x; drag.node.y = p.y;
      } else {
        const r = svg.getBoundingClientRect();
        this.view.x = drag.view.x + ddx * (this.W / r.width);
        this.view.y = drag.view.y + ddy * (this.H / r.height);
      }
      this.place();
    });
    svg.addEventListener("pointerup", () => {
      if (drag && drag.node && !drag.moved) this.activate(drag.node);
      if (drag && drag.moved) this.exported();
      drag = null;
    });
    svg.addEventListener("keydown", (e) => {
      const g = e.target.closest && e.target.closest(".node");
      if (g && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        this.activate(this.byId.get(g.dataset.id));
        return;
      }
      const step = 40;
      const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (e.key === "+" || e.key === "=") this.zoom(1.2);
      else if (e.key === "-") this.zoom(1 / 1.2);
      else if (moves[e.key]) {
        e.preventDefault();
        this.view.x += moves[e.key][0]; this.view.y += moves[e.key][1];
        this.place();
      }
    });
  }

  // A node chosen: shown in the info line, and its neighbourhood added.
  async activate(node) {
    this.selected = node;
    for (const n of this.nodes) n.el.classList.toggle("selected", n === node);
    const info = this.container.querySelector(".graph-info");
    if (info) {
      info.replaceChildren(`${node.label} (${node.kind}) `);
      if (node.entity) info.append(el("a", { href: entityHref(node.id), id: "graph-open" }, "open its page"));
    }
    if (!node.entity || node.expanded) return;
    node.expanded = true;
    const form = new URLSearchParams({ query: NEIGHBOURHOOD });
    form.append("param", "e=<" + node.id + ">");
    const r = await fetch("/api/graph", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    if (!r.ok) return;
    const added = this.merge(await r.json(), node);
    if (!added.length) return;
    this.layout(added, 120);
    this.draw();
    this.container.dataset.expanded = String(Number(this.container.dataset.expanded || 0) + 1);
  }

  // The legend: the DOT export's shapes and fills of the kinds drawn.
  legendElement() {
    const box = el("div", { class: "graph-legend", id: "graph-legend" });
    for (const [kind, l] of this.legend) {
      const icon = svgEl("svg", { width: 32, height: 24, viewBox: "-16 -12 32 24", "aria-hidden": "true" });
      icon.append(shapeOf(l.shape, l.fill));
      box.append(el("span", { class: "legend-item", "data-kind": kind }, icon, kind));
    }
    return box;
  }

  // The view as DOT, with the export's attributes and legend.
  toDot() {
    const ids = new Map(this.nodes.map((n, i) => [n, i]));
    let out = "digraph newsgraph {\n    graph [rankdir=LR fontname=\"Helvetica\" overlap=false splines=true]\n" +
      "    node [fontname=\"Helvetica\" fontsize=11]\n    edge [fontname=\"Helvetica\" fontsize=9 color=\"#495057\"]\n";
    for (const n of this.nodes) {
      const url = /^https?:\/\//.test(n.id) ? ` URL="${dotEscape(n.id)}"` : "";
      out += `    ${ids.get(n)} [label="${dotEscape(n.label)}" shape=${n.shape} style=filled fillcolor="${n.fill}"${url}]\n`;
    }
    for (const e of this.edges) out += `    ${ids.get(e.a)} -> ${ids.get(e.b)} [label="${dotEscape(e.label)}"]\n`;
    if (this.legend.size) {
      out += "    subgraph cluster_legend {\n        label=\"Legend\" style=rounded color=\"#ced4da\" fontsize=10\n";
      for (const [kind, l] of this.legend) out += `        "legend_${kind}" [label="${kind}" shape=${l.shape} style=filled fillcolor="${l.fill}"]\n`;
      out += "    }\n";
    }
    return out + "}\n";
  }

  // The export links follow the view.
  exported() {
    const svgLink = this.container.querySelector("#export-svg");
    const dotLink = this.container.querySelector("#export-dot");
    if (svgLink) svgLink.href = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(this.svg));
    if (dotLink) dotLink.href = "data:text/vnd.graphviz;charset=utf-8," + encodeURIComponent(this.toDot());
  }

  // Draws the view into its container: tools, legend, the SVG.
  draw() {
    const tools = el("div", { class: "graph-tools" },
      el("button", { type: "button", class: "secondary", id: "zoom-in", title: "Zoom in (+)" }, "+"),
      el("button", { type: "button", class: "secondary", id: "zoom-out", title: "Zoom out (-)" }, "−"),
      el("button", { type: "button", class: "secondary", id: "zoom-fit", title: "Fit" }, "fit"),
      el("a", { id: "export-svg", download: "graph.svg", href: "#" }, "SVG"),
      el("a", { id: "export-dot", download: "graph.dot", href: "#" }, "DOT"),
      el("span", { class: "graph-info", role: "status" }, `${this.nodes.length} nodes, ${this.edges.length} edges — click a node to add its neighbourhood`));
    const svg = this.render();
    this.container.replaceChildren(tools, this.legendElement(), svg);
    tools.querySelector("#zoom-in").addEventListener("click", () => this.zoom(1.25));
    tools.querySelector("#zoom-out").addEventListener("click", () => this.zoom(1 / 1.25));
    tools.querySelector("#zoom-fit").addEventListener("click", () => { this.fit(); this.place(); });
    this.exported();
  }

  // Lays out and draws an /api/graph answer; the time it took is kept on the container.
  show(data) {
    const started = performance.now();
    this.merge(data);
    this.H = Math.round(Math.max(280, Math.min(900, 90 * Math.sqrt(this.nodes.length))));
    if (!this.nodes.length) {
      this.container.replaceChildren();
      return;
    }
    this.layout();
    this.fit();
    this.draw();
    this.container.dataset.layoutMs = String(Math.round(performance.now() - started));
    this.container.dataset.nodes = String(this.nodes.length);
  }
}

// Draws the CONSTRUCT `query` with its `params` in `container`.
async function drawQueryGraph(container, query, params) {
  const form = new URLSearchParams({ query });
  for (const p of params) form.append("param", p);
  const r = await fetch("/api/graph", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  if (!r.ok) {
    container.replaceChildren(el("p", { class: "error" }, await r.text()));
    return;
  }
  const view = new GraphView(container);
  view.show(await r.json());
  return view;
}
