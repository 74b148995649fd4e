// Sequential block throughput, Lanes vs @ethereumjs/vm, side by side in one process on the same workloads.
//
// Per workload: build it (untimed), cross-check the two engines (cross-check.ts; any mismatch or failed
// transaction aborts with exit code 2), then `--warmup` untimed runs and `--runs` timed runs per engine,
// alternating the engines (and which goes first) so load from other jobs hits both; medians are reported.
// A full GC runs before each timed run, outside the timed region.
//
// What is timed, per engine, is importing the block on its pre-state:
// - Lanes: executeBlock(block, preState, chainConfig): system calls, every transaction, requests, the
//   state diff and the post-state root (recomputed over the whole state), receipts root and bloom;
// - ethereumjs: runBlock on a MerkleStateManager reset to the pre-state root (caches cleared), with the
//   header carrying Lanes' results so runBlock validates gas used, receipts root, bloom, requests hash and
//   state root against them (generate: false), block and header validation skipped. Senders were recovered
//   and cached during the untimed runs; Lanes' transactions carry their sender too.
//
// Usage: node dist/bench/workloads/compare.js [--txs N|Ngas|gigagas] [--seed S] [--runs N] [--warmup N]
//          [--json FILE] [--lanes-only] [id ...]
//   --lanes-only: time Lanes alone (no ethereumjs run and no cross-check; every transaction must succeed),
//   for sizes such as gigagas where an ethereumjs run takes minutes.
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { executeBlock } from "../../src/block/execute-block.js";
import type { BlockHeader } from "../../src/block/types.js";
import { crossCheck, inMemoryStateRoot } from "../../tools/workloads/cross-check.js";
import {
  ethereumjsBlock,
  ethereumjsCommon,
  prepareEthereumjs,
  runEthereumjs,
} from "../../tools/workloads/ethereumjs-block.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { lanesBlock, type Workload } from "../../tools/workloads/types.js";
import { collectGarbage, gcAvailable } from "../harness/gc.js";
import { parseCommonArgs } from "./check.js";

interface Row {
  id: string;
  txs: number;
  gasUsed: number;
  lanesMs: number;
  ethereumjsMs: number;
  /** Lanes' state root over the pre-state alone (a fixed per-block cost inside lanesMs). */
  rootMs: number;
  lanesSamples: number[];
  ethereumjsSamples: number[];
  generateMs: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function timedAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Lanes alone (for sizes where ethereumjs would take minutes): every transaction must still succeed. */
function measureLanesOnly(w: Workload, runs: number, warmup: number, generateMs: number): Row {
  const block = lanesBlock(w);
  const lanes = () => executeBlock(block, w.preState, w.chainConfig);
  const first = lanes();
  const failed = first.receipts.findIndex((x) => x.status !== 1);
  if (failed >= 0) {
    console.error(`${w.id}: transaction ${failed} failed; not timing it`);
    process.exit(2);
  }
  for (let i = 0; i < warmup; i++) lanes();
  const lanesSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    lanesSamples.push(timed(lanes));
  }
  collectGarbage();
  const rootMs = timed(() => inMemoryStateRoot(w));
  const gasUsed = Number(first.gasUsed);
  return {
    id: w.id,
    txs: w.transactions.length,
    gasUsed,
    lanesMs: median(lanesSamples),
    ethereumjsMs: Number.NaN,
    rootMs,
    lanesSamples,
    ethereumjsSamples: [],
    generateMs,
  };
}

async function measure(w: Workload, runs: number, warmup: number, generateMs: number): Promise<Row> {
  const report = await crossCheck(w);
  if (report.mismatches.length > 0 || report.failedTransactions.length > 0) {
    console.error(`${w.id}: engines disagree or transactions failed; not timing it`);
    for (const m of report.mismatches) console.error(`  ${m}`);
    if (report.failedTransactions.length > 0)
      console.error(`  failed: ${report.failedTransactions.slice(0, 10).join(", ")}`);
    process.exit(2);
  }
  const r = report.lanesResult;
  const validated: BlockHeader = {
    ...w.header,
    gasUsed: r.gasUsed,
    stateRoot: r.stateRoot,
    receiptsRoot: r.receiptsRoot,
    logsBloom: r.logsBloom,
    ...(r.requestsHash !== undefined ? { requestsHash: r.requestsHash } : {}),
  };
  const ejs = await prepareEthereumjs(w);
  const ejsBlock = ethereumjsBlock(w, ethereumjsCommon(), validated);
  const block = lanesBlock(w);
  const lanes = () => executeBlock(block, w.preState, w.chainConfig);
  const ethereumjs = () => runEthereumjs(ejs, ejsBlock, false);

  for (let i = 0; i < warmup; i++) {
    lanes();
    await ethereumjs();
  }
  const lanesSamples: number[] = [];
  const ethereumjsSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const lanesFirst = i % 2 === 0;
    if (lanesFirst) {
      collectGarbage();
      lanesSamples.push(timed(lanes));
    }
    collectGarbage();
    ethereumjsSamples.push(await timedAsync(ethereumjs));
    if (!lanesFirst) {
      collectGarbage();
      lanesSamples.push(timed(lanes));
    }
  }
  collectGarbage();
  const rootMs = timed(() => inMemoryStateRoot(w));
  return {
    id: w.id,
    txs: w.transactions.length,
    gasUsed: Number(r.gasUsed),
    lanesMs: median(lanesSamples),
    ethereumjsMs: median(ethereumjsSamples),
    rootMs,
    lanesSamples,
    ethereumjsSamples,
    generateMs,
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

function printTable(rows: readonly Row[]): void {
  const head = [
    "workload",
    "txs",
    "Mgas",
    "Lanes ms",
    "Lanes Mgas/s",
    "Lanes tx/s",
    "ejs ms",
    "ejs Mgas/s",
    "ejs tx/s",
    "speedup",
    "root ms",
  ];
  const lines = rows.map((r) => [
    r.id,
    String(r.txs),
    fmt(r.gasUsed / 1e6),
    fmt(r.lanesMs),
    fmt(r.gasUsed / 1e3 / r.lanesMs),
    fmt((r.txs * 1000) / r.lanesMs, 0),
    fmt(r.ethereumjsMs),
    fmt(r.gasUsed / 1e3 / r.ethereumjsMs),
    fmt((r.txs * 1000) / r.ethereumjsMs, 0),
    Number.isFinite(r.ethereumjsMs) ? `${fmt(r.ethereumjsMs / r.lanesMs)}x` : "-",
    fmt(r.rootMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(row(head));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const l of lines) console.log(row(l));
}

async function main(): Promise<void> {
  const opts = parseCommonArgs(process.argv.slice(2), 2000);
  let runs = 3;
  let warmup = 1;
  let json: string | undefined;
  let lanesOnly = false;
  for (let i = 0; i < opts.rest.length; i++) {
    const arg = opts.rest[i]!;
    if (arg === "--lanes-only") {
      lanesOnly = true;
      continue;
    }
    const value = opts.rest[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === "--runs") runs = Number(value);
    else if (arg === "--warmup") warmup = Number(value);
    else if (arg === "--json") json = value;
    else throw new Error(`unknown argument ${arg}`);
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `# ${cpu}, ${cpus().length} cores, node ${process.version}; seed ${opts.seed}, size ${JSON.stringify(opts.size)}, ` +
      `${runs} timed runs (median), ${warmup} warmup, gc between runs: ${gcAvailable ? "yes" : "no"}`,
  );
  const rows: Row[] = [];
  for (const id of opts.ids) {
    const t = performance.now();
    const w = await buildWorkload(id, opts.seed, opts.size);
    const generateMs = performance.now() - t;
    const row = lanesOnly
      ? measureLanesOnly(w, runs, warmup, generateMs)
      : await measure(w, runs, warmup, generateMs);
    rows.push(row);
    console.log(
      `${id}: ${row.txs} txs, ${fmt(row.gasUsed / 1e6)} Mgas; lanes ${row.lanesSamples.map((x) => fmt(x)).join("/")} ms` +
        (lanesOnly ? "" : `, ethereumjs ${row.ethereumjsSamples.map((x) => fmt(x)).join("/")} ms`) +
        ` (generated in ${fmt(generateMs / 1000)} s)`,
    );
  }
  console.log("");
  printTable(rows);
  if (json !== undefined)
    writeFileSync(
      json,
      `${JSON.stringify({ cpu, cores: cpus().length, node: process.version, seed: opts.seed, size: opts.size, runs, warmup, rows }, null, 2)}\n`,
    );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  });
}
