// The flat forms a transaction's result travels in from a worker (src/parallel/flat-diff.ts and
// tx-output.ts) must give back the very same values: every account, deletions, code, storageCleared and
// slots, in the same order; status, gas, logs and deferred credits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { flattenDiff, unflattenDiff } from "../../src/parallel/flat-diff.js";
import { isFallback, packOutput, unpackOutput, unpackReceipt } from "../../src/parallel/tx-output.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../src/primitives/keccak.js";
import type { AccountDiff, StateDiff } from "../../src/state/types.js";
import type { TxResult } from "../../src/tx/execute.js";
import { prng } from "../../tools/prng.js";

function randomDiff(seed: number): StateDiff {
  const random = prng(seed);
  const word = () => BigInt(Math.floor(random() * 2 ** 52)) << BigInt(Math.floor(random() * 200));
  const diff: StateDiff = new Map();
  const accounts = Math.floor(random() * 6);
  for (let a = 0; a < accounts; a++) {
    const kind = Math.floor(random() * 4);
    const storage = new Map<bigint, bigint>();
    for (let k = Math.floor(random() * 5); k > 0; k--) storage.set(word(), random() < 0.2 ? 0n : word());
    const change: AccountDiff =
      kind === 0
        ? { account: undefined, storageCleared: true, storage: new Map() }
        : {
            account: { nonce: BigInt(a), balance: word(), codeHash: EMPTY_CODE_HASH },
            storageCleared: kind === 2,
            storage,
          };
    if (kind === 3) {
      change.code = Uint8Array.of(0x60, a, 0x00);
      change.account!.codeHash = keccak256(change.code);
    }
    diff.set(word() & ((1n << 160n) - 1n), change);
  }
  return diff;
}

test("unflattenDiff(flattenDiff(d)) is d, order included", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const diff = randomDiff(seed);
    const back = unflattenDiff(flattenDiff(diff));
    assert.deepEqual(back, diff, `seed ${seed}`);
    assert.deepEqual([...back.keys()], [...diff.keys()]);
    for (const [address, change] of diff) assert.equal("code" in back.get(address)!, "code" in change);
  }
});

test("the flat form survives a structured clone", () => {
  const diff = randomDiff(7);
  assert.deepEqual(unflattenDiff(structuredClone(flattenDiff(diff))), diff);
});

test("a packed transaction output unpacks to the same result, logs and credits included", () => {
  const random = prng(3);
  for (let round = 0; round < 50; round++) {
    const logs = Array.from({ length: round % 4 }, (_, k) => ({
      address: BigInt(round * 10 + k),
      topics: Array.from(
        { length: (round + k) % 5 },
        (_, t) => BigInt(Math.floor(random() * 1e9)) << BigInt(t * 40),
      ),
      data: Uint8Array.from({ length: (round * 7 + k) % 70 }, () => Math.floor(random() * 256)),
    }));
    const result: TxResult = {
      status: (round % 3 === 0 ? 0 : 1) as 0 | 1,
      gasUsed: BigInt(21_000 + round),
      blobGasUsed: round % 5 === 0 ? 131_072n : 0n,
      logs,
      output: new Uint8Array(0),
      createdAddress: round % 7 === 0 ? BigInt(0xc0de + round) : undefined,
      error: undefined,
      diff: randomDiff(round + 1000),
    };
    if (round % 2 === 0) result.deferredFee = BigInt(round * 1000);
    if (round % 3 === 1)
      result.deferredCredit = { address: BigInt(0xabc + round), amount: BigInt(round + 1) };
    const packed = structuredClone(packOutput(result));
    const back = unpackOutput(packed);
    assert.equal(back.status, result.status);
    assert.equal(back.gasUsed, result.gasUsed);
    assert.equal(back.blobGasUsed, result.blobGasUsed);
    assert.equal(back.createdAddress, result.createdAddress);
    assert.deepEqual(back.logs, result.logs, `round ${round}`);
    assert.deepEqual(back.diff, result.diff, `round ${round}`);
    assert.equal(back.deferredFee, result.deferredFee);
    assert.deepEqual(back.deferredCredit, result.deferredCredit);
    assert.deepEqual(unpackReceipt(packed).logs, result.logs);
    assert.equal(isFallback(packed), false);
  }
  assert.equal(isFallback({ fallback: "why" }), true);
});
