// Builds workloads and cross-checks each against @ethereumjs/vm (see cross-check.ts); prints one line per
// workload and exits 1 on any mismatch or failed transaction.
//
// Usage: node dist/bench/workloads/check.js [--size N|Ngas|gigagas] [--seed S] [id ...]
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { crossCheck } from "../../tools/workloads/cross-check.js";
import { buildWorkload, parseSize, type WorkloadSize } from "../../tools/workloads/registry.js";
import { isWorkloadId, WORKLOAD_IDS, type WorkloadId } from "../../tools/workloads/types.js";

interface CheckOptions {
  size: WorkloadSize;
  seed: number;
  ids: WorkloadId[];
}

export function parseCommonArgs(
  argv: readonly string[],
  defaultTxs: number,
): CheckOptions & { rest: string[] } {
  let size: WorkloadSize = { txs: defaultTxs };
  let seed = 1;
  const ids: WorkloadId[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--txs" || arg === "--size") size = parseSize(value());
    else if (arg === "--gas") size = parseSize(`${value()}gas`);
    else if (arg === "--gigagas") size = parseSize("gigagas");
    else if (arg === "--seed") seed = Number(value());
    else if (isWorkloadId(arg)) ids.push(arg);
    else rest.push(arg);
  }
  return { size, seed, ids: ids.length > 0 ? ids : [...WORKLOAD_IDS], rest };
}

async function main(): Promise<void> {
  const opts = parseCommonArgs(process.argv.slice(2), 200);
  if (opts.rest.length > 0) throw new Error(`unknown arguments: ${opts.rest.join(" ")}`);
  let bad = 0;
  for (const id of opts.ids) {
    const t0 = performance.now();
    const w = await buildWorkload(id, opts.seed, opts.size);
    const t1 = performance.now();
    const report = await crossCheck(w);
    const t2 = performance.now();
    const ok = report.mismatches.length === 0 && report.failedTransactions.length === 0;
    if (!ok) bad++;
    console.log(
      `${ok ? "ok  " : "FAIL"} ${id.padEnd(20)} ${String(w.transactions.length).padStart(6)} txs ` +
        `${(Number(report.lanes.gasUsed) / 1e6).toFixed(1).padStart(8)} Mgas  ` +
        `setup ${w.setup.blocks} blocks/${w.setup.transactions} txs/${(Number(w.setup.gasUsed) / 1e6).toFixed(1)} Mgas  ` +
        `generate ${((t1 - t0) / 1000).toFixed(1)} s, check ${((t2 - t1) / 1000).toFixed(1)} s`,
    );
    if (report.failedTransactions.length > 0)
      console.log(`     failed txs: ${report.failedTransactions.slice(0, 10).join(", ")}`);
    for (const m of report.mismatches) console.log(`     ${m}`);
  }
  process.exit(bad === 0 ? 0 : 1);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(2);
  });
}
