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

/** A worker failed outside any transaction (VM module not loadable, engine bug) or a thread died. */
export class ParallelWorkerError extends Error {
  override name = "ParallelWorkerError";
  constructor(message: string, workerStack?: string) {
    super(message);
    if (workerStack) this.stack = `${this.name}: ${message}\n  worker stack: ${workerStack}`;
  }
}
