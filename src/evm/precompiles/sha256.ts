// SHA256 precompile (0x02): sha256 of the input, 60 + 12 gas per word. Node's built-in (OpenSSL, native)
// SHA-256 is used instead of @noble/hashes because it is much faster on large inputs, which matters for
// contracts that hash big buffers through this precompile (figures in docs/evm.md).
import { createHash } from "node:crypto";
import type { Precompile } from "./types.js";
import { FAILURE, ok, wordCount } from "./util.js";

export const sha256: Precompile = (input, gasLimit) => {
  const gas = 60 + 12 * wordCount(input.length);
  if (gas > gasLimit) return FAILURE;
  const digest = createHash("sha256").update(input).digest();
  return ok(gas, new Uint8Array(digest.buffer, digest.byteOffset, digest.length));
};
