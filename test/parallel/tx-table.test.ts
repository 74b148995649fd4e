// The transaction table workers decode the block from (src/parallel/tx-table.ts) must give back every
// field exactly: integers at each width boundary of its encoding, absent chainId and `to`, calldata, access
// lists, blob hashes and authorizations, in any order of access.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeTxTable, TxTable } from "../../src/parallel/tx-table.js";
import type { Transaction } from "../../src/tx/types.js";
import { prng } from "../../tools/prng.js";
import { randomBlock } from "./random-block.js";

const MAX_U256 = (1n << 256n) - 1n;

function tx(overrides: Partial<Transaction>): Transaction {
  return {
    type: 2,
    chainId: 1n,
    nonce: 0n,
    gasLimit: 21_000n,
    to: 0x1234n,
    value: 0n,
    data: new Uint8Array(0),
    gasPrice: 7n,
    maxFeePerGas: 7n,
    maxPriorityFeePerGas: 1n,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    authorizationList: [],
    sender: 0xabcdefn,
    ...overrides,
  };
}

function roundTrip(txs: Transaction[], order: number[]): void {
  const table = new TxTable(encodeTxTable(txs));
  assert.equal(table.length, txs.length);
  for (const i of order) {
    assert.equal(table.type(i), txs[i]!.type);
    assert.deepStrictEqual(table.at(i), txs[i], `transaction ${i}`);
    assert.equal(table.at(i), table.at(i), "decoded once, then kept");
  }
}

test("integers at every byte width, and absent chainId and to", () => {
  const random = prng(7);
  const widths: bigint[] = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, MAX_U256];
  for (let bytes = 1; bytes <= 32; bytes++) {
    widths.push((1n << BigInt(8 * bytes)) - 1n, 1n << BigInt(8 * bytes - 1));
    widths.push(BigInt(Math.floor(random() * 2 ** 40)) << BigInt(Math.max(0, 8 * bytes - 40)));
  }
  const txs = widths.map((w, i) =>
    tx({
      type: (i % 5) as Transaction["type"],
      chainId: i % 3 === 0 ? undefined : w,
      nonce: w,
      gasLimit: w,
      to: i % 4 === 0 ? undefined : w & ((1n << 160n) - 1n),
      value: w,
      gasPrice: w,
      maxFeePerGas: w,
      maxPriorityFeePerGas: w,
      maxFeePerBlobGas: w,
      sender: MAX_U256 - w,
    }),
  );
  roundTrip(
    txs,
    txs.map((_, i) => txs.length - 1 - i),
  );
});

test("calldata, access lists, blob hashes and authorizations", () => {
  const random = prng(11);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const txs = [
    tx({ data: bytes(1) }),
    tx({ data: bytes(70_000) }), // past the writer's first buffer size
    tx({
      type: 1,
      accessList: [
        { address: 0n, storageKeys: [] },
        { address: (1n << 160n) - 1n, storageKeys: [0n, MAX_U256, 5n] },
      ],
    }),
    tx({ type: 3, blobVersionedHashes: [bytes(32), bytes(32)], maxFeePerBlobGas: 10n ** 18n }),
    tx({
      type: 4,
      authorizationList: [
        { chainId: 0n, address: 0xdeadn, nonce: 3n, yParity: 1n, r: MAX_U256, s: 1n << 255n },
        { chainId: 1n, address: 0n, nonce: 0n, yParity: 0n, r: 0n, s: 0n },
      ],
    }),
  ];
  roundTrip(txs, [4, 0, 3, 1, 2]);
});

test("integers of every byte length 1-32 round-trip, with their top and bottom bits set", () => {
  // Each length meets a different split of the decoder (up to 6 bytes in a double, then a lead of
  // length % 8 bytes and 64-bit pieces), and a lead of 7 bytes would lose bits in one double.
  const txs: Transaction[] = [];
  for (let bytes = 1; bytes <= 32; bytes++) {
    const top = 1n << BigInt(bytes * 8 - 1);
    txs.push(tx({ value: top | 1n, nonce: (1n << BigInt(bytes * 8)) - 1n, sender: top | 0x5an }));
  }
  roundTrip(
    txs,
    txs.map((_, i) => i),
  );
});

test("the random differential blocks round-trip", async () => {
  for (const seed of [1, 2, 3]) {
    const { block } = await randomBlock(seed, { txs: 120, conflictRate: 0.5 });
    const txs = block.transactions;
    roundTrip(
      txs,
      txs.map((_, i) => i),
    );
  }
});

test("an empty block; out-of-range indices and negative fields are refused", () => {
  const empty = new TxTable(encodeTxTable([]));
  assert.equal(empty.length, 0);
  assert.throws(() => empty.at(0), RangeError);
  const one = new TxTable(encodeTxTable([tx({})]));
  assert.throws(() => one.at(1), RangeError);
  assert.throws(() => one.at(-1), RangeError);
  assert.throws(() => encodeTxTable([tx({ value: -1n })]), /negative/);
  assert.throws(() => encodeTxTable([tx({ blobVersionedHashes: [new Uint8Array(31)] })]), /31 bytes/);
});
