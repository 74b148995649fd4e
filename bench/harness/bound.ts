// The bound of `lanes bench` (issue 11): what any T-thread executor of this code reaches on this machine, in
// the same run as the engines. T worker threads each run one contiguous T-th of the block's transactions
// with the sequential code (no Block-STM, nothing shared; results are thrown away), at the same moment,
// while the main thread times the whole sequential block and its post-block work (diff, state root,
// receipts root) alone. Per round:
//   bound         = sequential / (slowest part + post-block / T)   (roots split perfectly over the threads)
//   serial roots  = sequential / (slowest part + post-block)       (roots on one thread)
// Medians over the rounds. bench/parallel/bound.ts is the standalone version of the same measurement.
import { Worker } from "node:worker_threads";
import type { Block } from "../../src/block/types.js";
import { lanesBlock, type Workload } from "../../tools/workloads/types.js";
import { timeSequentialPhases } from "../parallel/sequential-phases.js";
import type { WorkloadSource } from "./source.js";

export interface BoundJob {
  source: WorkloadSource;
  part: number;
  parts: number;
  /** Int32[2]: threads ready for the next round; the round counter the main thread bumps (-1: stop). */
  sync: SharedArrayBuffer;
}

export interface BoundMeasurement {
  threads: number;
  /** Medians (ms): the sequential block, its transactions, its post-block work, the slowest part. */
  sequentialMs: number;
  txsMs: number;
  postMs: number;
  slowestPartMs: number;
  /** sequential / (slowest part + post / threads): the bound `boundSpeedup` reports. */
  speedup: number;
  /** sequential / (slowest part + post): the same with the roots on one thread. */
  serialRootsSpeedup: number;
}

/** Transactions [from, to) of the workload's block. */
export function blockPart(w: Workload, part: number, parts: number): Block {
  const block = lanesBlock(w);
  const n = block.transactions.length;
  const from = Math.floor((n * part) / parts);
  const to = Math.floor((n * (part + 1)) / parts);
  return { ...block, transactions: block.transactions.slice(from, to) };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const WORKER = new URL("./bound-worker.js", import.meta.url);

/** Runs `warmup` + `runs` rounds; `w` is the main thread's copy of the workload `source` describes. */
export async function measureBound(
  source: WorkloadSource,
  w: Workload,
  threads: number,
  runs: number,
  warmup: number,
): Promise<BoundMeasurement> {
  const sync = new SharedArrayBuffer(8);
  const counters = new Int32Array(sync);
  const workers = Array.from(
    { length: threads },
    (_, part) =>
      new Worker(WORKER, {
        workerData: { source, part, parts: threads, sync } satisfies BoundJob,
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      }),
  );
  const failed = new Promise<never>((_, reject) => {
    for (const t of workers) t.once("error", reject);
  });
  try {
    const block = lanesBlock(w);
    const parts = async (round: number): Promise<number> => {
      while (Atomics.load(counters, 0) < threads * round) {
        await Promise.race([new Promise((r) => setTimeout(r, 2)), failed]);
      }
      const done = workers.map((t) => new Promise<number>((r) => t.once("message", r)));
      Atomics.store(counters, 1, round);
      Atomics.notify(counters, 1);
      return Math.max(...(await Promise.race([Promise.all(done), failed])));
    };
    const seq: { txs: number; post: number }[] = [];
    const slowest: number[] = [];
    for (let round = 1; round <= warmup + runs; round++) {
      const p = timeSequentialPhases(w, block);
      const s = { txs: p.txs, post: p.diff + p.stateRoot + p.receiptsRoot };
      const part = await parts(round);
      if (round > warmup) {
        seq.push(s);
        slowest.push(part);
      }
    }
    const sequentialMs = median(seq.map((s) => s.txs + s.post));
    const postMs = median(seq.map((s) => s.post));
    const slowestPartMs = median(slowest);
    return {
      threads,
      sequentialMs,
      txsMs: median(seq.map((s) => s.txs)),
      postMs,
      slowestPartMs,
      speedup: sequentialMs / (slowestPartMs + postMs / threads),
      serialRootsSpeedup: sequentialMs / (slowestPartMs + postMs),
    };
  } finally {
    Atomics.store(counters, 1, -1);
    Atomics.notify(counters, 1);
    await Promise.all(workers.map((t) => t.terminate()));
  }
}
