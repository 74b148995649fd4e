// Comparison and bitwise opcodes (LT GT SLT SGT EQ ISZERO AND OR XOR NOT BYTE SHL SHR SAR CLZ): signed
// comparisons at the extremes, BYTE out of range, the EIP-145 shift vectors, and the EIP-7939 CLZ vectors
// with its fork gate (INVALID before Osaka).
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyOp, evalTop, gasOf, MAX, run, SIGN, u256 } from "./helpers.js";

test("LT GT EQ ISZERO compare unsigned words", () => {
  assert.equal(applyOp("LT", 1n, 2n), 1n);
  assert.equal(applyOp("LT", 2n, 1n), 0n);
  assert.equal(applyOp("LT", 2n, 2n), 0n);
  assert.equal(applyOp("LT", 0n, MAX), 1n);
  assert.equal(applyOp("GT", MAX, 0n), 1n);
  assert.equal(applyOp("GT", SIGN, SIGN - 1n), 1n);
  assert.equal(applyOp("EQ", MAX, MAX), 1n);
  assert.equal(applyOp("EQ", MAX, MAX - 1n), 0n);
  assert.equal(applyOp("ISZERO", 0n), 1n);
  assert.equal(applyOp("ISZERO", SIGN), 0n);
});

test("SLT and SGT compare two's complement words", () => {
  assert.equal(applyOp("SLT", MAX, 0n), 1n); // -1 < 0
  assert.equal(applyOp("SLT", 0n, MAX), 0n);
  assert.equal(applyOp("SGT", 0n, MAX), 1n);
  assert.equal(applyOp("SLT", SIGN, SIGN - 1n), 1n); // most negative < most positive
  assert.equal(applyOp("SGT", SIGN - 1n, SIGN), 1n);
  assert.equal(applyOp("SLT", SIGN, MAX), 1n); // -2^255 < -1
  assert.equal(applyOp("SLT", MAX, MAX), 0n);
  assert.equal(applyOp("SGT", 1n, 0n), 1n);
});

test("AND OR XOR NOT", () => {
  assert.equal(applyOp("AND", 0b1100n, 0b1010n), 0b1000n);
  assert.equal(applyOp("OR", 0b1100n, 0b1010n), 0b1110n);
  assert.equal(applyOp("XOR", 0b1100n, 0b1010n), 0b0110n);
  assert.equal(applyOp("XOR", MAX, SIGN), SIGN - 1n);
  assert.equal(applyOp("NOT", 0n), MAX);
  assert.equal(applyOp("NOT", MAX), 0n);
  assert.equal(applyOp("NOT", SIGN), SIGN - 1n);
});

test("BYTE counts from the most significant byte and is 0 out of range", () => {
  const x = 0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fn << 8n; // bytes 01..1f 00
  assert.equal(applyOp("BYTE", 0n, x), 0x01n);
  assert.equal(applyOp("BYTE", 1n, x), 0x02n);
  assert.equal(applyOp("BYTE", 30n, x), 0x1fn);
  assert.equal(applyOp("BYTE", 31n, x), 0x00n);
  assert.equal(applyOp("BYTE", 31n, 0xabn), 0xabn);
  assert.equal(applyOp("BYTE", 32n, MAX), 0n);
  assert.equal(applyOp("BYTE", 1n << 64n, MAX), 0n);
  assert.equal(applyOp("BYTE", MAX, MAX), 0n);
});

const ONES = MAX;
const HI = SIGN; // 0x8000...00
const LOW_ONES = SIGN - 1n; // 0x7fff...ff
const FE = MAX - 1n; // 0xffff...fe

// [value, shift, expected] from EIP-145 "Test Cases".
const SHL_VECTORS: [bigint, bigint, bigint][] = [
  [1n, 0x00n, 1n],
  [1n, 0x01n, 2n],
  [1n, 0xffn, HI],
  [1n, 0x100n, 0n],
  [1n, 0x101n, 0n],
  [ONES, 0x00n, ONES],
  [ONES, 0x01n, FE],
  [ONES, 0xffn, HI],
  [ONES, 0x100n, 0n],
  [0n, 0x01n, 0n],
  [LOW_ONES, 0x01n, FE],
];

const SHR_VECTORS: [bigint, bigint, bigint][] = [
  [1n, 0x00n, 1n],
  [1n, 0x01n, 0n],
  [HI, 0x01n, 1n << 254n],
  [HI, 0xffn, 1n],
  [HI, 0x100n, 0n],
  [HI, 0x101n, 0n],
  [ONES, 0x00n, ONES],
  [ONES, 0x01n, LOW_ONES],
  [ONES, 0xffn, 1n],
  [ONES, 0x100n, 0n],
  [0n, 0x01n, 0n],
];

const SAR_VECTORS: [bigint, bigint, bigint][] = [
  [1n, 0x00n, 1n],
  [1n, 0x01n, 0n],
  [HI, 0x01n, 0xcn << 252n],
  [HI, 0xffn, ONES],
  [HI, 0x100n, ONES],
  [HI, 0x101n, ONES],
  [ONES, 0x00n, ONES],
  [ONES, 0x01n, ONES],
  [ONES, 0xffn, ONES],
  [ONES, 0x100n, ONES],
  [0n, 0x01n, 0n],
  [1n << 254n, 0xfen, 1n],
  [LOW_ONES, 0xf8n, 0x7fn],
  [LOW_ONES, 0xfen, 1n],
  [LOW_ONES, 0xffn, 0n],
  [LOW_ONES, 0x100n, 0n],
];

for (const [op, vectors] of [
  ["SHL", SHL_VECTORS],
  ["SHR", SHR_VECTORS],
  ["SAR", SAR_VECTORS],
] as const) {
  test(`${op} matches the EIP-145 vectors`, () => {
    for (const [value, shift, expected] of vectors) {
      // Stack order: the shift is on top, the value below it.
      assert.equal(applyOp(op, shift, value), expected, `${op} ${value.toString(16)} by ${shift}`);
    }
  });
}

test("shifts by huge amounts saturate", () => {
  for (const shift of [1n << 64n, SIGN, MAX]) {
    assert.equal(applyOp("SHL", shift, ONES), 0n);
    assert.equal(applyOp("SHR", shift, ONES), 0n);
    assert.equal(applyOp("SAR", shift, ONES), ONES);
    assert.equal(applyOp("SAR", shift, LOW_ONES), 0n);
  }
  assert.equal(applyOp("SAR", 4n, u256(-17n)), u256(-2n)); // arithmetic shift rounds toward -infinity
});

// [input, expected] from EIP-7939 "Test Cases".
const CLZ_VECTORS: [bigint, bigint][] = [
  [0n, 256n],
  [HI, 0n],
  [ONES, 0n],
  [1n << 254n, 1n],
  [LOW_ONES, 1n],
  [1n, 255n],
];

test("CLZ matches the EIP-7939 vectors", () => {
  for (const [x, expected] of CLZ_VECTORS) assert.equal(applyOp("CLZ", x), expected, `clz ${x.toString(16)}`);
  assert.equal(applyOp("CLZ", 0xffn), 248n);
  assert.equal(applyOp("CLZ", 1n << 128n), 127n);
});

test("CLZ costs 5 gas (the MUL tier) in Osaka", () => {
  assert.equal(gasOf("PUSH1 1", "CLZ"), 5);
});

test("CLZ is INVALID before Osaka and consumes all gas", () => {
  for (const fork of ["Cancun", "Prague"] as const) {
    const r = run("PUSH1 1 CLZ", { fork, gas: 1000 });
    assert.equal(r.result.success, false, fork);
    assert.equal(r.result.error, "invalid opcode", fork);
    assert.equal(r.result.gasLeft, 0, fork);
  }
  assert.equal(evalTop("PUSH1 1 CLZ", { fork: "BPO2" }), 255n);
});

test("comparison and bitwise opcodes cost 3 gas", () => {
  for (const op of ["LT", "GT", "SLT", "SGT", "EQ", "AND", "OR", "XOR", "BYTE", "SHL", "SHR", "SAR"]) {
    assert.equal(gasOf("PUSH1 7 PUSH1 9", op), 3, op);
  }
  assert.equal(gasOf("PUSH1 7", "ISZERO"), 3);
  assert.equal(gasOf("PUSH1 7", "NOT"), 3);
});
