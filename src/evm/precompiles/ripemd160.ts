// RIPEMD160 precompile (0x03): ripemd160 of the input left-padded to 32 bytes, 600 + 120 gas per word.
// Node's built-in (OpenSSL) RIPEMD-160 when this OpenSSL offers it (OpenSSL 3.0.7+ has it in the default
// provider again; earlier 3.0 builds only in the legacy one), else noble's; figures in docs/evm.md.
import { createHash } from "node:crypto";
import { ripemd160 as nobleRipemd160 } from "@noble/hashes/legacy.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, wordCount } from "./util.js";

/** noble's RIPEMD-160 into output[12..32). */
function nobleInto(input: Uint8Array, output: Uint8Array): void {
  output.set(nobleRipemd160(input), 12);
}

function opensslInto(input: Uint8Array, output: Uint8Array): void {
  output.set(createHash("ripemd160").update(input).digest(), 12);
}

/** OpenSSL's when it is there and agrees with noble on a known input, else noble's. */
function pickBackend(): { name: "node:crypto" | "noble"; into: typeof nobleInto } {
  try {
    const probe = new TextEncoder().encode("abc");
    const a = new Uint8Array(32);
    const b = new Uint8Array(32);
    opensslInto(probe, a);
    nobleInto(probe, b);
    if (a.every((v, i) => v === b[i])) return { name: "node:crypto", into: opensslInto };
  } catch {
    // this OpenSSL has no RIPEMD-160 outside the legacy provider
  }
  return { name: "noble", into: nobleInto };
}

const BACKEND = pickBackend();
/** The library the RIPEMD160 precompile runs on in this process. */
export const RIPEMD160_BACKEND: "node:crypto" | "noble" = BACKEND.name;

function make(into: typeof nobleInto): Precompile {
  return (input, gasLimit) => {
    const gas = 600 + 120 * wordCount(input.length);
    if (gas > gasLimit) return FAILURE;
    const output = new Uint8Array(32);
    into(input, output);
    return ok(gas, output);
  };
}

export const ripemd160: Precompile = make(BACKEND.into);
/** The noble code path, for the benchmark and the cross-check. */
export const ripemd160Noble: Precompile = make(nobleInto);
