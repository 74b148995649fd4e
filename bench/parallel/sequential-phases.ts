// The sequential reference over a block, timed by phase: the transactions (executeBlock's loop), then the
// post-block work (the state diff, the state root, the receipts root). Shared by the profiling aids in this
// folder.
import { BlockExecution } from "../../src/block/block-execution.js";
import { receiptsRoot } from "../../src/block/receipts.js";
import type { Block } from "../../src/block/types.js";
import { threadCpu } from "../../src/block-stm/thread-cpu.js";
import { applyTransaction } from "../../src/tx/execute.js";
import type { Workload } from "../../tools/workloads/types.js";

export interface SequentialPhases {
  txs: number;
  diff: number;
  stateRoot: number;
  receiptsRoot: number;
  /** During the transactions: this thread on a CPU, and waiting for one (NaN where unknown). */
  txsCpu: number;
  txsRunQueue: number;
  /** The whole block, this thread on a CPU (NaN where unknown). */
  cpu: number;
}

/** The block's phases; with `post` false only the transactions run (the other figures are 0). */
export function timeSequentialPhases(w: Workload, block: Block, post = true): SequentialPhases {
  const cpu0 = threadCpu();
  const t0 = performance.now();
  const run = new BlockExecution(block, w.preState, w.chainConfig, w.executeOptions);
  block.transactions.forEach((tx, i) => {
    run.checkAllowance(i, tx);
    run.addTransaction(tx, applyTransaction(run.state, tx, run.env, run.rules));
  });
  const t1 = performance.now();
  const cpu1 = threadCpu();
  const txsCpu = cpu0 && cpu1 ? cpu1.cpuMs - cpu0.cpuMs : Number.NaN;
  const txsRunQueue = cpu0 && cpu1 ? cpu1.waitMs - cpu0.waitMs : Number.NaN;
  if (!post)
    return { txs: t1 - t0, diff: 0, stateRoot: 0, receiptsRoot: 0, txsCpu, txsRunQueue, cpu: txsCpu };
  run.state.toDiff();
  const t2 = performance.now();
  run.state.stateRoot();
  const t3 = performance.now();
  receiptsRoot(run.receipts);
  const t4 = performance.now();
  const cpu4 = threadCpu();
  const cpu = cpu0 && cpu4 ? cpu4.cpuMs - cpu0.cpuMs : Number.NaN;
  return { txs: t1 - t0, diff: t2 - t1, stateRoot: t3 - t2, receiptsRoot: t4 - t3, txsCpu, txsRunQueue, cpu };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
