// The per-thread pools of frame stacks and memories (src/evm/frame-pool.ts): a reused memory starts empty
// and reads as zeros wherever it grows, whatever the previous frame left in it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { acquireMemory, acquireStack, releaseMemory, releaseStack } from "../../src/evm/frame-pool.js";
import { MAX, RETURN_TOP, run } from "./helpers.js";

test("a released memory comes back empty and zeroed", () => {
  const m = acquireMemory();
  m.grow(96);
  m.buf.fill(0xab, 0, 96);
  releaseMemory(m);
  const again = acquireMemory();
  assert.equal(again, m, "the pool hands the released memory out again");
  assert.equal(again.size, 0);
  again.grow(96);
  assert.deepEqual([...again.buf.subarray(0, 96)], new Array(96).fill(0));
  releaseMemory(again);
});

test("a released stack is reused", () => {
  const s = acquireStack();
  assert.equal(s.length, 1024);
  releaseStack(s);
  assert.equal(acquireStack(), s);
});

test("a frame after a frame that dirtied memory reads zeros (MLOAD inline and through the handler)", () => {
  // First call: fill 64 bytes of memory with ones.
  const dirty = run(`PUSH32 ${MAX} DUP1 PUSH0 MSTORE PUSH1 32 MSTORE PUSH1 32 PUSH0 RETURN`);
  assert.equal(dirty.word, MAX);
  // Second call: expand through the handler (MLOAD at 32 grows memory to 64), then read both words
  // again inline (inside paid-for memory); the sum with MSIZE shows both read zero.
  const clean = run(`PUSH1 32 MLOAD PUSH0 MLOAD OR PUSH1 32 MLOAD OR MSIZE ADD ${RETURN_TOP}`);
  assert.equal(clean.result.success, true);
  assert.equal(clean.word, 64n);
});
