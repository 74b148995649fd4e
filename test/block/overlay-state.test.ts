// The copy-on-write block overlay: reads through to the pre-state, deletions and re-creations, storage
// shadowing, and the merged diff and root agreeing with applying every diff to a clone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { OverlayState } from "../../src/block/overlay-state.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { StateDiff } from "../../src/state/types.js";
import { stateRoot } from "../../src/trie/index.js";

const CODE = Uint8Array.of(0x60, 0x00);
const A = 0xaan;
const B = 0xbbn;
const C = 0xccn;

function pre(): InMemoryState {
  const s = new InMemoryState();
  s.putAccount(A, {
    nonce: 1n,
    balance: 10n,
    code: CODE,
    storage: new Map([
      [1n, 11n],
      [2n, 22n],
    ]),
  });
  s.putAccount(B, { balance: 5n });
  return s;
}

const account = (nonce: bigint, balance: bigint, codeHash = EMPTY_CODE_HASH) => ({
  nonce,
  balance,
  codeHash,
});

test("reads fall through to the pre-state until a diff shadows them", () => {
  const base = pre();
  const o = new OverlayState(base);
  assert.equal(o.getStorage(A, 1n), 11n);
  o.apply(
    new Map([
      [
        A,
        {
          account: account(2n, 9n, keccak256(CODE)),
          storageCleared: false,
          storage: new Map([
            [1n, 0n],
            [3n, 33n],
          ]),
        },
      ],
    ]),
  );
  assert.equal(o.getAccount(A)!.nonce, 2n);
  assert.equal(o.getStorage(A, 1n), 0n);
  assert.equal(o.getStorage(A, 2n), 22n);
  assert.equal(o.getStorage(A, 3n), 33n);
  assert.equal(bytesToHex(o.getCode(A)), bytesToHex(CODE));
  assert.ok(o.hasStorage(A));
  // The pre-state is untouched.
  assert.equal(base.getAccount(A)!.nonce, 1n);
  assert.equal(base.getStorage(A, 1n), 11n);
});

test("hasStorage sees base slots overwritten with zero", () => {
  const o = new OverlayState(pre());
  o.apply(
    new Map([
      [
        A,
        {
          account: account(1n, 10n, keccak256(CODE)),
          storageCleared: false,
          storage: new Map([
            [1n, 0n],
            [2n, 0n],
          ]),
        },
      ],
    ]),
  );
  assert.equal(o.hasStorage(A), false);
});

test("a deleted account reads as absent, and re-creating it starts from empty code and storage", () => {
  const o = new OverlayState(pre());
  o.apply(new Map([[A, { account: undefined, storageCleared: true, storage: new Map() }]]));
  assert.equal(o.getAccount(A), undefined);
  assert.equal(o.getCode(A).length, 0);
  assert.equal(o.getStorage(A, 1n), 0n);
  assert.equal(o.hasStorage(A), false);
  o.apply(new Map([[A, { account: account(0n, 3n), storageCleared: false, storage: new Map() }]]));
  assert.equal(o.getCode(A).length, 0);
  assert.equal(o.getStorage(A, 2n), 0n);
  const post = o.postState();
  assert.equal(post.getCode(A).length, 0);
  assert.equal(post.getStorage(A, 2n), 0n);
});

test("the merged diff and root match applying each diff in turn", () => {
  const diffs: StateDiff[] = [
    new Map([
      [
        C,
        {
          account: account(1n, 1n, keccak256(CODE)),
          code: CODE,
          storageCleared: true,
          storage: new Map([[7n, 7n]]),
        },
      ],
    ]),
    new Map([
      [
        A,
        {
          account: account(5n, 1n, keccak256(CODE)),
          storageCleared: false,
          storage: new Map([
            [2n, 0n],
            [9n, 9n],
          ]),
        },
      ],
      [B, { account: undefined, storageCleared: true, storage: new Map() }],
    ]),
    new Map([
      [C, { account: undefined, storageCleared: true, storage: new Map() }],
      [0xddn, { account: undefined, storageCleared: true, storage: new Map() }],
    ]),
  ];
  const base = pre();
  const o = new OverlayState(base);
  const reference = base.clone();
  for (const d of diffs) {
    o.apply(d);
    reference.applyDiff(d);
  }
  const merged = o.toDiff();
  // C and 0xdd never existed before the block: their deletions are not part of the block's change.
  assert.deepEqual([...merged.keys()].sort(), [A, B]);
  assert.equal(bytesToHex(o.stateRoot()), bytesToHex(stateRoot(reference.accounts)));
  assert.equal(bytesToHex(stateRoot(o.postState().accounts)), bytesToHex(stateRoot(reference.accounts)));
});
