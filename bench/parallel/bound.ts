// What this machine allows a T-thread parallel executor at best, measured standalone (lanes bench measures
// the same in its runs: bench/harness/bound.ts): T worker threads each run one T-th of the block's
// transactions with the sequential code at the same moment, while the main thread times the sequential block
// and its post-block work (diff, state root, receipts root) alone. Two bounds:
//   serial roots:   slowest part + post-block work       (a parallel executor that hashes roots on one thread)
//   parallel roots: slowest part + post-block work / T   (roots hashed perfectly on all threads too)
// Each divides the sequential block's time. Medians of interleaved runs after warm-up.
//   node --max-semi-space-size=64 dist/bench/parallel/bound.js [--txs N] [--runs N] [--threads T] [ids...]
import { isWorkloadId, type WorkloadId } from "../../tools/workloads/types.js";
import { measureBound } from "../harness/bound.js";
import { loadSource, type WorkloadSource } from "../harness/source.js";

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const txs = Number(option("--txs", "2000"));
const runs = Number(option("--runs", "9"));
const threads = Number(option("--threads", "2"));
const ids = process.argv.slice(2).filter(isWorkloadId) as WorkloadId[];
for (const id of ids.length > 0 ? ids : (["erc20-transfer", "uniswap-v2-swap"] as WorkloadId[])) {
  const source: WorkloadSource = { kind: "workload", id, seed: 1, size: { txs }, stateAccounts: 0 };
  const w = await loadSource(source);
  const b = await measureBound(source, w, threads, runs, 3);
  console.log(`${id} (${w.transactions.length} txs)`);
  console.log(
    `  sequential ${b.sequentialMs.toFixed(1)} ms = transactions ${b.txsMs.toFixed(1)} + post-block ${b.postMs.toFixed(1)}; ` +
      `slowest of ${threads} parts ${b.slowestPartMs.toFixed(1)} ms (ideal ${(b.txsMs / threads).toFixed(1)})`,
  );
  console.log(
    `  bound with serial roots ${b.serialRootsSpeedup.toFixed(2)}x, with roots split over the threads ${b.speedup.toFixed(2)}x`,
  );
}
