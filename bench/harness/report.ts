// The benchmark's outputs: the plain-text table for stdout, the Markdown report and the JSON file.
import type { EngineId } from "./engine.js";
import type { BenchReport, BenchResult } from "./run.js";

/** The baselines every row is compared against, in column order. */
export const BASELINES: readonly EngineId[] = ["lanes-sequential", "ethereumjs", "edr", "anvil"];
const BASELINE_HEADS: Record<string, string> = {
  "lanes-sequential": "vs seq",
  ethereumjs: "vs ejs",
  edr: "vs edr",
  anvil: "vs anvil",
};

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

export function ratioText(r: BenchResult, baseline: EngineId): string {
  if (r.engine === baseline) return "-";
  const x = r.ratios[baseline];
  return x === undefined || !Number.isFinite(x) ? "-" : `${x.toFixed(2)}x`;
}

/** The median of per-round ratios against lanes-sequential (run.ts, pairedRatios). */
function pairedText(r: BenchResult): string {
  const x = r.engine === "lanes-sequential" ? undefined : r.pairedRatios?.["lanes-sequential"];
  return x === undefined || !Number.isFinite(x) ? "-" : `${x.toFixed(2)}x`;
}

function noteText(r: BenchResult): string {
  if (r.status === "skipped") return `skipped: ${r.reason ?? ""}`;
  const parts: string[] = [];
  if (r.status === "mismatch") parts.push("MISMATCH");
  if (r.parallel) {
    const p = r.parallel;
    const reExec = p.reExecutionsPerRun.length > 0 ? median(p.reExecutionsPerRun) : p.reExecutions;
    parts.push(`${p.mode}${p.reason ? ` (${p.reason})` : ""}, ${p.threads} threads, ${reExec} re-exec`);
  }
  return parts.join("; ");
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function tableRows(report: BenchReport): { head: string[]; rows: string[][] } {
  const baselines = BASELINES.filter((b) => report.options.engines.includes(b));
  const bound = report.results.some((r) => r.parallel?.boundSpeedup !== undefined);
  const paired = baselines.includes("lanes-sequential");
  const head = [
    "workload",
    "engine",
    "txs",
    "Mgas",
    "ms",
    "tx/s",
    "Mgas/s",
    ...baselines.map((b) => BASELINE_HEADS[b]!),
    ...(paired ? ["paired"] : []),
    ...(bound ? ["bound", "bound eff"] : []),
    "notes",
  ];
  const rows = report.results.map((r) => [
    r.workload,
    r.engine,
    String(r.txs),
    fixed(r.gasUsed / 1e6, 1),
    fixed(r.medianMs, 1),
    fixed(r.txPerSec, 0),
    fixed(r.mgasPerSec, 1),
    ...baselines.map((b) => ratioText(r, b)),
    ...(paired ? [pairedText(r)] : []),
    ...(bound
      ? [
          r.parallel?.boundSpeedup !== undefined ? `${r.parallel.boundSpeedup.toFixed(2)}x` : "-",
          r.parallel?.boundEfficiency !== undefined ? r.parallel.boundEfficiency.toFixed(2) : "-",
        ]
      : []),
    noteText(r),
  ]);
  return { head, rows };
}

export function machineLine(report: BenchReport): string {
  const m = report.machine;
  const load = m.loadAverage;
  const fmt = (l: number[]) => l.map((x) => x.toFixed(1)).join("/");
  const loadText =
    load === undefined
      ? ""
      : `; load average (1/5/15 min) ${fmt(load.start)} at start${load.end ? `, ${fmt(load.end)} at end` : ""}`;
  return `${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.os}; Lanes ${m.lanesRevision}${loadText}`;
}

export function settingsLine(report: BenchReport): string {
  const o = report.options;
  const size = "txs" in o.size ? `${o.size.txs} txs` : `${(o.size.gas / 1e6).toFixed(0)} Mgas`;
  return (
    `seed ${o.seed}, size ${size}, median of ${o.runs} timed runs after ${o.warmup} warm-up, engine order balanced per round (ABBA), ` +
    `lanes-parallel threads ${o.threads}, full GC + re-warming run before each timed run: ${o.gc && o.gcAvailable ? "yes" : "no"}`
  );
}

/** The plain table (numbers right-aligned), with the machine and settings above it. */
export function formatText(report: BenchReport): string {
  const { head, rows } = tableRows(report);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const last = head.length - 1;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i <= 1 || i === last ? c.padEnd(i === last ? 0 : widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [
    `# lanes bench: ${machineLine(report)}`,
    `# ${settingsLine(report)}`,
    `# ratio columns: baseline median ms / this engine's median ms (above 1: this engine is faster); paired: median over the rounds of (lanes-sequential's ms / this engine's ms in the same round)`,
    line(head),
    line(widths.map((w, i) => (i === last ? "-----" : "-".repeat(w)))),
    ...rows.map(line),
  ];
  for (const e of report.engines) if (e.skipped) out.push(`# ${e.id} skipped: ${e.skipped}`);
  if (report.results.some((r) => r.parallel?.boundSpeedup !== undefined)) {
    out.push(
      "# bound: sequential / (slowest of T threads each running 1/T of the block sequentially + post-block work / T)," +
        " measured in this run; bound eff: (vs seq) / bound",
    );
  }
  out.push(...modelLines(report).map((l) => `# ${l}`));
  out.push(
    report.mismatches.length === 0
      ? "# equality: every engine that ran matched Lanes' sequential result (see --json for what each covered)"
      : `# MISMATCHES (${report.mismatches.length}):\n${report.mismatches.map((m) => `#   ${m}`).join("\n")}`,
  );
  return `${out.join("\n")}\n`;
}

/** The scaling model's predictions, one line per workload (empty without --model-threads). */
export function modelLines(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    const m = r.parallel?.model;
    if (m === undefined) continue;
    if (lines.length === 0) {
      lines.push(
        "model (--model-threads): the measured schedule replayed on N threads; speedup over sequential with the commit " +
          "and roots serial / with the roots split over min(N,16) threads",
      );
    }
    const c = m.calibration;
    const points = m.points
      .map((p) => `${p.threads}: ${p.speedup.toFixed(2)}x / ${p.splitRootsSpeedup.toFixed(2)}x`)
      .join(", ");
    lines.push(
      `  ${r.workload}: ${points}; work ${m.workMs.toFixed(1)} ms, critical path ${m.criticalPathMs.toFixed(1)} ms, ` +
        `fold ${m.foldMs.toFixed(1)} ms, roots ${m.rootsMs.toFixed(1)} ms; at ${c.threads} threads model phase ` +
        `${c.modelPhaseMs.toFixed(1)} ms vs measured ${c.measuredPhaseMs.toFixed(1)} ms`,
    );
  }
  return lines;
}

const mdEscape = (s: string) => s.replace(/\|/g, "\\|");

function mdTable(head: string[], rows: string[][], numeric: (i: number) => boolean): string {
  const sep = head.map((_, i) => (numeric(i) ? "---:" : "---"));
  return [head, sep, ...rows].map((r) => `| ${r.map(mdEscape).join(" | ")} |`).join("\n");
}

export function formatMarkdown(report: BenchReport): string {
  const { head, rows } = tableRows(report);
  const last = head.length - 1;
  const parts = [
    "# lanes bench",
    "",
    `- machine: ${machineLine(report)}`,
    `- ${settingsLine(report)}`,
    `- generated ${report.generatedAt}${report.command ? ` by \`${report.command}\`` : ""}`,
    "- ratio columns: baseline median ms / this engine's median ms (above 1: this engine is faster)",
    "",
    "## Engines",
    "",
    ...report.engines.map(
      (e) => `- \`${e.id}\`: ${e.description}${e.skipped ? ` (**skipped**: ${e.skipped})` : ""}`,
    ),
    "",
    "## Results",
    "",
    mdTable(head, rows, (i) => i >= 2 && i < last),
    "",
  ];
  const parallel = report.results.filter((r) => r.parallel !== undefined);
  if (parallel.length > 0) {
    parts.push(
      "## Block-STM statistics (lanes-parallel: counts from the verification run; times and re-executions from the timed runs)",
      "",
      mdTable(
        [
          "workload",
          "mode",
          "threads",
          "executions",
          "re-executions",
          "validation aborts",
          "dependency waits",
          "parallelism",
          "Block-STM ms (median run)",
          "commit ms (median run)",
          "re-exec per timed run",
          "hottest accounts (writers)",
        ],
        parallel.map((r) => {
          const p = r.parallel!;
          const hot = (p.hotAccounts ?? [])
            .slice(0, 3)
            .map((h) => `${h.address.slice(0, 6)}…${h.address.slice(-4)} (${h.writers})`)
            .join(", ");
          return [
            r.workload,
            `${p.mode}${p.reason ? ` (${p.reason})` : ""}`,
            String(p.threads),
            String(p.executions),
            String(p.reExecutions),
            String(p.validationAborts),
            String(p.dependencyWaits),
            p.parallelism !== undefined ? p.parallelism.toFixed(2) : "-",
            p.parallelMsPerRun.length > 0 ? median(p.parallelMsPerRun).toFixed(1) : "-",
            p.commitMsPerRun.length > 0 ? median(p.commitMsPerRun).toFixed(1) : "-",
            p.reExecutionsPerRun.join(", "),
            hot || "none",
          ];
        }),
        (i) => i >= 2 && i < 10,
      ),
      "",
    );
  }
  const conflicts = report.workloads.filter((w) => w.conflicts !== undefined);
  if (conflicts.length > 0) {
    parts.push(
      "## Write conflicts (from the sequential execution; fee-recipient credits aside)",
      "",
      mdTable(
        ["workload", "txs", "dependent txs", "critical path", "max speedup", "hottest location (writers)"],
        conflicts.map((w) => {
          const c = w.conflicts!;
          const hot = c.hottest[0];
          return [
            w.id,
            String(c.txs),
            `${c.dependentTxs} (${(c.dependentShare * 100).toFixed(1)}%)`,
            String(c.criticalPath),
            `${c.maxSpeedup.toFixed(1)}x`,
            hot ? `${hot.label} (${hot.writers})` : "none",
          ];
        }),
        (i) => i >= 1 && i <= 4,
      ),
      "",
    );
  }
  const skipped = report.results.filter((r) => r.status === "skipped");
  if (skipped.length > 0) {
    parts.push(
      "## Skipped",
      "",
      ...skipped.map((r) => `- ${r.workload} / ${r.engine}: ${r.reason ?? ""}`),
      "",
    );
  }
  const model = modelLines(report);
  if (model.length > 0) parts.push("## Scaling model", "", "```", ...model, "```", "");
  parts.push("## Equality checks", "");
  if (report.mismatches.length === 0) {
    parts.push(
      "Every engine that ran produced Lanes' sequential result: gas used, every receipt (status, gas, cumulative " +
        "gas, logs), receipts root, bloom, requests hash and post-state root; for EDR everything but the " +
        "post-state root, plus the post-block nonce, balance and changed storage of every account the block changed.",
    );
  } else {
    parts.push(...report.mismatches.map((m) => `- ${m}`));
  }
  return `${parts.join("\n")}\n`;
}

export function formatJson(report: BenchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
