// A CALL to one of the fork's precompiles passes a view of the caller's memory, not a copy
// (instructions/system.ts, callInput): what the precompile returned must not change when the caller later
// rewrites that memory, and the result must be that of the input at call time.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToBigInt } from "../../src/primitives/hex.js";
import { makeTx, runTx, TO } from "../tx/helpers.js";
import { asm } from "./helpers.js";

const ONES = `0x${"11".repeat(32)}`;
const TWOS = `0x${"22".repeat(32)}`;

test("identity and SHA-256 over a view of memory: output and return data keep the input at call time", () => {
  const code = asm(`PUSH32 ${ONES} PUSH0 MSTORE
    PUSH1 32 PUSH1 32 PUSH1 32 PUSH0 PUSH1 4 GAS STATICCALL POP
    PUSH32 ${TWOS} PUSH0 MSTORE
    PUSH1 32 PUSH0 PUSH1 64 RETURNDATACOPY
    PUSH1 64 MLOAD PUSH0 SSTORE
    PUSH1 32 MLOAD PUSH1 1 SSTORE
    PUSH32 ${ONES} PUSH0 MSTORE
    PUSH1 32 PUSH1 96 PUSH1 32 PUSH0 PUSH1 2 GAS STATICCALL POP
    PUSH32 ${TWOS} PUSH0 MSTORE
    PUSH1 32 PUSH0 PUSH1 128 RETURNDATACOPY
    PUSH1 96 MLOAD PUSH1 2 SSTORE
    PUSH1 128 MLOAD PUSH1 3 SSTORE STOP`);
  const { result, post } = runTx(makeTx(), { accounts: [[TO, { code }]] });
  assert.equal(result.status, 1, result.error);
  const ones = BigInt(ONES);
  assert.equal(post.getStorage(TO, 0n), ones, "identity's return data after the input was overwritten");
  assert.equal(post.getStorage(TO, 1n), ones, "identity's output");
  const digest = bytesToBigInt(sha256(new Uint8Array(32).fill(0x11)));
  assert.equal(post.getStorage(TO, 2n), digest, "SHA-256's output");
  assert.equal(post.getStorage(TO, 3n), digest, "SHA-256's return data after the input was overwritten");
});
