// runBlockStm: the main-thread driver of one parallel block. Sizes and allocates the shared buffers, starts
// the block on `threads` pool workers (one message each), sleeps until they reply, and assembles the result:
// each transaction's output from its final incarnation, the committed state readable from shared memory,
// and the block metrics. The main thread does not execute transactions; it awaits (its event loop idles).
//
// Capacity policy: if a buffer runs out, the block is aborted by the worker that noticed, and re-run from
// scratch with that resource doubled (the result is a pure function of the block, so a re-run is safe),
// up to `maxAttempts`; then ParallelCapacityError, and the caller executes the block sequentially.

import { acquireBlockBuffers, releaseBlockBuffers } from "./buffer-cache.js";
import { CommittedState } from "./committed-state.js";
import { abortBlock } from "./control.js";
import { ParallelCapacityError, ParallelConflictError, ParallelWorkerError } from "./errors.js";
import type { BlockDoneMessage, RunBlockMessage, WorkerReply } from "./messages.js";
import { type BlockMetrics, sumWorkerMetrics } from "./metrics.js";
import { MvMemory } from "./mv-memory.js";
import { ReadSets } from "./read-set.js";
import {
  BlockViews,
  type Capacity,
  type CapacityHints,
  CTRL_ERROR,
  CTRL_ERROR_DETAIL,
  CTRL_LOCATION_COUNT,
  CTRL_NODE_CURSOR,
  CTRL_STOP_ON_CONFLICTS,
  capacityFor,
  ERR_ABORTED,
  ERR_CAPACITY,
  ERR_CONFLICTS,
  ERR_NONE,
  EXECUTED,
  INCARNATION_SHIFT,
  RESOURCE_NAMES,
  STATE_MASK,
} from "./shared-layout.js";
import { type BlockTimeline, TIMELINE_FIELDS } from "./timeline.js";
import type { WorkerPool } from "./worker-pool.js";

export interface BlockStmOptions {
  /** Module exporting createVm (see vm-interface.ts), as a file: URL. */
  vmModule: string | URL;
  /** Given to createVm in every worker (structured clone). */
  vmInput: unknown;
  txCount: number;
  /** Worker threads for this block (default: the pool's maximum), capped at the transaction count. */
  threads?: number;
  hints?: CapacityHints;
  /**
   * Explicit capacities, overriding the ones derived from txCount and hints. Exact: such a block gets
   * freshly allocated buffers of these sizes, never larger recycled ones (memory bounds, tests).
   */
  capacity?: Partial<Capacity>;
  /** Runs allowed when capacities must grow (default 4: up to 8x the initial sizes). */
  maxAttempts?: number;
  /**
   * Stop the block (ParallelConflictError) when conflicts exceed a third of a worker's executions, so the caller can run it
   * sequentially instead of paying Block-STM's overhead on a dependency chain. Default false.
   */
  stopOnConflicts?: boolean;
  /**
   * With stopOnConflicts: instead of ParallelConflictError, return the block's committed prefix (see
   * BlockStmResult.committed), whose outputs are final, so the caller continues sequentially from there
   * instead of throwing the work away. Default false.
   */
  keepPrefixOnStop?: boolean;
  /** Record each thread's executions, validations and waits (timeline.ts) into `timeline`. Default false. */
  recordTimeline?: boolean;
}

export interface BlockStmResult {
  /**
   * Transactions [0, committed) have final outputs: txCount for a block run to the end; fewer when the
   * block was stopped on conflicts with keepPrefixOnStop (then `stoppedOnConflicts` is set). Outputs,
   * `failed`, `incarnations` and `execMs` above the prefix are undefined, -1 or 0.
   */
  committed: number;
  /** The conflicts the stopping worker had counted, when the block was stopped (keepPrefixOnStop). */
  stoppedOnConflicts?: number;
  /** Per transaction: the output of its committed incarnation (the Error it threw when `failed`). */
  outputs: unknown[];
  failed: boolean[];
  /** Per transaction: the committed incarnation (0 = executed once and never aborted). */
  incarnations: number[];
  /** Per transaction: the VM time (ms) of its committed incarnation. */
  execMs: Float64Array;
  state: CommittedState;
  metrics: BlockMetrics;
  /** With recordTimeline: each thread's events, in ms from the block's dispatch on the main thread's clock. */
  timeline?: BlockTimeline;
  /**
   * Hands the block's shared buffers back for reuse by the next block (saves their allocation). `state`
   * must not be used afterwards (it throws). Optional: unreleased buffers are garbage-collected.
   */
  release(): void;
}

let nextBlockId = 1;

type Resource = Exclude<keyof Capacity, "txCount">;

export async function runBlockStm(pool: WorkerPool, options: BlockStmOptions): Promise<BlockStmResult> {
  const n = options.txCount;
  const threads = Math.max(1, Math.min(options.threads ?? pool.maxThreads, pool.maxThreads, Math.max(1, n)));
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const capacity = capacityFor(n, options.hints, options.capacity);
  for (let attempt = 1; ; attempt++) {
    const buffers = acquireBlockBuffers({ ...capacity }, n, options.capacity === undefined);
    const views = new BlockViews(buffers);
    if (options.stopOnConflicts === true) Atomics.store(views.control, CTRL_STOP_ON_CONFLICTS, 1);
    const blockId = nextBlockId++;
    const message: RunBlockMessage = {
      type: "run",
      blockId,
      buffers,
      vmModule: String(options.vmModule),
      vmInput: options.vmInput,
    };
    if (options.recordTimeline === true) message.recordTimeline = true;
    const start = performance.now();
    let replies: WorkerReply[] = [];
    try {
      if (n > 0) {
        const messages = new Array<RunBlockMessage>(threads).fill(message);
        replies = await pool.run(messages, () => abortBlock(views.control, ERR_ABORTED));
      }
    } catch (e) {
      throw e instanceof ParallelWorkerError ? e : new ParallelWorkerError(String(e));
    }
    const wallMs = performance.now() - start;
    for (const reply of replies) {
      if (reply.type === "failed") throw new ParallelWorkerError(reply.message, reply.stack);
    }
    const error = Atomics.load(views.control, CTRL_ERROR);
    if (error === ERR_CAPACITY) {
      const resource = RESOURCE_NAMES[Atomics.load(views.control, CTRL_ERROR_DETAIL)] as Resource;
      releaseBlockBuffers(buffers); // every worker has replied: reusable
      // Double what actually ran out: a recycled buffer set may have been larger than requested.
      if (attempt >= maxAttempts) throw new ParallelCapacityError(resource, buffers.capacity);
      capacity[resource] = buffers.capacity[resource] * 2;
      continue;
    }
    if (error === ERR_CONFLICTS) {
      const conflicts = Atomics.load(views.control, CTRL_ERROR_DETAIL);
      if (options.keepPrefixOnStop === true) {
        const result = assemble(views, replies as BlockDoneMessage[], threads, attempt, wallMs, false);
        result.stoppedOnConflicts = conflicts;
        return result;
      }
      releaseBlockBuffers(buffers); // every worker has replied: reusable
      throw new ParallelConflictError(conflicts);
    }
    if (error !== ERR_NONE) throw new ParallelWorkerError(`block aborted (error code ${error})`);
    const done = replies as BlockDoneMessage[];
    const result = assemble(views, done, threads, attempt, wallMs, true);
    if (options.recordTimeline === true) result.timeline = timelineOf(done, start);
    return result;
  }
}

/** The replies' timelines shifted onto this thread's clock, as ms from `startMs` (the dispatch). */
function timelineOf(replies: BlockDoneMessage[], startMs: number): BlockTimeline {
  const threads = replies.map((reply) => {
    const events = reply.timeline ?? new Float64Array(0);
    const shift = (reply.timeOrigin ?? performance.timeOrigin) - performance.timeOrigin - startMs;
    for (let p = 0; p < events.length; p += TIMELINE_FIELDS) {
      events[p + 3]! += shift;
      events[p + 4]! += shift;
    }
    return events;
  });
  return { startMs, threads };
}

/**
 * The result of a block whose workers have all replied. `complete`: the scheduler finished it, so every
 * transaction is EXECUTED and validated. Otherwise (stopped on conflicts) only the committed prefix is
 * final: the longest run of transactions from 0 that are EXECUTED, whose output is here, and whose read set
 * still validates against the multi-version memory. Nothing runs any more, so the check is exact: by
 * induction, when every lower transaction's committed writes are final, a validating read set saw exactly
 * what the sequential order gives it (invariant 7 of docs/parallel.md, applied to a prefix).
 */
function assemble(
  views: BlockViews,
  replies: BlockDoneMessage[],
  threads: number,
  attempts: number,
  wallMs: number,
  complete: boolean,
): BlockStmResult {
  const n = views.txCount;
  const outputs = new Array<unknown>(n);
  const failed = new Array<boolean>(n).fill(false);
  const execMs = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  for (const reply of replies) {
    for (let k = 0; k < reply.txs.length; k++) {
      const tx = reply.txs[k]!;
      const incarnation = reply.incarnations[k]!;
      if (incarnation <= seen[tx]!) continue;
      seen[tx] = incarnation;
      outputs[tx] = reply.outputs[k];
      failed[tx] = reply.failed[k]!;
      execMs[tx] = reply.execMs[k] ?? 0;
    }
  }
  const incarnations = new Array<number>(n).fill(-1);
  const committed = complete ? n : committedPrefix(views, seen);
  for (let tx = 0; tx < committed; tx++) {
    const status = Atomics.load(views.txStatus, tx);
    const incarnation = status >>> INCARNATION_SHIFT;
    // Invariants of a finished block; a violation is an engine bug, never a reason to return wrong data.
    if ((status & STATE_MASK) !== EXECUTED || seen[tx] !== incarnation) {
      throw new ParallelWorkerError(
        `internal: tx ${tx} ended in state ${status & STATE_MASK} incarnation ${incarnation}, output of ${seen[tx]}`,
      );
    }
    incarnations[tx] = incarnation;
  }
  const perThread = replies.map((r) => r.metrics);
  const total = sumWorkerMetrics(perThread);
  const metrics: BlockMetrics = {
    txCount: n,
    threads,
    attempts,
    executions: total.executions,
    reExecutions: total.reExecutions,
    validations: total.validations,
    validationAborts: total.validationAborts,
    dependencyWaits: total.dependencyWaits,
    wallMs,
    locations: Math.min(Atomics.load(views.control, CTRL_LOCATION_COUNT), views.capacity.locations),
    versions: Math.min(Atomics.load(views.control, CTRL_NODE_CURSOR), views.capacity.versions),
    perThread,
  };
  const state = new CommittedState(views);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    state.release();
    releaseBlockBuffers(views.buffers);
  };
  for (let tx = committed; tx < n; tx++) {
    outputs[tx] = undefined;
    failed[tx] = false;
    execMs[tx] = 0;
  }
  return { committed, outputs, failed, incarnations, execMs, state, metrics, release };
}

/** See assemble: the final prefix of a stopped block. `seen`: the incarnation of each output received. */
function committedPrefix(views: BlockViews, seen: Int32Array): number {
  const readSets = new ReadSets(views, new MvMemory(views));
  const n = views.txCount;
  for (let tx = 0; tx < n; tx++) {
    const status = Atomics.load(views.txStatus, tx);
    if ((status & STATE_MASK) !== EXECUTED || seen[tx] !== status >>> INCARNATION_SHIFT) return tx;
    if (!readSets.validate(tx)) return tx;
  }
  return n;
}
