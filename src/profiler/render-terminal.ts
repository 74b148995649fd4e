// The terminal summary of a profile: the block's numbers, critical path and bounds, the hottest locations and
// contracts, and the advice, with long addresses shortened (the JSON report keeps them whole).
import type { BlockProfile, SpeedupTable } from "./types.js";

const shortAddresses = (text: string) =>
  text.replace(/0x([0-9a-fA-F]{4})[0-9a-fA-F]{32}([0-9a-fA-F]{4})/g, "0x$1…$2");

function table(rows: string[][], right: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = " ".repeat(widths[c]! - [...cell].length);
          return right.has(c) ? pad + cell : cell + pad;
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line.length > 0 && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line.length === 0 ? w : `${line} ${w}`;
  }
  if (line.length > 0) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join("\n");
}

const speedups = (t: SpeedupTable) =>
  Object.entries(t)
    .map(([n, x]) => `${n}: ${x.toFixed(2)}x`)
    .join("  ");

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);

function pathText(txs: readonly number[]): string {
  if (txs.length <= 12) return txs.join(" -> ");
  return `${txs.slice(0, 6).join(" -> ")} -> … -> ${txs.slice(-4).join(" -> ")}`;
}

export function renderTerminal(p: BlockProfile, top = 10): string {
  const out: string[] = [];
  const s = p.stats;
  out.push(
    `block ${p.block.number}${p.block.fork === undefined ? "" : ` (${p.block.fork})`}: ${p.txs} transactions on ${p.threads} threads, Block-STM phase ${fmt(s.phaseMs)} ms, work ${fmt(s.workMs)} ms`,
  );
  out.push(
    `executions ${s.executions} (re-executions ${s.reExecutions}), validations ${s.validations} (aborts ${s.validationAborts}), dependency waits ${s.dependencyWaits}`,
  );
  out.push(
    `conflict graph: ${p.edges.length} edges; ${s.dependentTxs} of ${p.txs} transactions depend on another`,
  );
  out.push(
    `critical path: ${p.criticalPath.txs.length} transactions, ${fmt(p.criticalPath.ms)} ms (${pathText(p.criticalPath.txs)})`,
  );
  out.push(`speedup bound      ${speedups(p.speedupBound)}`);
  out.push(`list schedule      ${speedups(p.speedupSimulated)}`);
  if (p.hotLocations.length > 0) {
    out.push("", "hot locations (ranked by the longest dependency chain through each)");
    const rows = [["#", "location", "txs", "edges", "writers", "chain ms", "path -ms"]];
    p.hotLocations.slice(0, top).forEach((h, i) => {
      rows.push([
        String(i + 1),
        shortAddresses(h.location.label),
        String(h.txs),
        String(h.edges),
        String(h.writers),
        fmt(h.chainMs),
        fmt(h.criticalPathMs),
      ]);
    });
    out.push(table(rows, new Set([0, 2, 3, 4, 5, 6])));
  }
  if (p.hotContracts.length > 0) {
    out.push("", "hot contracts (by their own state)");
    const rows = [["#", "contract", "txs", "edges", "locations", "chain ms", "path -ms"]];
    p.hotContracts.slice(0, top).forEach((h, i) => {
      rows.push([
        String(i + 1),
        shortAddresses(h.name === undefined ? h.address : `${h.name} ${h.address}`),
        String(h.txs),
        String(h.edges),
        String(h.locations),
        fmt(h.chainMs),
        fmt(h.criticalPathMs),
      ]);
    });
    out.push(table(rows, new Set([0, 2, 3, 4, 5, 6])));
  }
  if (p.advice.length > 0) {
    out.push("", "advice (largest simulated gain first)");
    p.advice.slice(0, Math.min(top, 5)).forEach((a, i) => {
      out.push(`${String(i + 1).padStart(2)}. ${wrap(shortAddresses(a.text), 104, "    ")}`);
    });
  } else {
    out.push("", "no dependencies between transactions: nothing serializes this block");
  }
  for (const note of p.notes) out.push(`note: ${note}`);
  return `${out.join("\n")}\n`;
}
