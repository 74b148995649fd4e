// Where a block's time goes, sequential vs parallel, on the benchmark workloads: for the sequential
// reference, the transactions vs the post-block work (diff, state root, receipts root); for the parallel
// executor, the Block-STM phase vs the in-order commit. Interleaved runs after warm-up; medians printed, with
// minimums in brackets.
// With CPU times from /proc/thread-self/schedstat (Linux): per worker loop, per main-thread phase, and the
// sequential transactions, so a loaded machine's run-queue waits can be told from work (docs/parallel.md,
// "Where the time goes").
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
  const txUs = (1000 * p.txs) / Math.max(1, block.transactions.length);
  return {
    total: p.txs + p.diff + p.stateRoot + p.receiptsRoot,
    txs: p.txs,
    diff: p.diff,
    stateRoot: p.stateRoot,
    receiptsRoot: p.receiptsRoot,
    txUs,
    // CPU time of the transactions per transaction, µs: the load-independent figure to compare with vmCpuUs.
    txCpuUs: (1000 * p.txsCpu) / Math.max(1, block.transactions.length),
    txsRunQueue: p.txsRunQueue,
    cpu: p.cpu,
  };
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
    measureCpu: true,
  });
  const total = performance.now() - t0;
  const s = r.stats as unknown as Record<string, number>;
  const perThread = r.stats.perThread;
  const busy = perThread.length > 0 ? Math.max(...perThread.map((t) => t.busyMs)) : 0;
  const workerWall = perThread.length > 0 ? Math.max(...perThread.map((t) => t.busyMs + t.idleMs)) : 0;
  const vmSum = perThread.reduce((sum, t) => sum + t.vmMs, 0);
  const stm = s.parallelMs ?? 0;
  const commit = s.commitMs ?? 0;
  const fold = s.foldMs ?? 0;
  return {
    total,
    // Main thread before the dispatch: mode check, BlockExecution, tx table, hot recipients, buffers.
    setup: total - stm - commit,
    stm,
    // Of stm, outside every worker's executor loop: the start message, createVm, collecting and cloning
    // the outputs, the reply's delivery.
    dispatch: stm - workerWall,
    busiest: busy,
    idle: Math.max(...perThread.map((t) => t.idleMs)),
    vm: Math.max(...perThread.map((t) => t.vmMs)),
    publish: Math.max(...perThread.map((t) => t.publishMs)),
    validate: Math.max(...perThread.map((t) => t.validateMs)),
    commit,
    fold,
    roots: commit - fold,
    executions: s.executions ?? 0,
    reExecutions: s.reExecutions ?? 0,
    dependencyWaits: s.dependencyWaits ?? 0,
    // VM time per execution attempt over all threads, in µs (compare with the sequential txUs).
    vmUs: (1000 * vmSum) / Math.max(1, s.executions ?? 1),
    // The executor loops' CPU time (all threads) per execution, µs, and the longest run-queue wait of a
    // worker during the block: how much of the phase the load took away.
    loopCpuUs: (1000 * perThread.reduce((sum, t) => sum + t.cpuMs, 0)) / Math.max(1, s.executions ?? 1),
    runQueue: Math.max(...perThread.map((t) => t.runQueueMs)),
    // The main thread's CPU time: before the dispatch, during the phase (the replies), in the commit.
    mainSetupCpu: r.stats.mainThreadCpu?.setupMs ?? Number.NaN,
    mainPhaseCpu: r.stats.mainThreadCpu?.phaseMs ?? Number.NaN,
    mainCommitCpu: r.stats.mainThreadCpu?.commitMs ?? Number.NaN,
    workerCpu: Math.max(...perThread.map((t) => t.cpuMs)),
    // Of the commit: waiting for storage-root jobs the workers took, and the receipts root from the leaves.
    jobsWait: r.stats.storageRootJobs?.waitedMs ?? 0,
    receiptsWait: r.stats.receiptsRootMs ?? 0,
    rootJobs: r.stats.storageRootJobs?.posted ?? 0,
    rootJobsTaken: r.stats.storageRootJobs?.takenByWorkers ?? 0,
  };
}

/**
 * Per phase: median, and the minimum in brackets (the least disturbed run on a shared machine). CPU times
 * (keys with "Cpu"/"cpu") are the mean instead: the kernel advances a running thread's CPU time only at a
 * tick or a switch (up to 4 ms here), so one block's few-ms phase reads as 0 or 4; the mean over runs is
 * unbiased.
 */
function summary(samples: Sample[]): string {
  const keys = Object.keys(samples[0]!);
  return keys
    .map((k) => {
      const xs = samples.map((s) => s[k]!);
      if (/cpu/i.test(k)) return `${k} ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} (mean)`;
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
    // The load-independent view (means of CPU times): the parallel block's critical path is the main
    // thread's setup, the busiest worker's loop, the main thread's work during the phase, and the commit.
    const mean = (xs: Sample[], k: string) => xs.reduce((a, x) => a + x[k]!, 0) / xs.length;
    const seqCpu = mean(seq, "cpu");
    const path =
      mean(par, "mainSetupCpu") +
      mean(par, "workerCpu") +
      mean(par, "mainPhaseCpu") +
      mean(par, "mainCommitCpu");
    if (Number.isFinite(seqCpu) && Number.isFinite(path)) {
      console.log(
        `  CPU: sequential ${seqCpu.toFixed(1)} ms, parallel critical path ${path.toFixed(1)} ms: ${(seqCpu / path).toFixed(2)}x`,
      );
    }
  }
}
process.exit(0);
