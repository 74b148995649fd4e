// EIP-4844 excess blob gas and the EIP-7918 reserve-price branch (Osaka+), on vectors worked from the EIP
// text, plus the per-fork limits.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BLOB_BASE_COST,
  blobBaseFee,
  calcExcessBlobGas,
  GAS_PER_BLOB,
  maxBlobGasPerBlock,
  targetBlobGasPerBlock,
} from "../../src/block/blob-gas.js";
import { getForkRules } from "../../src/evm/forks.js";

const cancun = getForkRules("Cancun");
const prague = getForkRules("Prague");
const osaka = getForkRules("Osaka");
const blobs = (n: number) => BigInt(n) * GAS_PER_BLOB;

test("limits follow the fork's blob schedule", () => {
  assert.equal(maxBlobGasPerBlock(cancun), blobs(6));
  assert.equal(targetBlobGasPerBlock(cancun), blobs(3));
  assert.equal(maxBlobGasPerBlock(prague), blobs(9));
  assert.equal(maxBlobGasPerBlock(getForkRules("BPO2")), blobs(21));
});

test("EIP-4844: the excess grows by usage above target and floors at zero", () => {
  const p = (excess: bigint, used: bigint) => ({
    excessBlobGas: excess,
    blobGasUsed: used,
    baseFeePerGas: 7n,
  });
  assert.equal(calcExcessBlobGas(p(0n, blobs(3)), cancun), 0n);
  assert.equal(calcExcessBlobGas(p(0n, blobs(6)), cancun), blobs(3));
  assert.equal(calcExcessBlobGas(p(blobs(1), blobs(1)), cancun), 0n);
  assert.equal(calcExcessBlobGas(p(blobs(10), 0n), cancun), blobs(7));
  assert.equal(calcExcessBlobGas(p(blobs(10), 0n), prague), blobs(4));
});

test("EIP-7918: below the reserve price the excess grows by used*(max-target)/max", () => {
  // Zero excess prices a blob at 1 wei per blob gas; a base fee of 17 makes 8192*17 > 131072*1.
  const cheapBlobs = { excessBlobGas: blobs(6), blobGasUsed: blobs(6), baseFeePerGas: 1_000_000_000n };
  assert.ok(BLOB_BASE_COST * 1_000_000_000n > GAS_PER_BLOB * blobBaseFee(blobs(6), osaka));
  assert.equal(calcExcessBlobGas(cheapBlobs, osaka), blobs(6) + (blobs(6) * 3n) / 9n);
  // Before Osaka the same parent decays normally.
  assert.equal(calcExcessBlobGas(cheapBlobs, prague), blobs(6));
  // Below target the rule does not apply: still zero.
  assert.equal(calcExcessBlobGas({ ...cheapBlobs, excessBlobGas: 0n, blobGasUsed: blobs(5) }, osaka), 0n);
});

test("EIP-7918: the boundary is strict (reserve price equal to the blob price decays normally)", () => {
  // blobBaseFee(0) = 1, so the reserve binds only when 8192 * baseFee > 131072, i.e. baseFee > 16.
  const parent = (baseFeePerGas: bigint) => ({ excessBlobGas: 0n, blobGasUsed: blobs(7), baseFeePerGas });
  assert.equal(calcExcessBlobGas(parent(16n), osaka), blobs(1));
  assert.equal(calcExcessBlobGas(parent(17n), osaka), (blobs(7) * 3n) / 9n);
});
