// A worker thread of the bound (bound.ts): rebuilds the workload from its source, then, each round the main
// thread starts, runs its part of the block's transactions with the sequential code and posts the time.
import { parentPort, workerData } from "node:worker_threads";
import { executeBlock } from "../../src/block/execute-block.js";
import { lanesBlock } from "../../tools/workloads/types.js";
import { timeSequentialPhases } from "../parallel/sequential-phases.js";
import { type BoundJob, blockPart } from "./bound.js";
import { loadSource } from "./source.js";

const job = workerData as BoundJob;
const w = await loadSource(job.source);
const block = blockPart(w, job.part, job.parts);
// A part after the first starts from the state the parts before it leave (untimed): its transactions then
// run as they do in the whole block (nonces, pool reserves), not against the block's pre-state.
if (job.part > 0) {
  const prefix = lanesBlock(w);
  const end = Math.floor((prefix.transactions.length * job.part) / job.parts);
  const before = executeBlock(
    { ...prefix, transactions: prefix.transactions.slice(0, end), withdrawals: [] },
    w.preState,
    w.chainConfig,
    w.executeOptions,
  );
  w.preState = w.preState.clone();
  w.preState.applyDiff(before.diff);
}
const sync = new Int32Array(job.sync);
for (let round = 1; ; round++) {
  Atomics.add(sync, 0, 1);
  Atomics.notify(sync, 0);
  Atomics.wait(sync, 1, round - 1); // until the main thread starts round `round` (or stops: -1)
  if (Atomics.load(sync, 1) < 0) break;
  parentPort!.postMessage(timeSequentialPhases(w, block, false).txs);
}
