// Arithmetic opcodes (ADD MUL SUB DIV SDIV MOD SMOD ADDMOD MULMOD EXP SIGNEXTEND): modular wrap-around,
// division by zero, signed edge cases, 512-bit intermediates, EXP's per-byte gas and SIGNEXTEND's range,
// against values taken from the Yellow Paper definitions (and worked by hand, not by re-implementation).
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyOp, exec, gasOf, MAX, SIGN, u256 } from "./helpers.js";

test("ADD wraps modulo 2^256", () => {
  assert.equal(applyOp("ADD", 1n, 2n), 3n);
  assert.equal(applyOp("ADD", MAX, 1n), 0n);
  assert.equal(applyOp("ADD", MAX, MAX), MAX - 1n);
  assert.equal(applyOp("ADD", SIGN, SIGN), 0n);
});

test("SUB is top minus second and wraps below zero", () => {
  assert.equal(applyOp("SUB", 5n, 3n), 2n);
  assert.equal(applyOp("SUB", 3n, 5n), MAX - 1n);
  assert.equal(applyOp("SUB", 0n, 1n), MAX);
  assert.equal(applyOp("SUB", 0n, MAX), 1n);
});

test("MUL keeps the low 256 bits", () => {
  assert.equal(applyOp("MUL", 6n, 7n), 42n);
  assert.equal(applyOp("MUL", MAX, MAX), 1n); // (-1)*(-1)
  assert.equal(applyOp("MUL", SIGN, 2n), 0n);
  assert.equal(applyOp("MUL", 1n << 128n, 1n << 128n), 0n);
  assert.equal(applyOp("MUL", MAX, 2n), MAX - 1n);
});

test("DIV and MOD by zero give zero", () => {
  assert.equal(applyOp("DIV", 7n, 0n), 0n);
  assert.equal(applyOp("DIV", MAX, 0n), 0n);
  assert.equal(applyOp("MOD", 7n, 0n), 0n);
  assert.equal(applyOp("MOD", MAX, 0n), 0n);
  assert.equal(applyOp("SDIV", u256(-7n), 0n), 0n);
  assert.equal(applyOp("SMOD", u256(-7n), 0n), 0n);
});

test("DIV and MOD are unsigned floor division and remainder", () => {
  assert.equal(applyOp("DIV", 7n, 2n), 3n);
  assert.equal(applyOp("DIV", MAX, MAX), 1n);
  assert.equal(applyOp("DIV", 1n, MAX), 0n);
  assert.equal(applyOp("DIV", MAX, 2n), SIGN - 1n);
  assert.equal(applyOp("MOD", 7n, 3n), 1n);
  assert.equal(applyOp("MOD", MAX, 10n), 5n); // 2^256 - 1 ends in ...935
});

test("SDIV truncates toward zero, and -2^255 / -1 overflows to -2^255", () => {
  assert.equal(applyOp("SDIV", SIGN, u256(-1n)), SIGN);
  assert.equal(applyOp("SDIV", u256(-7n), 2n), u256(-3n));
  assert.equal(applyOp("SDIV", 7n, u256(-2n)), u256(-3n));
  assert.equal(applyOp("SDIV", u256(-7n), u256(-2n)), 3n);
  assert.equal(applyOp("SDIV", SIGN, 1n), SIGN);
  assert.equal(applyOp("SDIV", SIGN - 1n, u256(-1n)), SIGN + 1n); // 2^255-1 -> -(2^255-1)
});

test("SMOD takes the sign of the dividend", () => {
  assert.equal(applyOp("SMOD", u256(-8n), 3n), u256(-2n));
  assert.equal(applyOp("SMOD", 8n, u256(-3n)), 2n);
  assert.equal(applyOp("SMOD", u256(-8n), u256(-3n)), u256(-2n));
  assert.equal(applyOp("SMOD", 8n, 3n), 2n);
  assert.equal(applyOp("SMOD", SIGN, u256(-1n)), 0n);
  assert.equal(applyOp("SMOD", SIGN, 3n), u256(-2n)); // -2^255 = -(3 * k) - 2
});

test("ADDMOD uses the full 257-bit sum and gives 0 for modulus 0", () => {
  // 2^256 mod 10 = 6 (powers of two end in 2, 4, 8, 6); a wrapped sum would give 0.
  assert.equal(applyOp("ADDMOD", MAX, 1n, 10n), 6n);
  assert.equal(applyOp("ADDMOD", MAX, 1n, MAX), 1n);
  assert.equal(applyOp("ADDMOD", MAX, MAX, MAX), 0n);
  assert.equal(applyOp("ADDMOD", MAX, 2n, 2n), 1n); // 2^256 + 1 is odd
  assert.equal(applyOp("ADDMOD", 5n, 6n, 7n), 4n);
  assert.equal(applyOp("ADDMOD", 5n, 6n, 0n), 0n);
  assert.equal(applyOp("ADDMOD", MAX, MAX, 0n), 0n);
});

test("MULMOD uses the full 512-bit product and gives 0 for modulus 0", () => {
  // 2^256 = 4 (mod 12), so MAX = 3 and MAX^2 = 9 (mod 12); the wrapped product (1) would give 1.
  assert.equal(applyOp("MULMOD", MAX, MAX, 12n), 9n);
  assert.equal(applyOp("MULMOD", SIGN, 2n, MAX), 1n); // 2^256 mod (2^256 - 1)
  assert.equal(applyOp("MULMOD", MAX, MAX, MAX), 0n);
  assert.equal(applyOp("MULMOD", 1n << 128n, 1n << 128n, SIGN + 1n), SIGN - 1n); // 2^256 = 2(2^255+1) - 2
  assert.equal(applyOp("MULMOD", 5n, 6n, 7n), 2n);
  assert.equal(applyOp("MULMOD", MAX, MAX, 0n), 0n);
});

test("EXP wraps and handles zero exponents and bases", () => {
  assert.equal(applyOp("EXP", 2n, 255n), SIGN);
  assert.equal(applyOp("EXP", 2n, 256n), 0n);
  assert.equal(applyOp("EXP", 2n, 257n), 0n);
  assert.equal(applyOp("EXP", 3n, 0n), 1n);
  assert.equal(applyOp("EXP", 0n, 0n), 1n);
  assert.equal(applyOp("EXP", 0n, 5n), 0n);
  assert.equal(applyOp("EXP", 3n, 5n), 243n);
  assert.equal(applyOp("EXP", 10n, 18n), 10n ** 18n);
  assert.equal(applyOp("EXP", MAX, MAX), MAX); // (-1)^odd
  assert.equal(applyOp("EXP", MAX, MAX - 1n), 1n); // (-1)^even
  assert.equal(applyOp("EXP", 256n, 31n), 1n << 248n);
  assert.equal(applyOp("EXP", 256n, 32n), 0n);
  assert.equal(applyOp("EXP", 4n, 128n), 0n);
  assert.equal(applyOp("EXP", 4n, 127n), 1n << 254n);
});

test("EXP costs 10 + 50 per byte of the exponent", () => {
  const cases: [bigint, number][] = [
    [0n, 10],
    [1n, 60],
    [0xffn, 60],
    [0x100n, 110],
    [0xffffn, 110],
    [0x10000n, 160],
    [SIGN, 10 + 50 * 32],
    [MAX, 10 + 50 * 32],
  ];
  for (const [exponent, gas] of cases) {
    assert.equal(gasOf(`PUSH32 ${exponent} PUSH1 3`, "EXP"), gas, `exponent ${exponent}`);
  }
});

test("EXP runs out of gas when the byte cost is unaffordable", () => {
  // 2 pushes (6) + EXP with a 32-byte exponent (1610) = 1616.
  assert.equal(exec(`PUSH32 ${MAX} PUSH1 3 EXP`, { gas: 1616 }).halt, undefined);
  assert.equal(exec(`PUSH32 ${MAX} PUSH1 3 EXP`, { gas: 1615 }).halt?.reason, "out of gas");
});

test("SIGNEXTEND extends from byte b, and leaves the value unchanged for b >= 31", () => {
  assert.equal(applyOp("SIGNEXTEND", 0n, 0xffn), MAX);
  assert.equal(applyOp("SIGNEXTEND", 0n, 0x7fn), 0x7fn);
  assert.equal(applyOp("SIGNEXTEND", 0n, 0x80n), u256(-128n));
  assert.equal(applyOp("SIGNEXTEND", 0n, 0x1ffn), MAX); // bits above byte 0 are replaced
  assert.equal(applyOp("SIGNEXTEND", 0n, 0x17fn), 0x7fn);
  assert.equal(applyOp("SIGNEXTEND", 1n, 0x8000n), u256(-0x8000n));
  assert.equal(applyOp("SIGNEXTEND", 1n, 0xff7fffn), 0x7fffn);
  assert.equal(applyOp("SIGNEXTEND", 30n, 1n << 247n), u256(-(1n << 247n)));
  assert.equal(applyOp("SIGNEXTEND", 30n, (1n << 255n) | 0x7fn), 0x7fn);
  const x = 0x80n << 240n;
  for (const b of [31n, 32n, 0x100n, SIGN, MAX]) assert.equal(applyOp("SIGNEXTEND", b, x), x, `b = ${b}`);
  assert.equal(applyOp("SIGNEXTEND", 31n, 0x80n), 0x80n);
});

test("arithmetic opcodes charge their Yellow Paper tier", () => {
  const tiers: [string, number][] = [
    ["ADD", 3],
    ["SUB", 3],
    ["MUL", 5],
    ["DIV", 5],
    ["SDIV", 5],
    ["MOD", 5],
    ["SMOD", 5],
    ["SIGNEXTEND", 5],
  ];
  for (const [op, gas] of tiers) assert.equal(gasOf("PUSH1 7 PUSH1 9", op), gas, op);
  assert.equal(gasOf("PUSH1 7 PUSH1 9 PUSH1 11", "ADDMOD"), 8);
  assert.equal(gasOf("PUSH1 7 PUSH1 9 PUSH1 11", "MULMOD"), 8);
});

test("arithmetic on too few operands is a stack underflow", () => {
  assert.equal(exec("PUSH1 1 ADD").halt?.reason, "stack underflow");
  assert.equal(exec("PUSH1 1 PUSH1 2 ADDMOD").halt?.reason, "stack underflow");
});
