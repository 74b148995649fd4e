// Receipt leaves hashed by the workers (src/parallel/receipt-leaves.ts): the root built from them must
// be receiptsRoot's, whichever threads wrote which leaves; anything missing must send the main thread back
// to hashing the receipts itself (undefined), never give a wrong root.
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeReceipt, receiptsRoot } from "../../src/block/receipts.js";
import {
  allocateReceiptLeaves,
  copyBlooms,
  ReceiptLeafWriter,
  receiptsRootFromLeaves,
} from "../../src/parallel/receipt-leaves.js";
import { packOutput } from "../../src/parallel/tx-output.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import type { TxResult } from "../../src/tx/execute.js";
import type { Transaction } from "../../src/tx/types.js";

const N = 300;
const txs = Array.from({ length: N }, (_, i) => ({ type: i % 5 }) as unknown as Transaction);

/** Transaction i's result as a worker would hold it (only the receipt fields matter here). */
function result(i: number): TxResult {
  const logs = Array.from({ length: i % 3 }, (_, k) => ({
    address: BigInt(1000 + i),
    topics: [BigInt(i * 7 + k)],
    data: Uint8Array.of(i & 255, k),
  }));
  return {
    status: (i % 4 === 0 ? 0 : 1) as 0 | 1,
    gasUsed: BigInt(21000 + i),
    blobGasUsed: 0n,
    logs,
    output: new Uint8Array(0),
    createdAddress: undefined,
    error: undefined,
    diff: new Map(),
  };
}

const output = (i: number) => packOutput(result(i));

function expectedRoot(): string {
  let cumulative = 0n;
  const receipts = txs.map((tx, i) => {
    const r = result(i);
    cumulative += r.gasUsed;
    return makeReceipt(tx.type, r, cumulative);
  });
  return bytesToHex(receiptsRoot(receipts));
}

/** Two "threads" holding the even and the odd transactions, as workers would. */
function runWorkers(skip?: number) {
  const buffers = allocateReceiptLeaves(N);
  const typeOf = (i: number) => txs[i]!.type;
  const writers = [new ReceiptLeafWriter(buffers, N, typeOf), new ReceiptLeafWriter(buffers, N, typeOf)];
  for (let i = 0; i < N; i++) {
    const r = result(i);
    writers[i % 2]!.record(i, i === skip ? undefined : r.gasUsed, r.logs);
  }
  for (const w of [0, 1]) {
    const held = txs.map((_, i) => i).filter((i) => i % 2 === w);
    writers[w]!.writeLeaves(
      held,
      held.map((i) => output(i)),
    );
  }
  return buffers;
}

test("the root from the workers' leaves is receiptsRoot's", () => {
  const root = receiptsRootFromLeaves(runWorkers(), N, 2);
  assert.ok(root !== undefined);
  assert.equal(bytesToHex(root), expectedRoot());
});

test("blooms written with the gas are the receipts' blooms", () => {
  const blooms = copyBlooms(runWorkers(), N);
  for (const i of [0, 1, 2, 150, 299]) {
    assert.equal(bytesToHex(blooms[i]!), bytesToHex(makeReceipt(0, result(i), 1n).logsBloom));
  }
});

test("a transaction without usable gas leaves the root to the main thread", () => {
  // Transaction 10 reported no gas (an invalid transaction): 10 and every later cumulative gas are unknown.
  assert.equal(receiptsRootFromLeaves(runWorkers(10), N, 2), undefined);
});

test("a worker that never reports makes the main thread give up waiting, not hang", () => {
  const started = performance.now();
  assert.equal(receiptsRootFromLeaves(runWorkers(), N, 3), undefined);
  assert.ok(performance.now() - started >= 900, "waited for the third worker");
});
