import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FORKS } from "../../../src/evm/forks.js";
import { getPrecompile, precompileAddresses } from "../../../src/evm/precompiles/index.js";

const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => BigInt(first + i));

describe("precompile registry", () => {
  it("Cancun has 0x01..0x0a only", () => {
    const rules = FORKS.Cancun;
    for (const a of range(1, 0x0a)) assert.ok(getPrecompile(a, rules), `0x${a.toString(16)}`);
    for (const a of [0n, 0x0bn, 0x11n, 0x12n, 0x100n, 0x101n, 1n << 159n]) {
      assert.equal(getPrecompile(a, rules), undefined, `0x${a.toString(16)}`);
    }
    assert.deepEqual(precompileAddresses(rules), range(1, 0x0a));
  });

  it("Prague adds the EIP-2537 BLS12-381 set 0x0b..0x11", () => {
    const rules = FORKS.Prague;
    for (const a of range(1, 0x11)) assert.ok(getPrecompile(a, rules), `0x${a.toString(16)}`);
    assert.equal(getPrecompile(0x12n, rules), undefined);
    assert.equal(getPrecompile(0x100n, rules), undefined);
    assert.deepEqual(precompileAddresses(rules), range(1, 0x11));
  });

  it("Osaka and the BPO forks add P256VERIFY at 0x100", () => {
    for (const rules of [FORKS.Osaka, FORKS.BPO1, FORKS.BPO2]) {
      assert.ok(getPrecompile(0x100n, rules));
      assert.equal(getPrecompile(0xffn, rules), undefined);
      assert.equal(getPrecompile(0x101n, rules), undefined);
      assert.deepEqual(precompileAddresses(rules), [...range(1, 0x11), 0x100n]);
    }
  });

  it("each call returns a fresh address list", () => {
    const first = precompileAddresses(FORKS.Cancun);
    first.push(0xdeadn);
    assert.equal(precompileAddresses(FORKS.Cancun).length, 10);
  });
});
