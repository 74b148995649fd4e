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
