// The fallback policy (src/parallel/fallback-policy.ts): which blocks run sequentially in "auto" mode,
// and that the forced modes override it.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Block } from "../../src/block/types.js";
import { chooseMode, MIN_AVERAGE_GAS_LIMIT, MIN_PARALLEL_TXS } from "../../src/parallel/fallback-policy.js";
import type { Transaction } from "../../src/tx/types.js";

function block(txs: { sender: number; gasLimit: bigint }[]): Block {
  const transactions = txs.map((t) => ({ sender: BigInt(t.sender), gasLimit: t.gasLimit }) as Transaction);
  return { header: {} as Block["header"], transactions, withdrawals: [] };
}

const many = (n: number, gasLimit: bigint, sender = (i: number) => i) =>
  Array.from({ length: n }, (_, i) => ({ sender: sender(i), gasLimit }));

test("independent, heavy enough transactions on 2+ threads run in parallel", () => {
  const d = chooseMode(block(many(100, 60_000n)), 2, "auto");
  assert.deepEqual(d, { mode: "parallel", reason: "auto: 100 txs on 2 threads" });
});

test("empty, one-thread and small blocks run sequentially", () => {
  assert.equal(chooseMode(block([]), 2, "auto").reason, "no transactions");
  assert.equal(chooseMode(block(many(100, 60_000n)), 1, "auto").reason, "one thread");
  const small = chooseMode(block(many(MIN_PARALLEL_TXS - 1, 60_000n)), 2, "auto");
  assert.equal(small.mode, "sequential");
  assert.match(small.reason, /small block/);
  assert.equal(chooseMode(block(many(MIN_PARALLEL_TXS, 60_000n)), 2, "auto").mode, "parallel");
});

test("blocks of light transactions run sequentially; one heavy transaction among them can tip it", () => {
  const transfers = many(200, 21_000n);
  const light = chooseMode(block(transfers), 2, "auto");
  assert.equal(light.mode, "sequential");
  assert.equal(light.reason, `light transactions (average gas limit 21000 <= ${MIN_AVERAGE_GAS_LIMIT})`);
  assert.equal(chooseMode(block(many(200, MIN_AVERAGE_GAS_LIMIT)), 2, "auto").mode, "sequential");
  assert.equal(chooseMode(block(many(200, MIN_AVERAGE_GAS_LIMIT + 1n)), 2, "auto").mode, "parallel");
  const mixed = [...transfers, { sender: 999, gasLimit: 5_000_000n }];
  assert.equal(chooseMode(block(mixed), 2, "auto").mode, "parallel");
});

test("a block dominated by one sender runs sequentially", () => {
  const d = chooseMode(block(many(100, 60_000n, (i) => (i < 51 ? 7 : i))), 2, "auto");
  assert.deepEqual(d, { mode: "sequential", reason: "serial block (51 of 100 txs from one sender)" });
  assert.equal(chooseMode(block(many(100, 60_000n, (i) => (i < 50 ? 7 : i))), 2, "auto").mode, "parallel");
});

test("forced modes override every rule", () => {
  assert.equal(chooseMode(block(many(3, 21_000n)), 1, "parallel").mode, "parallel");
  assert.equal(chooseMode(block(many(500, 90_000n)), 8, "sequential").mode, "sequential");
});
