// Test helpers for the precompile suites: call a precompile by address and fork, check the result contract.
import assert from "node:assert/strict";
import { FORKS, type ForkName } from "../../../src/evm/forks.js";
import { getPrecompile } from "../../../src/evm/precompiles/index.js";
import type { PrecompileResult } from "../../../src/evm/precompiles/types.js";
import { bytesToHex, hexToBytes } from "../../../src/primitives/hex.js";

export interface CallOptions {
  fork?: ForkName;
  gas?: number;
}

/** Runs the precompile at `address` (which must exist in the fork) and checks gasUsed <= gas on success. */
export function call(
  address: bigint,
  input: string | Uint8Array,
  options: CallOptions = {},
): PrecompileResult {
  const rules = FORKS[options.fork ?? "Osaka"];
  const precompile = getPrecompile(address, rules);
  assert.ok(precompile, `no precompile at ${address.toString(16)} in ${rules.name}`);
  const gas = options.gas ?? 100_000_000;
  const result = precompile(typeof input === "string" ? hexToBytes(input) : input, gas, rules);
  if (result.success) assert.ok(result.gasUsed <= gas, "gasUsed above the limit");
  return result;
}

/** Asserts success with this gas and output (hex, with or without 0x). */
export function assertOk(result: PrecompileResult, gas: number, outputHex: string): void {
  assert.equal(result.success, true, "expected success");
  assert.equal(bytesToHex(result.output), outputHex.startsWith("0x") ? outputHex : `0x${outputHex}`);
  assert.equal(result.gasUsed, gas);
}

export function assertFails(result: PrecompileResult): void {
  assert.equal(result.success, false, "expected failure");
}

/** Big-endian fixed-width hex (no 0x) of a non-negative bigint. */
export function word(value: bigint, bytes = 32): string {
  return value.toString(16).padStart(2 * bytes, "0");
}

/** The result's output as a hex string without the 0x prefix. */
export function outHex(result: PrecompileResult): string {
  return bytesToHex(result.output).slice(2);
}
