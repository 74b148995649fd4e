// IDENTITY precompile (0x04): returns a copy of the input, 15 + 3 gas per word.
import type { Precompile } from "./types.js";
import { FAILURE, ok, wordCount } from "./util.js";

export const identity: Precompile = (input, gasLimit) => {
  const gas = 15 + 3 * wordCount(input.length);
  if (gas > gasLimit) return FAILURE;
  // A copy, not the input itself: the input may be a view of the caller's memory, which changes later.
  return ok(gas, input.slice());
};
