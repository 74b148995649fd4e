// The HTML report's browser app, bundled with cytoscape into one script (scripts/build.mjs) and inlined by
// render-html.ts beside the report's JSON. It draws the conflict graph (cytoscape: hover a transaction or a
// dependency for its details, wheel to zoom, drag to pan), the per-thread timeline (a canvas with its own
// zoom and pan), the hot-spot table and the advice; one contract filter applies to all of them.
// `window.lanesReport` exposes counts and the graph for tests (test/profiler/html-report.test.ts).
import cytoscape from "cytoscape";
import type { BlockProfile, EdgeJson, TimelineEventJson } from "../types.js";

declare global {
  interface Window {
    lanesReport?: { cy: cytoscape.Core; nodes: number; edges: number; filter: (address: string) => void };
  }
}

const data = JSON.parse(document.getElementById("profile-data")!.textContent!) as BlockProfile;

const short = (text: string) => text.replace(/0x([0-9a-fA-F]{4})[0-9a-fA-F]{32}([0-9a-fA-F]{4})/g, "0x$1…$2");
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** A stable colour per contract address. */
function colourOf(address: string): string {
  let h = 0;
  for (let i = 2; i < address.length; i++) h = (h * 31 + address.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360}, 65%, 45%)`;
}

const names = new Map(data.contracts.map((c) => [c.address, c.name]));
const ownerName = (address: string) => {
  const n = names.get(address);
  return n === undefined ? short(address) : `${n} ${short(address)}`;
};

// ----- summary -----
function summary(): HTMLElement {
  const s = data.stats;
  const bound = Object.entries(data.speedupBound)
    .map(([t, x]) => `${t}: ${x.toFixed(2)}x`)
    .join(" · ");
  const items: [string, string][] = [
    ["transactions", String(data.txs)],
    ["threads", String(data.threads)],
    ["Block-STM phase", `${fmt(s.phaseMs)} ms`],
    ["work", `${fmt(s.workMs)} ms`],
    ["re-executions", String(s.reExecutions)],
    ["dependencies", `${data.edges.length} edges, ${s.dependentTxs} dependent txs`],
    ["critical path", `${data.criticalPath.txs.length} txs, ${fmt(data.criticalPath.ms)} ms`],
    ["speedup bound", bound],
  ];
  const dl = el("dl", { class: "summary" });
  for (const [k, v] of items) dl.append(el("dt", {}, k), el("dd", {}, v));
  return dl;
}

// ----- filter -----
type Listener = (address: string) => void;
const listeners: Listener[] = [];
let currentFilter = "";

function edgeTouches(e: EdgeJson, address: string): boolean {
  return e.locations.some((l) => l.address === address || (l.keys ?? []).includes(address));
}

function filterBar(): HTMLElement {
  const select = el("select", { id: "contract-filter" });
  select.append(el("option", { value: "" }, "all contracts"));
  const counts = new Map<string, number>();
  for (const e of data.edges)
    for (const l of e.locations) counts.set(l.address, (counts.get(l.address) ?? 0) + 1);
  for (const t of data.transactions) if (t.to !== null && !counts.has(t.to)) counts.set(t.to, 0);
  const addresses = [...counts.keys()].filter((a) => names.has(a) || (counts.get(a) ?? 0) > 0);
  addresses.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : 1));
  for (const a of addresses)
    select.append(el("option", { value: a }, `${ownerName(a)} (${counts.get(a) ?? 0} dependencies)`));
  select.addEventListener("change", () => applyFilter(select.value));
  return el(
    "div",
    { class: "filter" },
    el("label", { for: "contract-filter" }, "Filter by contract "),
    select,
  );
}

function applyFilter(address: string): void {
  currentFilter = address;
  for (const l of listeners) l(address);
}

// ----- conflict graph -----
const tooltip = el("div", { id: "tooltip", class: "tooltip" });

function showTooltip(text: string, x: number, y: number): void {
  tooltip.textContent = text;
  tooltip.style.left = `${x + 12}px`;
  tooltip.style.top = `${y + 12}px`;
  tooltip.style.display = "block";
}

function hideTooltip(): void {
  tooltip.style.display = "none";
}

/** Layered layout: x = longest chain depth, components stacked; transactions without dependencies in a grid below. */
function positions(): Map<number, { x: number; y: number }> {
  const n = data.txs;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const depth = new Array<number>(n).fill(0);
  const hasEdge = new Array<boolean>(n).fill(false);
  const sorted = [...data.edges].sort((a, b) => a.to - b.to);
  for (const e of sorted) {
    depth[e.to] = Math.max(depth[e.to]!, depth[e.from]! + 1);
    hasEdge[e.from] = hasEdge[e.to] = true;
    parent[find(e.from)] = find(e.to);
  }
  const components = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (!hasEdge[i]) continue;
    const r = find(i);
    const list = components.get(r);
    if (list === undefined) components.set(r, [i]);
    else list.push(i);
  }
  const out = new Map<number, { x: number; y: number }>();
  const DX = 48;
  const DY = 36;
  // Components on shelves, left to right, largest first, wrapping at SHELF px: a compact rectangle.
  const SHELF = 1600;
  let x = 0;
  let y = 0;
  let shelfHeight = 0;
  const ordered = [...components.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  for (const members of ordered) {
    const perLevel = new Map<number, number>();
    let rows = 1;
    let levels = 1;
    for (const i of members) {
      const k = perLevel.get(depth[i]!) ?? 0;
      perLevel.set(depth[i]!, k + 1);
      rows = Math.max(rows, k + 1);
      levels = Math.max(levels, depth[i]! + 1);
    }
    const width = levels * DX;
    if (x > 0 && x + width > SHELF) {
      x = 0;
      y += shelfHeight + DY;
      shelfHeight = 0;
    }
    perLevel.clear();
    for (const i of members) {
      const k = perLevel.get(depth[i]!) ?? 0;
      perLevel.set(depth[i]!, k + 1);
      out.set(i, { x: x + depth[i]! * DX, y: y + k * DY });
    }
    x += width + DX;
    shelfHeight = Math.max(shelfHeight, rows * DY);
  }
  y += shelfHeight + DY;
  const loose: number[] = [];
  for (let i = 0; i < n; i++) if (!hasEdge[i]) loose.push(i);
  const perRow = Math.max(10, Math.ceil(Math.sqrt(loose.length * 4)));
  for (let k = 0; k < loose.length; k++) {
    out.set(loose[k]!, { x: (k % perRow) * (DX / 2), y: y + Math.floor(k / perRow) * (DY / 2) });
  }
  return out;
}

function graph(container: HTMLElement): cytoscape.Core {
  const onPath = new Set(data.criticalPath.txs);
  const pathEdges = new Set<string>();
  for (let k = 1; k < data.criticalPath.txs.length; k++)
    pathEdges.add(`${data.criticalPath.txs[k - 1]}-${data.criticalPath.txs[k]}`);
  const pos = positions();
  const elements: cytoscape.ElementDefinition[] = [];
  for (const t of data.transactions) {
    elements.push({
      group: "nodes",
      data: { id: `t${t.index}`, label: String(t.index), index: t.index },
      position: pos.get(t.index) ?? { x: 0, y: 0 },
      classes: onPath.has(t.index) ? "critical" : "",
    });
  }
  data.edges.forEach((e, k) => {
    elements.push({
      group: "edges",
      data: {
        id: `e${k}`,
        source: `t${e.from}`,
        target: `t${e.to}`,
        k,
        colour: colourOf(e.location.address),
      },
      classes: pathEdges.has(`${e.from}-${e.to}`) ? "critical" : "",
    });
  });
  const cy = cytoscape({
    container,
    elements,
    layout: { name: "preset" },
    minZoom: 0.02,
    maxZoom: 6,
    style: [
      {
        selector: "node",
        style: {
          width: 14,
          height: 14,
          "background-color": "#5b7db1",
          label: "data(label)",
          "font-size": 8,
          color: "#333",
          "text-valign": "center",
          "text-halign": "center",
          "text-outline-width": 0,
        },
      },
      { selector: "node.critical", style: { "background-color": "#d9534f" } },
      {
        selector: "edge",
        style: {
          width: 2.5,
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.7,
          "curve-style": "bezier",
          opacity: 0.8,
        },
      },
      { selector: "edge.critical", style: { width: 4, opacity: 1 } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: "edge.hover", style: { width: 5, opacity: 1 } },
    ],
  });
  cy.fit(undefined, 20);
  cy.on("mouseover", "edge", (ev) => {
    const e = data.edges[ev.target.data("k") as number]!;
    const lines = [`tx ${e.from} -> tx ${e.to}`, ...e.locations.map((l) => short(l.label))];
    ev.target.addClass("hover");
    const p = ev.renderedPosition ?? { x: 0, y: 0 };
    const r = container.getBoundingClientRect();
    showTooltip(lines.join("\n"), r.left + window.scrollX + p.x, r.top + window.scrollY + p.y);
  });
  cy.on("mouseout", "edge", (ev) => {
    ev.target.removeClass("hover");
    hideTooltip();
  });
  cy.on("mouseover", "node", (ev) => {
    const t = data.transactions[ev.target.data("index") as number]!;
    const lines = [
      `tx ${t.index}${onPath.has(t.index) ? " (critical path)" : ""}`,
      `from ${short(t.from)}`,
      `to ${t.to === null ? "(creation)" : ownerName(t.to)}${t.function === undefined ? "" : ` ${t.function}()`}`,
      `gas ${t.gasUsed}, ${fmt(t.execMs)} ms, incarnation ${t.incarnation}`,
    ];
    const p = ev.renderedPosition ?? { x: 0, y: 0 };
    const r = container.getBoundingClientRect();
    showTooltip(lines.join("\n"), r.left + window.scrollX + p.x, r.top + window.scrollY + p.y);
  });
  cy.on("mouseout", "node", hideTooltip);
  listeners.push((address) => {
    cy.batch(() => {
      cy.elements().removeClass("hidden");
      if (address === "") return;
      const keep = new Set<string>();
      cy.edges().forEach((edge) => {
        const e = data.edges[edge.data("k") as number]!;
        if (edgeTouches(e, address)) {
          keep.add(`t${e.from}`);
          keep.add(`t${e.to}`);
        } else edge.addClass("hidden");
      });
      for (const t of data.transactions) if (t.to === address) keep.add(`t${t.index}`);
      cy.nodes().forEach((node) => {
        if (!keep.has(node.id())) node.addClass("hidden");
      });
    });
  });
  return cy;
}

// ----- timeline -----
const EVENT_COLOURS: Record<string, string> = {
  execute: "#5b7db1",
  reexecute: "#f0ad4e",
  dependency: "#d9534f",
  validate: "#5cb85c",
  abort: "#8b1a1a",
  idle: "#dddddd",
};

function timeline(): HTMLElement {
  const threads = data.timeline.threads;
  const wrapper = el("div", { class: "timeline" });
  const canvas = el("canvas", { id: "timeline-canvas" });
  const legend = el("div", { class: "legend" });
  for (const [k, c] of Object.entries(EVENT_COLOURS)) {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = c;
    legend.append(el("span", {}, swatch, k === "reexecute" ? "re-execution" : k));
  }
  wrapper.append(legend, canvas);
  const ROW = 28;
  const LEFT = 70;
  let end = data.timeline.phaseMs;
  for (const t of threads) for (const e of t.events) end = Math.max(end, e.end);
  let view = { from: 0, to: Math.max(end, 0.001) };
  const txsOf = (address: string) => {
    const set = new Set<number>();
    for (const e of data.edges) {
      if (edgeTouches(e, address)) {
        set.add(e.from);
        set.add(e.to);
      }
    }
    for (const t of data.transactions) if (t.to === address) set.add(t.index);
    return set;
  };
  let highlighted: Set<number> | undefined;
  const colourOfEvent = (e: TimelineEventJson) =>
    e.kind === "execute" && e.incarnation > 0 ? EVENT_COLOURS.reexecute! : (EVENT_COLOURS[e.kind] ?? "#999");
  function draw(): void {
    const width = Math.max(300, wrapper.clientWidth || 900);
    const height = threads.length * ROW + 24;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const g = canvas.getContext("2d")!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = "11px sans-serif";
    const scale = (width - LEFT - 10) / (view.to - view.from);
    threads.forEach((t, i) => {
      g.fillStyle = "#333";
      g.fillText(`thread ${i}`, 4, i * ROW + 18);
      for (const e of t.events) {
        if (e.end < view.from || e.start > view.to) continue;
        const x = LEFT + (e.start - view.from) * scale;
        const w = Math.max(1, (e.end - e.start) * scale);
        const small = e.kind === "validate" || e.kind === "abort";
        g.globalAlpha = highlighted === undefined || e.tx < 0 || highlighted.has(e.tx) ? 1 : 0.15;
        g.fillStyle = colourOfEvent(e);
        g.fillRect(x, i * ROW + (small ? 14 : 4), w, small ? 10 : 18);
      }
      g.globalAlpha = 1;
    });
    // Axis.
    g.fillStyle = "#555";
    const y = threads.length * ROW + 14;
    for (let k = 0; k <= 5; k++) {
      const ms = view.from + ((view.to - view.from) * k) / 5;
      g.fillText(`${fmt(ms)} ms`, LEFT + (ms - view.from) * scale - 10, y);
    }
  }
  function eventAt(px: number, py: number): TimelineEventJson | undefined {
    const width = canvas.clientWidth;
    const row = Math.floor(py / ROW);
    const t = threads[row];
    if (t === undefined) return undefined;
    const ms = view.from + ((px - LEFT) * (view.to - view.from)) / (width - LEFT - 10);
    const tolerance = (2 * (view.to - view.from)) / (width - LEFT - 10);
    return t.events.find((e) => e.kind !== "idle" && e.start - tolerance <= ms && ms <= e.end + tolerance);
  }
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = canvas.getBoundingClientRect();
    const width = r.width - LEFT - 10;
    const at = view.from + ((ev.clientX - r.left - LEFT) / width) * (view.to - view.from);
    const factor = ev.deltaY > 0 ? 1.25 : 0.8;
    const from = at - (at - view.from) * factor;
    const to = at + (view.to - at) * factor;
    view = { from: Math.max(0, from), to: Math.min(end, Math.max(from + 0.001, to)) };
    draw();
  });
  let drag: { x: number; view: typeof view } | undefined;
  canvas.addEventListener("mousedown", (ev) => {
    drag = { x: ev.clientX, view };
  });
  window.addEventListener("mouseup", () => {
    drag = undefined;
  });
  canvas.addEventListener("mousemove", (ev) => {
    const r = canvas.getBoundingClientRect();
    if (drag !== undefined) {
      const width = r.width - LEFT - 10;
      const shift = ((ev.clientX - drag.x) / width) * (drag.view.to - drag.view.from);
      const span = drag.view.to - drag.view.from;
      const from = Math.min(Math.max(0, drag.view.from - shift), Math.max(0, end - span));
      view = { from, to: from + span };
      draw();
      return;
    }
    const e = eventAt(ev.clientX - r.left, ev.clientY - r.top);
    if (e === undefined) {
      hideTooltip();
      return;
    }
    const what =
      e.kind === "execute"
        ? e.incarnation > 0
          ? "re-execution"
          : "execution"
        : e.kind === "dependency"
          ? `execution stopped: waits for tx ${e.blocker}`
          : e.kind === "abort"
            ? "validation failed (abort)"
            : e.kind;
    showTooltip(
      `tx ${e.tx} incarnation ${e.incarnation}\n${what}\n${fmt(e.start)}-${fmt(e.end)} ms (${fmt(e.end - e.start)} ms)`,
      ev.pageX,
      ev.pageY,
    );
  });
  canvas.addEventListener("mouseleave", hideTooltip);
  canvas.addEventListener("dblclick", () => {
    view = { from: 0, to: Math.max(end, 0.001) };
    draw();
  });
  listeners.push((address) => {
    highlighted = address === "" ? undefined : txsOf(address);
    draw();
  });
  window.addEventListener("resize", draw);
  requestAnimationFrame(draw);
  return wrapper;
}

// ----- hot spots and advice -----
/** Advice folded to its first sentence; the rest on click. */
function details(text: string): HTMLElement {
  const t = short(text);
  const cut = t.indexOf(". ");
  if (cut < 0 || cut > 160) return el("span", {}, t);
  return el("details", {}, el("summary", {}, t.slice(0, cut + 1)), t.slice(cut + 2));
}

function hotTable(): HTMLElement {
  const table = el("table", { id: "hot-table" });
  const head = el("tr");
  for (const h of [
    "#",
    "hot spot",
    "txs on chains",
    "edges",
    "writers",
    "chain ms",
    "critical path −ms",
    "advice",
  ])
    head.append(el("th", {}, h));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  const rows: { tr: HTMLTableRowElement; addresses: string[] }[] = [];
  data.hotLocations.forEach((h, i) => {
    const tr = el(
      "tr",
      { class: "location" },
      el("td", {}, String(i + 1)),
      el("td", { class: "label" }, short(h.location.label)),
      el("td", {}, String(h.txs)),
      el("td", {}, String(h.edges)),
      el("td", {}, String(h.writers)),
      el("td", {}, fmt(h.chainMs)),
      el("td", {}, fmt(h.criticalPathMs)),
      el("td", { class: "advice" }, details(h.advice.text)),
    );
    body.append(tr);
    rows.push({ tr, addresses: [h.location.address, ...(h.location.keys ?? [])] });
  });
  data.hotContracts.forEach((h, i) => {
    const tr = el(
      "tr",
      { class: "contract" },
      el("td", {}, `C${i + 1}`),
      el("td", { class: "label" }, `${h.name ?? "contract"} ${short(h.address)} (all its state)`),
      el("td", {}, String(h.txs)),
      el("td", {}, String(h.edges)),
      el("td", {}, "–"),
      el("td", {}, fmt(h.chainMs)),
      el("td", {}, fmt(h.criticalPathMs)),
      el("td", { class: "advice" }, details(h.advice.text)),
    );
    body.append(tr);
    rows.push({ tr, addresses: [h.address] });
  });
  table.append(body);
  listeners.push((address) => {
    for (const r of rows) r.tr.style.display = address === "" || r.addresses.includes(address) ? "" : "none";
  });
  return table;
}

function adviceList(): HTMLElement {
  const list = el("ol", { class: "advice-list" });
  for (const a of data.advice.slice(0, 8)) list.append(el("li", {}, short(a.text)));
  if (data.advice.length === 0)
    list.append(el("li", {}, "No dependencies between transactions: nothing serializes this block."));
  return list;
}

// ----- page -----
function main(): void {
  const root = document.getElementById("app")!;
  const graphBox = el("div", { id: "graph" });
  const fit = el("button", { type: "button" }, "fit");
  root.append(
    el(
      "h1",
      {},
      `Lanes profile: block ${data.block.number}${data.block.fork === undefined ? "" : ` (${data.block.fork})`}`,
    ),
    summary(),
    filterBar(),
    el("h2", {}, "Conflict graph"),
    el(
      "p",
      { class: "hint" },
      "An arrow i → j: transaction j read what i wrote. Red: the critical path. Hover for details; wheel to zoom, drag to pan. ",
      fit,
    ),
    graphBox,
    el("h2", {}, "Per-thread timeline"),
    el(
      "p",
      { class: "hint" },
      "Wheel to zoom, drag to pan, double-click to reset; hover an event for its transaction.",
    ),
    timeline(),
    el("h2", {}, "Advice"),
    adviceList(),
    el("h2", {}, "Hot spots"),
    hotTable(),
  );
  document.body.append(tooltip);
  const cy = graph(graphBox);
  fit.addEventListener("click", () => cy.fit(undefined, 20));
  for (const note of data.notes) root.append(el("p", { class: "note" }, note));
  window.lanesReport = {
    cy,
    nodes: cy.nodes().length,
    edges: cy.edges().length,
    filter: (address) => {
      (document.getElementById("contract-filter") as HTMLSelectElement).value = address;
      applyFilter(address);
    },
  };
  void currentFilter;
}

main();
