// The shared pre-state snapshot must answer every StateReader question exactly as the InMemoryState it was
// built from, including for absent accounts and slots, and the code arena must hand back what was stored.
import assert from "node:assert/strict";
import { test } from "node:test";
import { allocateCodeArena, CodeArena, CodeArenaFullError } from "../../../src/parallel/evm/code-arena.js";
import { SharedStateSnapshot, SnapshotReader } from "../../../src/parallel/evm/shared-snapshot.js";
import { keccak256 } from "../../../src/primitives/keccak.js";
import { InMemoryState } from "../../../src/state/memory-state.js";

function seededState(accounts: number): InMemoryState {
  const state = new InMemoryState();
  let x = 12345n;
  const next = () => {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return x;
  };
  const shared = new Uint8Array([0x60, 0x00, 0x60, 0x00, 0xf3]);
  for (let i = 0; i < accounts; i++) {
    const address = (next() << 96n) | next();
    const storage = new Map<bigint, bigint>();
    for (let s = 0; s < i % 5; s++) storage.set(next() << BigInt(s * 40), next() << 100n);
    state.putAccount(address & ((1n << 160n) - 1n), {
      nonce: BigInt(i),
      balance: next() << BigInt(i % 150),
      code: i % 3 === 0 ? shared : i % 3 === 1 ? new Uint8Array([i & 0xff, 0x00]) : undefined,
      storage,
    });
  }
  return state;
}

test("the snapshot reader answers like the state it was built from", () => {
  const state = seededState(300);
  const reader = new SnapshotReader(SharedStateSnapshot.fromState(state).buffers);
  for (const [address, a] of state.accounts) {
    assert.deepEqual(reader.getAccount(address), {
      nonce: a.nonce,
      balance: a.balance,
      codeHash: a.codeHash,
    });
    assert.deepEqual(reader.getCode(address), a.code);
    assert.equal(reader.hasStorage(address), state.hasStorage(address));
    for (const [slot, value] of a.storage) assert.equal(reader.getStorage(address, slot), value);
    assert.equal(reader.getStorage(address, 0xdeadn), state.getStorage(address, 0xdeadn));
  }
  assert.equal(reader.getAccount(1n), undefined);
  assert.equal(reader.getCode(1n).length, 0);
  assert.equal(reader.getStorage(1n, 0n), 0n);
  assert.equal(reader.hasStorage(1n), false);
});

test("an empty state gives a working snapshot", () => {
  const reader = new SnapshotReader(SharedStateSnapshot.fromState(new InMemoryState()).buffers);
  assert.equal(reader.getAccount(0n), undefined);
});

test("the code arena stores by hash, deduplicates, and reports running out", () => {
  const buffers = allocateCodeArena(64, 4);
  const arena = new CodeArena(buffers);
  const a = new Uint8Array(40).fill(7);
  const b = new Uint8Array([1, 2, 3]);
  arena.put(keccak256(a), a);
  arena.put(keccak256(a), a); // already there: no second copy
  arena.put(keccak256(b), b);
  const other = new CodeArena(buffers); // as another thread sees it
  assert.deepEqual(other.get(keccak256(a)), a);
  assert.deepEqual(other.get(keccak256(b)), b);
  assert.equal(other.get(keccak256(new Uint8Array([9]))), undefined);
  const big = new Uint8Array(30).fill(1);
  assert.throws(() => arena.put(keccak256(big), big), CodeArenaFullError);
});
