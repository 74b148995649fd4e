// Runs every workload through executeBlock and executeBlockParallel (forced parallel, several thread
// counts) and compares the results byte for byte: receipts, gas, roots and the canonical diff. Prints one
// line per (workload, threads) with the parallel statistics. Not a timing benchmark.
//   node dist/bench/parallel/check-parallel.js [--txs N] [--seed S] [--threads 1,2,4] [ids...]
import { executeBlock } from "../../src/block/execute-block.js";
import type { BlockResult } from "../../src/block/types.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { executeBlockParallel, formatStats, SharedStateSnapshot } from "../../src/parallel/index.js";
import { buildWorkload, WORKLOAD_IDS } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock, type WorkloadId } from "../../tools/workloads/types.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const txs = Number(option("--txs", "200"));
const seed = Number(option("--seed", "1"));
const threadCounts = option("--threads", "1,2,4").split(",").map(Number);
const ids = process.argv.slice(2).filter(isWorkloadId) as WorkloadId[];

let mismatches = 0;
for (const id of ids.length > 0 ? ids : WORKLOAD_IDS) {
  const w = await buildWorkload(id, seed, { txs });
  const block = lanesBlock(w);
  const expected: BlockResult = executeBlock(block, w.preState, w.chainConfig);
  const want = canonicalResultLines(expected);
  const snapshot = SharedStateSnapshot.fromState(w.preState);
  for (const threads of threadCounts) {
    const got = await executeBlockParallel(block, w.preState, w.chainConfig, {
      threads,
      mode: "parallel",
      snapshot,
    });
    const difference = firstDifference(canonicalResultLines(got), want);
    const same = difference === undefined;
    if (!same) mismatches++;
    console.log(`${same ? "ok  " : "DIFF"} ${id} threads=${threads} ${formatStats(got.stats)}`);
    if (!same) console.log(`     ${difference}`);
  }
}
process.exit(mismatches === 0 ? 0 : 1);
