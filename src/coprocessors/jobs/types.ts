// Asynchronous co-processors (the GPU/zkVM class): jobs too long for a block, posted on chain to the job
// queue (contracts/coprocessors/CoprocessorJobs.sol), computed off the block's critical path by a pluggable
// backend, and returned in a later block by a system transaction. Results must be deterministic functions
// of the job's input and immutable chain data, so any verifier can check them by re-execution.

/** The computation of an async co-processor: a module export every worker thread can import. */
export interface ComputeSource {
  module: string;
  export: string;
}

/** `(payload) => output`: pure and deterministic; throws for input it rejects. */
export type JobCompute = (payload: unknown) => Uint8Array;

export interface AsyncCoprocessor {
  /** The id contracts post jobs to (uint64 on chain). */
  readonly id: bigint;
  readonly name: string;
  /**
   * On the node's thread: the job's payload (structured-cloneable) from its input and immutable chain data
   * (contract code, e.g. SSTORE2 weight blobs, read through `code`). Cheap; throws on bad input.
   */
  prepare(input: Uint8Array, code: (address: bigint) => Uint8Array): unknown;
  readonly compute: ComputeSource;
}

/** One job as handed to a backend. */
export interface JobRequest {
  jobId: bigint;
  coprocessorId: bigint;
  compute: ComputeSource;
  payload: unknown;
}

/** Where jobs run: worker threads by default (worker-backend.ts); a GPU farm or zkVM prover in general. */
export interface JobBackend {
  run(request: JobRequest): Promise<Uint8Array>;
  close(): Promise<void>;
}
