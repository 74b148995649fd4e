// RIPEMD160 precompile (0x03): ripemd160 of the input left-padded to 32 bytes, 600 + 120 gas per word.
import { ripemd160 as nobleRipemd160 } from "@noble/hashes/legacy.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, wordCount } from "./util.js";

export const ripemd160: Precompile = (input, gasLimit) => {
  const gas = 600 + 120 * wordCount(input.length);
  if (gas > gasLimit) return FAILURE;
  const output = new Uint8Array(32);
  output.set(nobleRipemd160(input), 12);
  return ok(gas, output);
};
