// EIP-4844 blob base fee: the fake exponential against the published vectors, and the per-fork fraction.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blobBaseFee, fakeExponential } from "../../src/block/blob-gas.js";
import { getForkRules, withBlobSchedule } from "../../src/evm/forks.js";

// [factor, numerator, denominator, expected]: the vectors used by the EIP-4844 reference tests and geth.
const VECTORS: [bigint, bigint, bigint, bigint][] = [
  [1n, 0n, 1n, 1n],
  [38493n, 0n, 1000n, 38493n],
  [0n, 1234n, 2345n, 0n],
  [1n, 2n, 1n, 6n],
  [1n, 4n, 2n, 6n],
  [1n, 3n, 1n, 16n],
  [1n, 6n, 2n, 18n],
  [1n, 4n, 1n, 49n],
  [1n, 8n, 2n, 50n],
  [10n, 8n, 2n, 542n],
  [11n, 8n, 2n, 596n],
  [1n, 5n, 1n, 136n],
  [1n, 5n, 2n, 11n],
  [2n, 5n, 2n, 23n],
  [1n, 50000000n, 2225652n, 5709098764n],
];

test("fakeExponential matches the EIP-4844 vectors", () => {
  for (const [factor, numerator, denominator, expected] of VECTORS) {
    assert.equal(
      fakeExponential(factor, numerator, denominator),
      expected,
      `${factor}, ${numerator}, ${denominator}`,
    );
  }
});

test("fakeExponential rejects a non-positive denominator", () => {
  assert.throws(() => fakeExponential(1n, 1n, 0n), RangeError);
});

test("blobBaseFee is 1 wei at zero excess for every fork", () => {
  for (const fork of ["Cancun", "Prague", "Osaka", "BPO1", "BPO2"]) {
    assert.equal(blobBaseFee(0n, getForkRules(fork)), 1n, fork);
  }
});

test("blobBaseFee uses the fork's update fraction", () => {
  // One update fraction of excess multiplies the minimum by about e (rounded down to 2).
  assert.equal(blobBaseFee(3338477n, getForkRules("Cancun")), 2n);
  assert.equal(blobBaseFee(5007716n, getForkRules("Prague")), 2n);
  // The same excess is cheaper under Prague's larger fraction.
  const excess = 50_000_000n;
  const cancun = blobBaseFee(excess, getForkRules("Cancun"));
  const prague = blobBaseFee(excess, getForkRules("Prague"));
  assert.equal(cancun, fakeExponential(1n, excess, 3338477n));
  assert.ok(prague < cancun);
});

test("blobBaseFee follows a fixture-supplied blob schedule", () => {
  const rules = withBlobSchedule(getForkRules("Cancun"), {
    target: 3,
    max: 6,
    baseFeeUpdateFraction: 2225652n,
  });
  assert.equal(blobBaseFee(50000000n, rules), 5709098764n);
});
