// What a synchronous co-processor is: a pure function of its input at a fixed address, with a gas formula
// that depends on the input alone, so every node and every thread count charges the same gas.
export interface Coprocessor {
  /** Short name for logs, errors and docs ("simd", "groth16"). */
  readonly name: string;
  /** The address contracts call (a 20-byte value; see addresses.ts for the reserved range). */
  readonly address: bigint;
  /**
   * Gas for a call with `input`, computed before `run` from the input alone (never from timing or a
   * cache). A call whose gas exceeds what the caller gave fails without running. Throwing
   * CoprocessorInputError (or returning a non-finite number) makes the call fail.
   */
  gas(input: Uint8Array): number;
  /**
   * The output for `input`: deterministic, identical on every machine and thread. Throws
   * CoprocessorInputError for input it rejects; the call then fails and consumes all its gas, as an
   * Ethereum precompile's does.
   */
  run(input: Uint8Array): Uint8Array;
}

/**
 * Where a worker thread finds a co-processor: an ES module every thread can import and the name of its
 * export, a CoprocessorFactory, called with `options`. A co-processor registered without a source works in
 * the sequential executor, the node and tracing; blocks that could reach it run sequentially.
 */
export interface CoprocessorSource {
  /** URL of the module (e.g. `new URL("./my-coprocessor.js", import.meta.url).href`). */
  module: string;
  /** Name of the factory export. */
  export: string;
  /** Structured-cloneable argument of the factory. */
  options?: unknown;
}

export type CoprocessorFactory = (options: unknown) => Coprocessor | Promise<Coprocessor>;

/** Bad co-processor input: the call fails (all its gas consumed), with this message in traces. */
export class CoprocessorInputError extends Error {
  override name = "CoprocessorInputError";
}
