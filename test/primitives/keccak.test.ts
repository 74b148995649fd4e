// Unit tests for src/primitives/keccak.ts and its WebAssembly Keccak (keccak-wasm.ts): every length across
// the 136-byte block boundaries and the input buffer's capacity, checked against @noble/hashes, through each
// entry point (new array, range into an output array, range as a word); plus the known constant hashes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToBigInt, bytesToHex } from "../../src/primitives/hex.js";
import {
  EMPTY_CODE_HASH,
  EMPTY_LIST_HASH,
  EMPTY_TRIE_ROOT,
  keccak256,
  keccak256Into,
  keccak256RangeWord,
  keccak256Word,
} from "../../src/primitives/keccak.js";

function pattern(n: number, seed: number): Uint8Array {
  const d = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    d[i] = x >>> 24;
  }
  return d;
}

describe("keccak256", () => {
  it("matches @noble/hashes for every length 0..700 and around the buffer capacity", () => {
    const lengths: number[] = [];
    for (let n = 0; n <= 700; n++) lengths.push(n);
    // The WebAssembly buffer holds 960 blocks (130,560 bytes); longer inputs are absorbed in chunks.
    lengths.push(130_559, 130_560, 130_561, 261_120, 261_121, 400_000);
    for (const n of lengths) {
      const data = pattern(n, n);
      const want = keccak_256(data);
      assert.equal(bytesToHex(keccak256(data)), bytesToHex(want), `length ${n}`);
      assert.equal(keccak256Word(data), bytesToBigInt(want), `word, length ${n}`);
    }
  });

  it("hashes a range of a larger array, into an array or as a word", () => {
    const data = pattern(1000, 7);
    for (const [start, end] of [
      [0, 0],
      [3, 3],
      [1, 33],
      [5, 141],
      [100, 999],
      [0, 1000],
    ] as const) {
      const want = keccak_256(data.subarray(start, end));
      const out = new Uint8Array(40).fill(0xee);
      keccak256Into(data, start, end, out, 4);
      assert.equal(bytesToHex(out.subarray(4, 36)), bytesToHex(want), `range ${start}..${end}`);
      assert.equal(out[3], 0xee, "bytes before the output are untouched");
      assert.equal(out[36], 0xee, "bytes after the output are untouched");
      assert.equal(keccak256RangeWord(data, start, end), bytesToBigInt(want));
    }
  });

  it("returns a fresh array each time (callers may keep it)", () => {
    const a = keccak256(new Uint8Array([1]));
    const b = keccak256(new Uint8Array([2]));
    assert.notEqual(bytesToHex(a), bytesToHex(b));
    assert.equal(bytesToHex(a), bytesToHex(keccak_256(new Uint8Array([1]))));
  });

  it("has the right constant hashes", () => {
    assert.equal(bytesToHex(keccak256(new Uint8Array(0))), bytesToHex(EMPTY_CODE_HASH));
    assert.equal(bytesToHex(keccak256(new Uint8Array([0x80]))), bytesToHex(EMPTY_TRIE_ROOT));
    assert.equal(bytesToHex(keccak256(new Uint8Array([0xc0]))), bytesToHex(EMPTY_LIST_HASH));
  });
});
