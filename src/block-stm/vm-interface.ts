// The contract between the Block-STM core and a VM. The core knows nothing of transactions: a VM module,
// loaded by URL in every worker, turns the block input into a ParallelVm, and the core calls
// `execute(txIndex, view)` for each incarnation. All state access goes through the TxView, which serves
// reads from the multi-version memory, records the read set, and buffers writes until the incarnation ends.
//
// Rules a VM must follow (the determinism of the whole engine rests on them):
// - execute is a pure function of (txIndex, the block input, the values returned by view.read and the
//   pre-block state); no other shared mutable state, no clocks, no randomness;
// - a read the view answers with `false` must be served from the pre-block state, identically each time;
// - DependencyAbort thrown by view.read must propagate out of execute untouched (catch-all handlers in the
//   VM must rethrow it); any other exception becomes the transaction's failed output, which is final only
//   if the reads behind it survive validation (speculative reads can be mutually inconsistent, so a VM must
//   tolerate odd values without looping forever: gas bounds the EVM).

export interface TxView {
  /** The location id of a KEY_WORDS-word key (see location-key.ts), interning it on first use. */
  locate(key: Uint32Array): number;
  /**
   * Reads location `loc` (8 words). true: `out` holds the value, written by a lower transaction or by this
   * one. false: no lower transaction wrote it; the VM reads the pre-block state itself. Throws
   * DependencyAbort when the closest lower writer is being re-executed.
   */
  read(loc: number, out: Uint32Array): boolean;
  /**
   * The transaction whose write the last `read` returned (this transaction's own index for its own write),
   * or -1 when it answered false. Lets a VM combine a value with the deltas written after it.
   */
  readonly lastWriter: number;
  /**
   * Stops this incarnation until lower transaction `blockingTx` has executed (a scheduling hint, e.g. the
   * previous transaction of the same sender): throws DependencyAbort, which must propagate. Never changes
   * a result, only when the transaction runs; if `blockingTx` has executed already, it re-runs at once.
   */
  dependOn(blockingTx: number): never;
  /** Buffers a write of 8 words to `loc`; the last write of an incarnation wins. */
  write(loc: number, value: Uint32Array): void;
}

export interface ParallelVm {
  /** Executes transaction `txIndex`; the return value (structured-cloneable) is the transaction's output. */
  execute(txIndex: number, view: TxView): unknown;
  /**
   * Optional, called on every thread once the block is done (not when it was aborted), with the final
   * outputs this thread holds (not the failed ones), right after they were sent to the main thread: the
   * place for per-transaction work that needs every transaction's final result (a receipt's cumulative
   * gas), spread over the threads like the executions were, and overlapping the main thread's commit.
   * It must use only the VM's own shared buffers (the block's may already be recycled), and tell the VM's
   * driver itself that it is complete; an exception is swallowed, so the driver must not rely on it.
   */
  finish?(txs: readonly number[], outputs: readonly unknown[]): void;
}

/** What the module at BlockStmOptions.vmModule must export. Called once per block in each worker. */
export interface ParallelVmModule {
  createVm(input: unknown): ParallelVm | Promise<ParallelVm>;
}

/** Thrown by TxView.read on an ESTIMATE; one preallocated instance per view (not an Error: no stack). */
export class DependencyAbort {
  blockingTx = -1;
}
