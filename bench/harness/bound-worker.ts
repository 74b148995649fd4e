// A worker thread of the bound (bound.ts): rebuilds the workload from its source, then, each round the main
// thread starts, runs its part of the block's transactions with the sequential code and posts the time.
import { parentPort, workerData } from "node:worker_threads";
import { timeSequentialPhases } from "../parallel/sequential-phases.js";
import { type BoundJob, blockPart } from "./bound.js";
import { loadSource } from "./source.js";

const job = workerData as BoundJob;
const w = await loadSource(job.source);
const block = blockPart(w, job.part, job.parts);
const sync = new Int32Array(job.sync);
for (let round = 1; ; round++) {
  Atomics.add(sync, 0, 1);
  Atomics.notify(sync, 0);
  Atomics.wait(sync, 1, round - 1); // until the main thread starts round `round` (or stops: -1)
  if (Atomics.load(sync, 1) < 0) break;
  parentPort!.postMessage(timeSequentialPhases(w, block, false).txs);
}
