// The conflict history: the contract that dominates a block, and how long a block that stopped on conflicts
// sends later blocks dominated by the same contract straight to sequential execution.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ConflictHistory,
  DOMINANT_SHARE,
  dominantRecipient,
  REMEMBER_BLOCKS,
} from "../../src/parallel/conflict-history.js";
import type { Transaction } from "../../src/tx/types.js";

const call = (to: bigint | undefined, data = Uint8Array.of(1)) => ({ to, data }) as unknown as Transaction;

test("the dominant recipient is the most-called contract with at least the minimum share", () => {
  const pool = 0xaan;
  const txs = [call(pool), call(pool), call(0xbbn), call(0xccn), call(0xddn), call(0xeen)];
  assert.equal(dominantRecipient(txs), pool); // 2 of 6 >= 25%
  assert.equal(dominantRecipient([...txs, call(0x1n), call(0x2n), call(0x3n)]), undefined); // 2 of 9 < 25%
  // Plain transfers (no calldata) and creations do not count as calls.
  assert.equal(dominantRecipient([call(pool, new Uint8Array(0)), call(undefined), call(0xbbn)]), 0xbbn);
  assert.equal(dominantRecipient([]), undefined);
  assert.ok(DOMINANT_SHARE > 0 && DOMINANT_SHARE < 1);
});

test("a recorded chain predicts the next blocks, then expires and is tried in parallel again", () => {
  const h = new ConflictHistory();
  assert.equal(h.predictsChain(0xaan), false);
  h.recordChain(0xaan);
  for (let i = 0; i < REMEMBER_BLOCKS; i++) assert.equal(h.predictsChain(0xaan), true, `block ${i}`);
  assert.equal(h.predictsChain(0xaan), false, "expired");
  assert.equal(h.predictsChain(0xbbn), false, "other contracts are unaffected");
  h.recordChain(0xaan);
  h.clear();
  assert.equal(h.predictsChain(0xaan), false);
});
