// Where a block's time goes, sequential vs parallel, on the benchmark workloads: for the sequential
// reference, the transactions vs the post-block work (diff, state root, receipts root); for the parallel
// executor, the Block-STM phase vs the in-order commit. Interleaved runs after warm-up; medians printed, with
// minimums in brackets.
// A profiling aid, not a test.
//   node dist/bench/parallel/breakdown.js [--txs N] [--runs N] [--warmup N] [--threads N]
//     [--only sequential|parallel] [--gc] [--ab-storage-roots] [ids...]
// --ab-storage-roots: also runs the parallel executor with workerStorageRoots: false in each round (A/B in
// one process: storage roots on the workers vs all on the main thread).
import type { Block } from "../../src/block/types.js";
import { executeBlockParallel, SharedStateSnapshot } from "../../src/parallel/index.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock, type Workload, type WorkloadId } from "../../tools/workloads/types.js";
import { collectGarbage } from "../harness/gc.js";
import { median, timeSequentialPhases } from "./sequential-phases.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const txs = Number(option("--txs", "2000"));
const runs = Number(option("--runs", "7"));
const warmup = Number(option("--warmup", "3"));
const threads = Number(option("--threads", "2"));
const only = option("--only", "both");
// A forced full GC deoptimizes hot code (see docs/parallel.md, "Garbage collection"): off by default.
const gc = process.argv.includes("--gc");
const ab = process.argv.includes("--ab-storage-roots");
const ids = process.argv.slice(2).filter(isWorkloadId) as WorkloadId[];

interface Sample {
  [phase: string]: number;
}

function sequential(w: Workload, block: Block): Sample {
  const p = timeSequentialPhases(w, block);
  return { total: p.txs + p.diff + p.stateRoot + p.receiptsRoot, ...p };
}

async function parallel(
  w: Workload,
  block: Block,
  snapshot: SharedStateSnapshot,
  workerStorageRoots = true,
): Promise<Sample> {
  const t0 = performance.now();
  const r = await executeBlockParallel(block, w.preState, w.chainConfig, {
    threads,
    snapshot,
    mode: "parallel",
    workerStorageRoots,
  });
  const total = performance.now() - t0;
  const s = r.stats as unknown as Record<string, number>;
  const perThread = r.stats.perThread;
  const busy = perThread.length > 0 ? Math.max(...perThread.map((t) => t.busyMs)) : 0;
  return {
    total,
    stm: s.parallelMs ?? 0,
    busiest: busy,
    vm: Math.max(...perThread.map((t) => t.vmMs)),
    publish: Math.max(...perThread.map((t) => t.publishMs)),
    validate: Math.max(...perThread.map((t) => t.validateMs)),
    commit: s.commitMs ?? 0,
    fold: s.foldMs ?? 0,
    reExecutions: s.reExecutions ?? 0,
    rootJobs: r.stats.storageRootJobs?.posted ?? 0,
    rootJobsTaken: r.stats.storageRootJobs?.takenByWorkers ?? 0,
  };
}

/** Per phase: median, and the minimum in brackets (the least disturbed run on a shared machine). */
function summary(samples: Sample[]): string {
  const keys = Object.keys(samples[0]!);
  return keys
    .map((k) => {
      const xs = samples.map((s) => s[k]!);
      return `${k} ${median(xs).toFixed(1)} [${Math.min(...xs).toFixed(1)}]`;
    })
    .join("  ");
}

for (const id of ids.length > 0 ? ids : (["erc20-transfer", "uniswap-v2-swap"] as WorkloadId[])) {
  const w = await buildWorkload(id, 1, { txs });
  const block = lanesBlock(w);
  const snapshot = SharedStateSnapshot.fromState(w.preState);
  for (let i = 0; i < warmup; i++) {
    sequential(w, block);
    await parallel(w, block, snapshot);
  }
  const seq: Sample[] = [];
  const par: Sample[] = [];
  const mainRoots: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    if (gc) collectGarbage();
    if (only !== "parallel") seq.push(sequential(w, block));
    if (gc) collectGarbage();
    if (only !== "sequential") par.push(await parallel(w, block, snapshot));
    if (ab) {
      if (gc) collectGarbage();
      mainRoots.push(await parallel(w, block, snapshot, false));
    }
  }
  console.log(`${id} (${txs} txs, ${threads} threads)`);
  if (seq.length > 0) console.log(`  sequential: ${summary(seq)}`);
  if (par.length > 0) console.log(`  parallel:   ${summary(par)}`);
  if (mainRoots.length > 0)
    console.log(`  parallel, storage roots on the main thread: ${summary(mainRoots)}`);
  if (seq.length > 0 && par.length > 0) {
    const ratio = median(seq.map((s) => s.total!)) / median(par.map((s) => s.total!));
    console.log(`  parallel / sequential: ${ratio.toFixed(2)}x`);
  }
}
process.exit(0);
