// The contract every precompile implements: pure, synchronous, gas-metered.
import type { ForkRules } from "../forks.js";

export interface PrecompileResult {
  /** false: the call fails and consumes all gas it was given (bad input or out of gas). */
  success: boolean;
  /** Gas charged on success (never above the limit). Ignored on failure. */
  gasUsed: number;
  output: Uint8Array;
}

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
