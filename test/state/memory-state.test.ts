// InMemoryState, the mutable pre-state store: account construction (code hash, zero slots dropped),
// hasStorage for EIP-7610, applying diffs (creation, update, code change, storage clearing, deletion)
// and clone independence.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { StateDiff } from "../../src/state/types.js";

test("putAccount fills defaults, hashes the code and drops zero slots", () => {
  const s = new InMemoryState();
  s.putAccount(1n, {});
  const { storage, ...fields } = s.accounts.get(1n)!;
  assert.deepEqual(fields, { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH, code: new Uint8Array(0) });
  assert.ok(storage instanceof Map);
  assert.deepEqual([...storage], []);
  const code = Uint8Array.of(0x60, 0x00);
  s.putAccount(2n, {
    nonce: 3n,
    balance: 4n,
    code,
    storage: new Map([
      [1n, 5n],
      [2n, 0n],
    ]),
  });
  assert.deepEqual(s.getAccount(2n)?.codeHash, keccak256(code));
  assert.equal(bytesToHex(s.getCode(2n)), "0x6000");
  assert.equal(s.getStorage(2n, 1n), 5n);
  assert.equal(s.accounts.get(2n)?.storage.has(2n), false);
  assert.equal(s.getAccount(3n), undefined);
  assert.equal(s.getCode(3n).length, 0);
  assert.equal(s.getStorage(3n, 1n), 0n);
});

test("hasStorage is true only with a non-zero slot", () => {
  const s = new InMemoryState();
  s.putAccount(1n, { storage: new Map([[1n, 0n]]) });
  s.putAccount(2n, { storage: new Map([[1n, 1n]]) });
  assert.equal(s.hasStorage(1n), false);
  assert.equal(s.hasStorage(2n), true);
  assert.equal(s.hasStorage(3n), false);
  s.setStorage(2n, 1n, 0n);
  assert.equal(s.hasStorage(2n), false);
});

test("applyDiff creates, updates, clears and deletes", () => {
  const s = new InMemoryState();
  s.putAccount(1n, {
    balance: 10n,
    storage: new Map([
      [1n, 1n],
      [2n, 2n],
    ]),
  });
  s.putAccount(2n, { balance: 1n, storage: new Map([[7n, 7n]]) });
  s.putAccount(3n, { balance: 1n });
  const code = Uint8Array.of(0xfe);
  const diff: StateDiff = new Map([
    [
      1n,
      {
        account: { nonce: 1n, balance: 9n, codeHash: EMPTY_CODE_HASH },
        storageCleared: false,
        storage: new Map([
          [1n, 0n],
          [3n, 3n],
        ]),
      },
    ],
    [
      2n,
      {
        account: { nonce: 1n, balance: 1n, codeHash: keccak256(code) },
        code,
        storageCleared: true,
        storage: new Map([[8n, 8n]]),
      },
    ],
    [3n, { account: undefined, storageCleared: true, storage: new Map() }],
    [
      4n,
      {
        account: { nonce: 0n, balance: 5n, codeHash: EMPTY_CODE_HASH },
        storageCleared: false,
        storage: new Map(),
      },
    ],
  ]);
  s.applyDiff(diff);
  assert.equal(s.getAccount(1n)?.balance, 9n);
  assert.equal(s.getAccount(1n)?.nonce, 1n);
  assert.equal(s.getStorage(1n, 1n), 0n);
  assert.equal(s.accounts.get(1n)?.storage.has(1n), false, "zero deletes the slot");
  assert.equal(s.getStorage(1n, 2n), 2n);
  assert.equal(s.getStorage(1n, 3n), 3n);
  assert.equal(bytesToHex(s.getCode(2n)), "0xfe");
  assert.deepEqual(s.getAccount(2n)?.codeHash, keccak256(code));
  assert.equal(s.getStorage(2n, 7n), 0n, "cleared storage");
  assert.equal(s.getStorage(2n, 8n), 8n);
  assert.equal(s.getAccount(3n), undefined);
  assert.equal(s.getAccount(4n)?.balance, 5n);
  assert.deepEqual(s.getAccount(4n)?.codeHash, EMPTY_CODE_HASH);
});

test("clone is independent of the original", () => {
  const s = new InMemoryState();
  s.putAccount(1n, { balance: 1n, storage: new Map([[1n, 1n]]) });
  const c = s.clone();
  c.applyDiff(
    new Map([
      [
        1n,
        {
          account: { nonce: 0n, balance: 2n, codeHash: EMPTY_CODE_HASH },
          storageCleared: false,
          storage: new Map([[1n, 9n]]),
        },
      ],
    ]),
  );
  c.putAccount(2n, {});
  assert.equal(s.getAccount(1n)?.balance, 1n);
  assert.equal(s.getStorage(1n, 1n), 1n);
  assert.equal(s.getAccount(2n), undefined);
});
