// EIP-1559 base fee and gas limit drift, on hand-checked vectors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { calcBaseFee, isValidGasLimit } from "../../src/block/base-fee.js";

test("the base fee holds at target and moves by at most 1/8", () => {
  const parent = { gasLimit: 30_000_000n, baseFeePerGas: 1_000_000_000n };
  assert.equal(calcBaseFee({ ...parent, gasUsed: 15_000_000n }), 1_000_000_000n);
  assert.equal(calcBaseFee({ ...parent, gasUsed: 30_000_000n }), 1_125_000_000n);
  assert.equal(calcBaseFee({ ...parent, gasUsed: 0n }), 875_000_000n);
  // 10% above target: 1e9 * 1.5M / 15M / 8 = 12.5M.
  assert.equal(calcBaseFee({ ...parent, gasUsed: 16_500_000n }), 1_012_500_000n);
  assert.equal(calcBaseFee({ ...parent, gasUsed: 13_500_000n }), 987_500_000n);
});

test("an increase is at least 1 wei; a decrease may round to nothing", () => {
  assert.equal(calcBaseFee({ gasLimit: 30_000_000n, gasUsed: 15_000_001n, baseFeePerGas: 7n }), 8n);
  assert.equal(calcBaseFee({ gasLimit: 30_000_000n, gasUsed: 14_999_999n, baseFeePerGas: 7n }), 7n);
  assert.equal(calcBaseFee({ gasLimit: 30_000_000n, gasUsed: 0n, baseFeePerGas: 7n }), 7n);
  assert.equal(calcBaseFee({ gasLimit: 30_000_000n, gasUsed: 0n, baseFeePerGas: 8n }), 7n);
});

test("calcBaseFee needs a London parent", () => {
  assert.throws(() => calcBaseFee({ gasLimit: 30_000_000n, gasUsed: 0n }), RangeError);
});

test("the gas limit moves by strictly less than parent/1024 and stays at least 5000", () => {
  const parent = 30_000_000n; // parent/1024 = 29296
  assert.ok(isValidGasLimit(parent, parent));
  assert.ok(isValidGasLimit(parent + 29_295n, parent));
  assert.ok(!isValidGasLimit(parent + 29_296n, parent));
  assert.ok(isValidGasLimit(parent - 29_295n, parent));
  assert.ok(!isValidGasLimit(parent - 29_296n, parent));
  assert.ok(!isValidGasLimit(4999n, 5000n));
  assert.ok(isValidGasLimit(5000n, 5000n));
});
