// Word conversions of location keys and values: every EVM value crosses them on each parallel read/write.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  getWords,
  KIND_STORAGE,
  keyAddress,
  keySlot,
  putWords,
  writeStorageKey,
} from "../../src/block-stm/location-key.js";

const samples = [
  0n,
  1n,
  0xffffffffn,
  0x100000000n,
  0x123456789abcdefn,
  (1n << 160n) - 1n,
  0xdeadbeefn << 128n,
  (1n << 255n) + 12345n,
  (1n << 256n) - 1n,
];

test("putWords / getWords round-trip 256-bit values, least significant word first", () => {
  const out = new Uint32Array(10).fill(0xaaaaaaaa);
  for (const v of samples) {
    putWords(out, 1, 8, v);
    assert.equal(getWords(out, 1, 8), v);
    assert.equal(out[1], Number(v & 0xffffffffn));
    assert.equal(out[8], Number((v >> 224n) & 0xffffffffn));
    assert.equal(out[0], 0xaaaaaaaa, "word before the range untouched");
    assert.equal(out[9], 0xaaaaaaaa, "word after the range untouched");
  }
});

test("putWords keeps only the low words of a wider value", () => {
  const out = new Uint32Array(2);
  putWords(out, 0, 2, (7n << 64n) | 0x1122334455667788n);
  assert.equal(getWords(out, 0, 2), 0x1122334455667788n);
});

test("storage keys carry the address and slot exactly", () => {
  const key = new Uint32Array(14);
  const address = 0xcafe000000000000000000000000000000000001n;
  const slot = (1n << 255n) | 42n;
  writeStorageKey(key, address, slot);
  assert.equal(key[0], KIND_STORAGE);
  assert.equal(keyAddress(key), address);
  assert.equal(keySlot(key), slot);
});

test("odd word counts (addresses are 5 words) round-trip too", () => {
  const out = new Uint32Array(7);
  for (const v of [
    0n,
    1n,
    1n << 32n,
    (1n << 160n) - 1n,
    0xcafe00000000000000000000000000000000beefn,
    1n << 159n,
  ]) {
    putWords(out, 1, 5, v);
    assert.equal(getWords(out, 1, 5), v);
    assert.equal(out[6], 0, "word after the range untouched");
  }
});
