// The interpreter's building blocks in isolation: code analysis (JUMPDEST map, PUSH immediates, caching),
// 32-byte word I/O (readWord, loadWord/storeWord at every width and past the end), Memory growth and padding, the
// memory cost function, and EIP-7702 delegation designators.
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeCode } from "../../src/evm/code-analysis.js";
import { DELEGATION_PREFIX, delegationDesignator, delegationTarget } from "../../src/evm/delegation.js";
import { Memory, memoryCost } from "../../src/evm/memory.js";
import { loadWord, readWord, storeWord } from "../../src/evm/word-bytes.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { asm, MAX } from "./helpers.js";

test("analyzeCode marks JUMPDESTs outside PUSH data only", () => {
  // 0: PUSH1 0x5b, 2: JUMPDEST, 3: PUSH2 0x5b5b, 6: JUMPDEST, 7: PUSH32 (truncated) 0x5b.
  const code = hexToBytes("0x605b5b615b5b5b7f5b");
  const a = analyzeCode(code);
  assert.deepEqual([...a.jumpdests], [0, 0, 1, 0, 0, 0, 1, 0, 0]);
  assert.equal(a.pushValues[0], 0x5bn);
  assert.equal(a.pushValues[3], 0x5b5bn);
  assert.equal(a.pushValues[7], 0x5bn << 248n, "truncated immediates are right-padded");
  assert.equal(a.pushValues[2], 0n, "only PUSH positions carry values");
});

test("analyzeCode reads 1- to 32-byte immediates and caches per code array", () => {
  for (const n of [1, 6, 7, 8, 16, 31, 32]) {
    const imm = Uint8Array.from({ length: n }, (_, i) => 0xff - i);
    const code = Uint8Array.of(0x5f + n, ...imm);
    assert.equal(analyzeCode(code).pushValues[0], BigInt(bytesToHex(imm)), `PUSH${n}`);
  }
  const code = asm("PUSH1 1 JUMPDEST");
  assert.equal(analyzeCode(code), analyzeCode(code), "same array, same analysis");
  assert.notEqual(analyzeCode(code), analyzeCode(code.slice()), "the cache is keyed by identity");
});

test("readWord reads big-endian words and pads past the end with zeros", () => {
  const src = Uint8Array.from({ length: 40 }, (_, i) => i + 1);
  assert.equal(readWord(src, 0), BigInt(bytesToHex(src.subarray(0, 32))));
  assert.equal(readWord(src, 8), BigInt(bytesToHex(src.subarray(8, 40))));
  assert.equal(readWord(src, 39), 40n << 248n);
  assert.equal(readWord(src, 40), 0n);
  assert.equal(readWord(new Uint8Array(32).fill(0xff), 0), MAX);
});

test("storeWord and loadWord write and read 32 big-endian bytes for small and large values", () => {
  const values = [0n, 1n, 0xffn, (1n << 64n) - 1n, 1n << 64n, 1n << 128n, (1n << 192n) + 5n, 1n << 255n, MAX];
  for (const v of values) {
    const dst = new Uint8Array(40).fill(0xee);
    const view = new DataView(dst.buffer);
    storeWord(view, 4, v);
    assert.equal(bytesToHex(dst.subarray(4, 36)), `0x${v.toString(16).padStart(64, "0")}`, v.toString(16));
    assert.equal(dst[3], 0xee);
    assert.equal(dst[36], 0xee);
    assert.equal(loadWord(view, 4), v);
    assert.equal(readWord(dst, 4), v);
  }
  // A nonzero byte in any of the high 24 bytes takes the full-width path.
  for (let i = 0; i < 32; i++) {
    const bytes = new Uint8Array(32);
    bytes[i] = 0x80;
    assert.equal(loadWord(new DataView(bytes.buffer), 0), 0x80n << BigInt(8 * (31 - i)), `byte ${i}`);
  }
});

test("Memory grows in words, keeps its contents and pads writes", () => {
  const m = new Memory();
  assert.equal(m.size, 0);
  m.grow(1);
  assert.equal(m.size, 32);
  m.buf[0] = 0xaa;
  m.grow(5000); // beyond the initial buffer
  assert.equal(m.size, 5024);
  assert.ok(m.buf.length >= 5024);
  assert.equal(m.buf[0], 0xaa, "contents survive reallocation");
  m.grow(64);
  assert.equal(m.size, 5024, "never shrinks");
  m.buf.fill(0xff, 0, 64);
  m.writePadded(0, Uint8Array.of(1, 2, 3), 1, 6);
  assert.equal(bytesToHex(m.read(0, 8)), "0x020300000000ffff");
  m.writePadded(8, Uint8Array.of(1, 2, 3), 9, 4);
  assert.equal(bytesToHex(m.read(8, 5)), "0x00000000ff");
});

test("memoryCost is 3a + floor(a^2 / 512)", () => {
  assert.equal(memoryCost(0), 0);
  assert.equal(memoryCost(1), 3);
  assert.equal(memoryCost(22), 66);
  assert.equal(memoryCost(23), 70); // 69 + floor(529 / 512)
  assert.equal(memoryCost(1024), 5120);
  assert.equal(memoryCost(2 ** 20), 3 * 2 ** 20 + 2 ** 31);
});

test("delegation designators are exactly 0xef0100 followed by 20 address bytes", () => {
  const address = 0x00112233445566778899aabbccddeeff00112233n;
  const d = delegationDesignator(address);
  assert.equal(bytesToHex(d), "0xef010000112233445566778899aabbccddeeff00112233");
  assert.deepEqual(d.subarray(0, 3), DELEGATION_PREFIX);
  assert.equal(delegationTarget(d), address);
  assert.equal(delegationTarget(delegationDesignator(0n)), 0n);
  assert.equal(delegationTarget(d.subarray(0, 22)), undefined, "too short");
  assert.equal(delegationTarget(Uint8Array.of(...d, 0)), undefined, "too long");
  assert.equal(delegationTarget(Uint8Array.of(0xef, 0x01, 0x01, ...d.subarray(3))), undefined, "bad version");
  assert.equal(delegationTarget(Uint8Array.of(0xef, 0x00, 0x00, ...d.subarray(3))), undefined);
  assert.equal(delegationTarget(new Uint8Array(0)), undefined);
});
