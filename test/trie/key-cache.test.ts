// The memoized secure-trie keys must equal the plain hashes, also after the cache has been cleared.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bigIntToBytes, bigIntToBytes32, bytesToHex } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { hashedAddressKey, hashedSlotKey } from "../../src/trie/key-cache.js";

describe("key cache", () => {
  it("returns keccak of the padded address or slot, the same on a repeat", () => {
    for (const n of [0n, 1n, 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn, (1n << 160n) - 1n]) {
      assert.equal(bytesToHex(hashedAddressKey(n)), bytesToHex(keccak256(bigIntToBytes(n, 20))));
      assert.equal(bytesToHex(hashedAddressKey(n)), bytesToHex(keccak256(bigIntToBytes(n, 20))));
    }
    for (const n of [0n, 1n, 1n << 200n, (1n << 256n) - 1n]) {
      assert.equal(bytesToHex(hashedSlotKey(n)), bytesToHex(keccak256(bigIntToBytes32(n))));
      assert.equal(bytesToHex(hashedSlotKey(n)), bytesToHex(keccak256(bigIntToBytes32(n))));
    }
  });

  it("keeps working past its size limit", () => {
    // Cheap to fill: only the slot cache is driven past 2^14 entries, then checked again.
    for (let i = 0n; i < 17000n; i++) hashedSlotKey(i + 1000n);
    assert.equal(bytesToHex(hashedSlotKey(1n)), bytesToHex(keccak256(bigIntToBytes32(1n))));
    assert.equal(bytesToHex(hashedSlotKey(17999n)), bytesToHex(keccak256(bigIntToBytes32(17999n))));
  });
});
