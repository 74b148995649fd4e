// The contract every precompile implements: pure, synchronous, gas-metered. A chain may also add contextual
// precompiles: ones that need the call's context and the host (see ContextualPrecompile).
import type { ForkRules } from "../forks.js";
import type { Host } from "../host.js";
import type { CallResult, Message } from "../message.js";

export interface PrecompileResult {
  /** false: the call fails and consumes all gas it was given (bad input or out of gas). */
  success: boolean;
  /** Gas charged on success (never above the limit). Ignored on failure. */
  gasUsed: number;
  output: Uint8Array;
}

/**
 * `input` may be a view of the caller's memory (instructions/system.ts, callInput): read it during the call
 * only, never return it (or a view of it) as the output, never keep it.
 */
export type Precompile = (input: Uint8Array, gasLimit: number, rules: ForkRules) => PrecompileResult;

/**
 * Precompiles a chain adds at addresses of its own (Lanes co-processors, src/coprocessors), carried by
 * ForkRules.extraPrecompiles. Never consulted for an address the fork itself gives a precompile.
 */
export interface PrecompileSet {
  get(address: bigint): Precompile | undefined;
  /** Every address of the set, ascending (warm from the start, like the fork's own, EIP-2929). */
  readonly addresses: readonly bigint[];
  /**
   * How another thread rebuilds this set (the parallel executor's workers), or undefined if it cannot:
   * blocks then run on the sequential path.
   */
  portable?(): PortablePrecompileSet | undefined;
  /**
   * The contextual precompile at `address`, if the set has one there (the address must also be served by
   * `get`, which is what makes it a precompile: warm from the start, never an empty account). Asked only
   * for addresses above 0x100 that `get` answers.
   */
  contextual?(address: bigint): ContextualPrecompile | undefined;
}

/**
 * A precompile that needs its call's context: the message (caller, value already moved to the precompile's
 * address, static flag, depth, kind) and the host (state, logs, and nested calls and creations with any
 * caller, through `host.call`). Lanes' cross-shard call (src/shards) is one. It runs like a code runner:
 * it meters its own gas from `msg.gas` and returns a CallResult, so it may revert with data and keep gas;
 * the host takes the checkpoint before it, rolls back everything it did after a failed result, and fires
 * the tracer's frame hooks around it. It may throw to abort the whole transaction's execution (never for
 * bad input: that is a failed result).
 */
export interface ContextualPrecompile {
  /** A short name for errors and docs ("cross-shard"). */
  readonly name: string;
  run(host: Host, msg: Message): CallResult;
}

/** A structured-cloneable recipe for a PrecompileSet: see loadPortablePrecompiles (portable.ts). */
export interface PortablePrecompileSet {
  /** URL of an ES module exporting `loadPrecompileSet(description): PrecompileSet | Promise<PrecompileSet>`. */
  module: string;
  /** Structured-cloneable argument of loadPrecompileSet. */
  description: unknown;
  /** Equal keys mean equal sets: a thread loads each key once. */
  key: string;
}
