// Per-block statistics of executeBlockParallel: which mode ran and why, how much speculation was wasted,
// where threads spent their time, and which accounts the transactions fought over.

import type { BlockMetrics } from "../block-stm/metrics.js";
import { addressToHex } from "../primitives/hex.js";
import type { StateDiff } from "../state/types.js";

export type ExecutionMode = "parallel" | "sequential";

export interface ThreadStats {
  executions: number;
  reExecutions: number;
  validations: number;
  busyMs: number;
  /** Of busyMs: running transactions in the VM, publishing their writes and read sets, validating. */
  vmMs: number;
  publishMs: number;
  validateMs: number;
  idleMs: number;
  /** On a CPU, and runnable but waiting for a core, during the block (NaN where the kernel does not say). */
  cpuMs: number;
  runQueueMs: number;
}

/** An account written by several transactions of the block: the source of conflicts. */
export interface HotAccount {
  address: string;
  /** Transactions whose changes include this account (fee-recipient credits not counted). */
  writers: number;
}

export interface ParallelBlockStats {
  mode: ExecutionMode;
  /** Why this mode: the fallback policy's decision or the reason a parallel run was abandoned. */
  reason: string;
  txCount: number;
  gasUsed: bigint;
  /** Worker threads used (0 for a sequential run). */
  threads: number;
  /** Transaction execution attempts (= txCount for a sequential run). */
  executions: number;
  reExecutions: number;
  validations: number;
  validationAborts: number;
  dependencyWaits: number;
  /** Capacity re-runs of the Block-STM phase (1 when buffers sufficed). */
  attempts: number;
  /** Whole call, from entry to result (state root included). */
  wallMs: number;
  /** The Block-STM phase (dispatch to the last worker's reply). */
  parallelMs: number;
  /** Main-thread work after it: folding outputs in order, post-block processing, roots. */
  commitMs: number;
  /** Of commitMs, folding the transactions' outputs in order (the rest: post-block work and roots). */
  foldMs: number;
  /** Plain value transfers to hot recipients applied as deltas (no conflict among their payers). */
  deferredCredits: number;
  /**
   * Changed accounts whose storage was posted to the workers for hashing during the fold, and how many of
   * those a worker took (storage-root-jobs.ts); the main thread hashed every other storage trie.
   */
  storageRootJobs?: {
    posted: number;
    takenByWorkers: number;
    /** Commit time the main thread spent waiting for jobs the workers had taken (ms). */
    waitedMs: number;
  };
  /**
   * Commit time spent on the receipts root from the workers' leaves (ms): waiting for the workers to finish
   * their leaves, then the ~n/16 inner nodes. 0 when the main thread computed the receipts root itself.
   */
  receiptsRootMs?: number;
  /**
   * Set when only a prefix came from Block-STM (auto mode: the block was stopped on conflicts, or an
   * output the parallel path does not model): the first transaction executed sequentially on the main
   * thread, on top of the prefix's state. Absent when every transaction came from Block-STM.
   */
  sequentialFrom?: number;
  /**
   * With ParallelExecuteOptions.measureCpu (Linux): the main thread's CPU time before the dispatch (mode
   * check, inputs, buffers), during the Block-STM phase (receiving the replies), and in the commit; and its
   * run-queue wait over the whole call.
   */
  mainThreadCpu?: { setupMs: number; phaseMs: number; commitMs: number; runQueueMs: number };
  /** Sum of worker busy time divided by the Block-STM phase's wall time: the parallelism achieved. */
  parallelism: number;
  perThread: ThreadStats[];
  /** The most-written accounts, most writers first (up to 5). */
  hotAccounts: HotAccount[];
  /** The measured schedule, when asked for (ParallelExecuteOptions.recordSchedule). */
  schedule?: BlockSchedule;
}

/**
 * What Block-STM measured and found for one block, for replaying it on N simulated threads (the scaling
 * model of `lanes bench --model-threads`): per transaction the VM time of its committed incarnation and the
 * lower transactions whose writes it read; and the serial work around the phase.
 */
export interface BlockSchedule {
  execMs: number[];
  dependencies: number[][];
  /** The Block-STM phase's wall time on the threads that ran it. */
  phaseMs: number;
  /** Folding the outputs in order (serial). */
  foldMs: number;
  /** Post-block work after the fold: diff, state root, waiting for the receipts root. */
  rootsMs: number;
}

export function sequentialStats(
  reason: string,
  txCount: number,
  gasUsed: bigint,
  wallMs: number,
): ParallelBlockStats {
  return {
    mode: "sequential",
    reason,
    txCount,
    gasUsed,
    threads: 0,
    executions: txCount,
    reExecutions: 0,
    validations: 0,
    validationAborts: 0,
    dependencyWaits: 0,
    attempts: 0,
    wallMs,
    parallelMs: 0,
    commitMs: 0,
    foldMs: 0,
    deferredCredits: 0,
    parallelism: 1,
    perThread: [],
    hotAccounts: [],
  };
}

export function parallelStats(
  reason: string,
  metrics: BlockMetrics,
  gasUsed: bigint,
  wallMs: number,
  commitMs: number,
  foldMs: number,
  deferredCredits: number,
  hotAccounts: HotAccount[],
): ParallelBlockStats {
  const busy = metrics.perThread.reduce((s, t) => s + t.busyMs, 0);
  return {
    mode: "parallel",
    reason,
    txCount: metrics.txCount,
    gasUsed,
    threads: metrics.threads,
    executions: metrics.executions,
    reExecutions: metrics.reExecutions,
    validations: metrics.validations,
    validationAborts: metrics.validationAborts,
    dependencyWaits: metrics.dependencyWaits,
    attempts: metrics.attempts,
    wallMs,
    parallelMs: metrics.wallMs,
    commitMs,
    foldMs,
    deferredCredits,
    parallelism: metrics.wallMs > 0 ? busy / metrics.wallMs : 0,
    perThread: metrics.perThread.map((t) => ({
      executions: t.executions,
      reExecutions: t.reExecutions,
      validations: t.validations,
      busyMs: t.busyMs,
      vmMs: t.vmMs,
      publishMs: t.publishMs,
      validateMs: t.validateMs,
      idleMs: t.idleMs,
      cpuMs: t.cpuMs,
      runQueueMs: t.runQueueMs,
    })),
    hotAccounts,
  };
}

/** Counts, per account, the transactions whose diff changes it; returns the top `limit` with 2+ writers. */
export function hottestAccounts(diffs: StateDiff[], limit = 5): HotAccount[] {
  const counts = new Map<bigint, number>();
  for (const diff of diffs)
    for (const address of diff.keys()) counts.set(address, (counts.get(address) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([address, writers]) => ({ address: addressToHex(address), writers }));
}

/** One line for logs and `lanes run --stats`. */
export function formatStats(s: ParallelBlockStats): string {
  const head = `mode=${s.mode} txs=${s.txCount} gas=${s.gasUsed} wall=${s.wallMs.toFixed(1)}ms`;
  if (s.mode === "sequential") return `${head} (${s.reason})`;
  const threads = s.perThread.map((t, i) => `t${i}:${t.executions}ex/${t.busyMs.toFixed(1)}ms`).join(" ");
  return (
    `${head} threads=${s.threads} parallel=${s.parallelMs.toFixed(1)}ms commit=${s.commitMs.toFixed(1)}ms ` +
    `(fold=${s.foldMs.toFixed(1)}ms) ` +
    `parallelism=${s.parallelism.toFixed(2)} executions=${s.executions} reExecutions=${s.reExecutions} ` +
    `validationAborts=${s.validationAborts} dependencyWaits=${s.dependencyWaits} ` +
    `deferredCredits=${s.deferredCredits} [${threads}] (${s.reason})`
  );
}
