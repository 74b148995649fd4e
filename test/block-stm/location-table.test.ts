// Location keys and the shared interning table: EVM-shaped keys round-trip and never collide across kinds,
// interning is idempotent and dense, lookups do not insert, and a full table aborts the block cleanly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BlockAborted } from "../../src/block-stm/control.js";
import {
  KIND_BALANCE,
  KIND_CODE_HASH,
  KIND_NONCE,
  KIND_USER,
  keyAddress,
  keyKind,
  keySlot,
  newKeyBuffer,
  writeAccountKey,
  writeSmallKey,
  writeStorageKey,
} from "../../src/block-stm/location-key.js";
import { LocationTable } from "../../src/block-stm/location-table.js";
import {
  allocateBlockBuffers,
  BlockViews,
  CTRL_ERROR,
  CTRL_ERROR_DETAIL,
  capacityFor,
  ERR_CAPACITY,
  RESOURCE_LOCATIONS,
} from "../../src/block-stm/shared-layout.js";

const ADDRESS = 0xd8da6bf26964af9d7eed9e03e53415d37aa96045n;
const SLOT = 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff01n;

function table(locations = 1024) {
  const views = new BlockViews(allocateBlockBuffers(capacityFor(1, {}, { locations })));
  return { views, table: new LocationTable(views) };
}

test("EVM keys round-trip their kind, address and slot", () => {
  const k = newKeyBuffer();
  writeStorageKey(k, ADDRESS, SLOT);
  assert.equal(keyAddress(k), ADDRESS);
  assert.equal(keySlot(k), SLOT);
  writeAccountKey(k, KIND_BALANCE, ADDRESS);
  assert.deepEqual([keyKind(k), keyAddress(k), keySlot(k)], [KIND_BALANCE, ADDRESS, 0n]);
});

test("interning is idempotent, dense, and distinguishes kinds, addresses and slots", () => {
  const { table: t } = table();
  const k = newKeyBuffer();
  const ids = new Map<string, number>();
  const keys: [string, (k: Uint32Array) => void][] = [
    ["nonce", (b) => writeAccountKey(b, KIND_NONCE, ADDRESS)],
    ["balance", (b) => writeAccountKey(b, KIND_BALANCE, ADDRESS)],
    ["code", (b) => writeAccountKey(b, KIND_CODE_HASH, ADDRESS)],
    ["slot0", (b) => writeStorageKey(b, ADDRESS, 0n)],
    ["slotMax", (b) => writeStorageKey(b, ADDRESS, SLOT)],
    ["otherAddress", (b) => writeStorageKey(b, ADDRESS + 1n, 0n)],
    ["user", (b) => writeSmallKey(b, KIND_USER, 0, 0)],
  ];
  for (const [name, fill] of keys) {
    fill(k);
    ids.set(name, t.intern(k));
  }
  assert.deepEqual([...ids.values()], [0, 1, 2, 3, 4, 5, 6]);
  for (const [name, fill] of keys) {
    fill(k);
    assert.equal(t.intern(k), ids.get(name));
    assert.equal(t.find(k), ids.get(name));
  }
  const out = newKeyBuffer();
  t.keyOf(ids.get("slotMax")!, out);
  assert.equal(keySlot(out), SLOT);
  writeStorageKey(k, ADDRESS, 7n);
  assert.equal(t.find(k), -1);
  assert.equal(t.count, 7);
});

test("many keys: every id maps back to its key", () => {
  const { table: t } = table(5000);
  const k = newKeyBuffer();
  for (let i = 0; i < 5000; i++) {
    writeSmallKey(k, KIND_USER, i % 7, i);
    assert.equal(t.intern(k), i);
  }
  const out = newKeyBuffer();
  for (let i = 0; i < 5000; i += 97) {
    t.keyOf(i, out);
    writeSmallKey(k, KIND_USER, i % 7, i);
    assert.deepEqual(out, k);
  }
});

test("a full table aborts the block with the locations resource", () => {
  const { views, table: t } = table(4);
  const k = newKeyBuffer();
  for (let i = 0; i < 4; i++) {
    writeSmallKey(k, KIND_USER, 0, i);
    t.intern(k);
  }
  writeSmallKey(k, KIND_USER, 0, 99);
  assert.throws(() => t.intern(k), BlockAborted);
  assert.equal(views.control[CTRL_ERROR], ERR_CAPACITY);
  assert.equal(views.control[CTRL_ERROR_DETAIL], RESOURCE_LOCATIONS);
  assert.equal(t.find(k), -1);
  writeSmallKey(k, KIND_USER, 0, 2);
  assert.equal(t.find(k), 2, "existing keys are still found");
});
