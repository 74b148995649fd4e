// The flat form a transaction's diff travels in from a worker (src/parallel/evm/flat-diff.ts) must give back
// the very same diff: every account, deletions, code, storageCleared and slots, in the same order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { flattenDiff, unflattenDiff } from "../../../src/parallel/evm/flat-diff.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../../src/primitives/keccak.js";
import type { AccountDiff, StateDiff } from "../../../src/state/types.js";
import { prng } from "../../helpers/prng.js";

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
