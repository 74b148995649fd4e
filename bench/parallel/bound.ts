// What this machine allows a 2-thread parallel executor at best, measured: two worker threads each run half
// of the block's transactions with the sequential code (contiguous halves, no Block-STM, no shared state:
// results are thrown away, so the split costs nothing), at the same moment, while the main thread measures
// the sequential block and its post-block work (diff, state root, receipts root) alone. Two bounds:
//   serial roots:   slower half + post-block work       (a parallel executor that hashes roots on one thread)
//   parallel roots: slower half + post-block work / 2   (roots hashed perfectly on both threads too)
// Each divides the sequential block's time. Medians of interleaved runs after warm-up. A profiling aid for
// issue 4's 1.8x target, not a test.
//   node --max-semi-space-size=64 dist/bench/parallel/bound.js [--txs N] [--runs N] [ids...]
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Block } from "../../src/block/types.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock, type Workload, type WorkloadId } from "../../tools/workloads/types.js";
import { median, timeSequentialPhases } from "./sequential-phases.js";

interface Job {
  id: WorkloadId;
  txs: number;
  /** Which contiguous half this thread runs (0 or 1). */
  half: number;
  /** Int32[2]: threads ready for the next run; the run counter the main thread bumps to start one. */
  sync: SharedArrayBuffer;
}

/** Transactions [from, to) of the workload's block. */
function part(w: Workload, from: number, to: number): Block {
  const block = lanesBlock(w);
  return { ...block, transactions: block.transactions.slice(from, to) };
}

/** The sequential code over `block`: transactions, then the post-block work, timed apart. */
function runSequential(w: Workload, block: Block): { txs: number; post: number } {
  const p = timeSequentialPhases(w, block);
  return { txs: p.txs, post: p.diff + p.stateRoot + p.receiptsRoot };
}

async function worker(job: Job): Promise<void> {
  const w = await buildWorkload(job.id, 1, { txs: job.txs });
  const n = w.transactions.length;
  const mid = n >> 1;
  const block = job.half === 0 ? part(w, 0, mid) : part(w, mid, n);
  const sync = new Int32Array(job.sync);
  for (let run = 1; ; run++) {
    Atomics.add(sync, 0, 1);
    Atomics.notify(sync, 0);
    Atomics.wait(sync, 1, run - 1); // until the main thread starts run `run` (or ends: -1)
    if (Atomics.load(sync, 1) < 0) return;
    parentPort!.postMessage(runSequential(w, block).txs);
  }
}

async function main(): Promise<void> {
  const option = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1]! : fallback;
  };
  const txs = Number(option("--txs", "2000"));
  const runs = Number(option("--runs", "9"));
  const warmup = 3;
  const ids = process.argv.slice(2).filter(isWorkloadId) as WorkloadId[];
  for (const id of ids.length > 0 ? ids : (["erc20-transfer", "uniswap-v2-swap"] as WorkloadId[])) {
    const sync = new SharedArrayBuffer(8);
    const counters = new Int32Array(sync);
    const threads = [0, 1].map(
      (half) =>
        new Worker(new URL(import.meta.url), {
          workerData: { id, txs, half, sync } satisfies Job,
          resourceLimits: { maxYoungGenerationSizeMb: 64 },
        }),
    );
    const w = await buildWorkload(id, 1, { txs });
    const block = lanesBlock(w);
    const halves = async (run: number): Promise<number> => {
      while (Atomics.load(counters, 0) < 2 * run) await new Promise((r) => setTimeout(r, 1));
      const done = threads.map((t) => new Promise<number>((r) => t.once("message", r)));
      Atomics.store(counters, 1, run);
      Atomics.notify(counters, 1);
      return Math.max(...(await Promise.all(done)));
    };
    const seq: { txs: number; post: number }[] = [];
    const half: number[] = [];
    for (let i = 1; i <= warmup + runs; i++) {
      const s = runSequential(w, block);
      const h = await halves(i);
      if (i > warmup) {
        seq.push(s);
        half.push(h);
      }
    }
    Atomics.store(counters, 1, -1);
    Atomics.notify(counters, 1);
    await Promise.all(threads.map((t) => new Promise((r) => t.once("exit", r))));
    const total = median(seq.map((s) => s.txs + s.post));
    const txsMs = median(seq.map((s) => s.txs));
    const post = median(seq.map((s) => s.post));
    const slower = median(half);
    const serialRoots = slower + post;
    const parallelRoots = slower + post / 2;
    console.log(`${id} (${block.transactions.length} txs)`);
    console.log(
      `  sequential ${total.toFixed(1)} ms = transactions ${txsMs.toFixed(1)} + post-block ${post.toFixed(1)}; ` +
        `slower half on 2 threads ${slower.toFixed(1)} ms (ideal ${(txsMs / 2).toFixed(1)})`,
    );
    console.log(
      `  bound with serial roots ${(total / serialRoots).toFixed(2)}x, ` +
        `with roots hashed on both threads ${(total / parallelRoots).toFixed(2)}x`,
    );
  }
}

if (isMainThread) {
  await main();
} else {
  await worker(workerData as Job);
}
