// The shared pre-state snapshot must answer every StateReader question exactly as the InMemoryState it was
// built from, including for absent accounts and slots, and the code arena must hand back what was stored.
import assert from "node:assert/strict";
import { test } from "node:test";
import { allocateCodeArena, CodeArena, CodeArenaFullError } from "../../src/parallel/code-arena.js";
import { SharedStateSnapshot, SnapshotReader } from "../../src/parallel/shared-snapshot.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";

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

function assertSameAnswers(
  state: InMemoryState,
  reader: SnapshotReader,
  addresses: bigint[],
  slots: bigint[],
): void {
  for (const address of addresses) {
    const a = state.getAccount(address);
    assert.deepEqual(
      reader.getAccount(address),
      a && { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash },
      `account ${address}`,
    );
    assert.deepEqual(reader.getCode(address), state.getCode(address), `code ${address}`);
    assert.equal(reader.hasStorage(address), state.hasStorage(address), `hasStorage ${address}`);
    for (const slot of slots) {
      assert.equal(
        reader.getStorage(address, slot),
        state.getStorage(address, slot),
        `slot ${address}/${slot}`,
      );
    }
  }
}

test("applyDiff keeps the snapshot equal to the state the same diffs are applied to", () => {
  const state = seededState(40);
  const snapshot = SharedStateSnapshot.fromState(state);
  const addresses = [...state.accounts.keys(), 11n, 12n, 13n];
  const slots = [0n, 1n, 2n, 3n];
  let seed = 99;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let step = 0; step < 200; step++) {
    const diff = new Map();
    for (let k = 0; k < 3; k++) {
      const address = addresses[rand(addresses.length)]!;
      const kind = rand(6);
      if (kind === 0) {
        diff.set(address, { account: undefined, storageCleared: true, storage: new Map() });
        continue;
      }
      const code = kind === 1 ? new Uint8Array([rand(256), rand(256)]) : undefined;
      const current = state.getAccount(address);
      const storage = new Map<bigint, bigint>();
      for (let s = 0; s < rand(3); s++) storage.set(slots[rand(slots.length)]!, BigInt(rand(3)));
      diff.set(address, {
        account: {
          nonce: BigInt(rand(5)),
          balance: BigInt(rand(1000)) << BigInt(rand(200)),
          codeHash: code ? keccak256(code) : (current?.codeHash ?? keccak256(new Uint8Array(0))),
        },
        code,
        storageCleared: kind === 2,
        storage,
      });
    }
    state.applyDiff(diff);
    assert.equal(snapshot.applyDiff(diff), true);
    assertSameAnswers(state, new SnapshotReader(snapshot.buffers), addresses, slots);
  }
});

test("applyDiff refuses, unchanged, a diff that does not fit, and a new snapshot id marks each change", () => {
  const state = seededState(3);
  const snapshot = SharedStateSnapshot.fromState(state);
  const id = snapshot.buffers.id;
  const huge = new Map();
  for (let i = 0; i < 5000; i++) {
    huge.set(BigInt(1000 + i), {
      account: { nonce: 1n, balance: 1n, codeHash: keccak256(new Uint8Array(0)) },
      storageCleared: false,
      storage: new Map(),
    });
  }
  assert.equal(snapshot.applyDiff(huge), false);
  assert.equal(snapshot.buffers.id, id);
  assert.equal(new SnapshotReader(snapshot.buffers).getAccount(1000n), undefined);
  assert.equal(snapshot.applyDiff(new Map([[1000n, huge.get(1000n)]])), true);
  assert.notEqual(snapshot.buffers.id, id);
  assert.equal(new SnapshotReader(snapshot.buffers).getAccount(1000n)?.nonce, 1n);
});
