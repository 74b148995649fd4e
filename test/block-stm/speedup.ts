// Measures the Block-STM speedup on a synthetic block (not a test; run it by hand):
//   node dist/test/block-stm/speedup.js [--txs 4000] [--work 1000] [--rate 0.01] [--reps 11] [--threads 1,2]
// Every configuration is warmed up first (worker JIT), then run `reps` times interleaved; the median wall
// time (dispatch to last result, as seen by the main thread) is reported, with the sequential reference
// (same VM, state in a plain Map on the main thread, no Block-STM) for scale.
import { parseArgs } from "node:util";
import { runBlockStm } from "../../src/block-stm/block-stm.js";
import { keySmallSlot } from "../../src/block-stm/location-key.js";
import type { TxView } from "../../src/block-stm/vm-interface.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonical, runSynthetic, SYNTHETIC_VM } from "./harness.js";
import { runSequential, SyntheticVm } from "./synthetic-vm.js";
import { generateBlock } from "./synthetic-workload.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "4000" },
    work: { type: "string", default: "1000" },
    rate: { type: "string", default: "0.01" },
    reps: { type: "string", default: "11" },
    threads: { type: "string", default: "1,2" },
    seed: { type: "string", default: "7" },
  },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The leanest sequential run of the same VM: one reused view, state in a Map, no Block-STM at all. */
function sequentialBaseline(block: Int32Array, txCount: number): number {
  const state = new Map<number, Uint32Array>();
  const writes: [number, Uint32Array][] = [];
  const view: TxView = {
    lastWriter: -1, // the synthetic VM never asks
    dependOn: () => {
      throw new Error("no dependencies in a sequential run");
    },
    locate: (key) => keySmallSlot(key),
    read: (loc, out) => {
      for (let i = writes.length - 1; i >= 0; i--) {
        if (writes[i]![0] === loc) {
          out.set(writes[i]![1]);
          return true;
        }
      }
      const v = state.get(loc);
      if (v) out.set(v);
      return v !== undefined;
    },
    write: (loc, value) => void writes.push([loc, value.slice()]),
  };
  const vm = new SyntheticVm(block);
  const start = performance.now();
  for (let tx = 0; tx < txCount; tx++) {
    writes.length = 0;
    try {
      vm.execute(tx, view);
      for (const [loc, v] of writes) state.set(loc, v);
    } catch {
      // a failed tx commits nothing
    }
  }
  return performance.now() - start;
}

async function main(): Promise<void> {
  const txCount = Number(values.txs);
  const work = Number(values.work);
  const rate = Number(values.rate);
  const reps = Number(values.reps);
  const threadCounts = values.threads.split(",").map(Number);
  const block = generateBlock({ txCount, conflictRate: rate, seed: Number(values.seed), work });
  const expected = JSON.stringify(canonical(runSequential(block)).outputs);
  const seqTimes: number[] = [];
  for (let r = -2; r < reps; r++) {
    const t = sequentialBaseline(block, txCount);
    if (r >= 0) seqTimes.push(t);
  }
  const pool = new WorkerPool({ maxThreads: Math.max(...threadCounts) });
  const walls = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
  const reexec = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
  const busy = new Map<number, string>();
  // Warm-up runs also check the result; timed runs skip the check, whose garbage would keep V8's
  // background GC threads busy (competing with the workers for the cores) during the next block.
  for (const threads of threadCounts) {
    for (let w = 0; w < 2; w++) {
      const { observed } = await runSynthetic(pool, block, threads);
      if (JSON.stringify(observed.outputs) !== expected) throw new Error("parallel result differs");
    }
  }
  for (let r = 0; r < reps; r++) {
    for (const threads of threadCounts) {
      const result = await runBlockStm(pool, { vmModule: SYNTHETIC_VM, vmInput: block, txCount, threads });
      result.release();
      walls.get(threads)!.push(result.metrics.wallMs);
      reexec.get(threads)!.push(result.metrics.reExecutions);
      busy.set(threads, result.metrics.perThread.map((m) => m.busyMs.toFixed(1)).join("/"));
    }
  }
  await pool.close();
  console.log(`block: ${txCount} txs, conflict rate ${rate}, work ${work} rounds/tx, ${reps} reps (median)`);
  console.log(`sequential, no Block-STM (main thread, Map state): ${median(seqTimes).toFixed(1)} ms`);
  const base = median(walls.get(threadCounts[0]!)!);
  for (const threads of threadCounts) {
    const wall = median(walls.get(threads)!);
    console.log(
      `block-stm ${threads} thread(s): ${wall.toFixed(1)} ms, speedup vs ${threadCounts[0]} thread(s) ` +
        `${(base / wall).toFixed(2)}x, re-executions ${median(reexec.get(threads)!)}, ` +
        `busy ms per thread (last rep) ${busy.get(threads)}`,
    );
  }
}

// Imported by `node --test` on a directory? Do nothing there.
if (!process.env.NODE_TEST_CONTEXT) await main();
