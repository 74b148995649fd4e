// Errors of the parallel executor that a caller acts on. Both mean "this block did not run in parallel";
// the state is untouched (the pre-state is never written by the parallel core), so the caller can fall back
// to sequential execution.
import type { Capacity } from "./shared-layout.js";

/** A per-block capacity ran out on every attempt (growth is bounded by BlockStmOptions.maxAttempts). */
export class ParallelCapacityError extends Error {
  override name = "ParallelCapacityError";
  constructor(
    readonly resource: string,
    readonly capacity: Capacity,
  ) {
    super(`parallel execution ran out of ${resource} (capacity ${JSON.stringify(capacity)})`);
  }
}

/**
 * The block was stopped because most executions ended in a conflict (BlockStmOptions.stopOnConflicts): it
 * is close to one dependency chain, which Block-STM can only run in order, paying its overhead on top.
 */
export class ParallelConflictError extends Error {
  override name = "ParallelConflictError";
  constructor(readonly conflicts: number) {
    super(`conflicts dominated (${conflicts} dependency waits and validation aborts on one worker)`);
  }
}

/** A worker failed outside any transaction (VM module not loadable, engine bug) or a thread died. */
export class ParallelWorkerError extends Error {
  override name = "ParallelWorkerError";
  constructor(message: string, workerStack?: string) {
    super(message);
    if (workerStack) this.stack = `${this.name}: ${message}\n  worker stack: ${workerStack}`;
  }
}
