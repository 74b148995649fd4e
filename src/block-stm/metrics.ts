// Per-block observability of a Block-STM run: how much speculation was wasted and where time went.
// Workers count locally (plain numbers, no shared counters on the hot path) and report once at the end.

export interface WorkerMetrics {
  /** Execution attempts, including ones that stopped on a dependency. */
  executions: number;
  /** Attempts of incarnations above 0 (the transaction had been aborted before). */
  reExecutions: number;
  validations: number;
  /** Validations that failed and won the abort (each causes one re-execution). */
  validationAborts: number;
  /** Executions parked on a lower transaction's ESTIMATE (add_dependency succeeded). */
  dependencyWaits: number;
  /** Time in the executor loop outside Atomics.wait. */
  busyMs: number;
  /** Of busyMs: inside the VM's execute (the transactions themselves). */
  vmMs: number;
  /** Of busyMs: publishing executions' writes and read sets, and validating read sets. */
  publishMs: number;
  validateMs: number;
  /** Time asleep waiting for work. */
  idleMs: number;
  wallMs: number;
  /**
   * Of wallMs, on a CPU, and runnable but waiting for one (another thread or process held the core), from
   * /proc/thread-self/schedstat (thread-cpu.ts); NaN where the kernel does not say.
   */
  cpuMs: number;
  runQueueMs: number;
}

export interface BlockMetrics {
  txCount: number;
  threads: number;
  /** Runs needed: > 1 when a capacity ran out and the block was re-run with larger buffers. */
  attempts: number;
  executions: number;
  reExecutions: number;
  validations: number;
  validationAborts: number;
  dependencyWaits: number;
  /** Wall time of the successful attempt, as seen by the main thread (dispatch to last result). */
  wallMs: number;
  /** Interned locations and version nodes used, against their capacities (for sizing). */
  locations: number;
  versions: number;
  perThread: WorkerMetrics[];
}

export function emptyWorkerMetrics(): WorkerMetrics {
  return {
    executions: 0,
    reExecutions: 0,
    validations: 0,
    validationAborts: 0,
    dependencyWaits: 0,
    busyMs: 0,
    vmMs: 0,
    publishMs: 0,
    validateMs: 0,
    idleMs: 0,
    wallMs: 0,
    cpuMs: Number.NaN,
    runQueueMs: Number.NaN,
  };
}

export function sumWorkerMetrics(perThread: WorkerMetrics[]): WorkerMetrics {
  const total = emptyWorkerMetrics();
  for (const m of perThread) {
    total.executions += m.executions;
    total.reExecutions += m.reExecutions;
    total.validations += m.validations;
    total.validationAborts += m.validationAborts;
    total.dependencyWaits += m.dependencyWaits;
    total.busyMs += m.busyMs;
    total.idleMs += m.idleMs;
    total.wallMs = Math.max(total.wallMs, m.wallMs);
  }
  return total;
}
