// SHA256 precompile (0x02): sha256 of the input, 60 + 12 gas per word.
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, wordCount } from "./util.js";

export const sha256: Precompile = (input, gasLimit) => {
  const gas = 60 + 12 * wordCount(input.length);
  if (gas > gasLimit) return FAILURE;
  return ok(gas, nobleSha256(input));
};
