// SSTORE metering and refunds (EIP-2200 as amended by EIP-2929 and EIP-3529): every row of the EIP-3529
// test table (no-op, fresh set, reset, clear with refund, dirty writes, restoring the original zero and
// non-zero value), the cold-slot surcharge, the 2300 sentry, and the refund as a transaction sees it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { hexToBytes } from "../../src/primitives/hex.js";
import { run, TARGET } from "../evm/helpers.js";
import { makeTx, runTx, TO } from "./helpers.js";

// [code, gas used, refund, original value of slot 0] from EIP-3529 "Test Cases" (slot 0 already warm).
const EIP3529: [string, number, number, bigint][] = [
  ["0x60006000556000600055", 212, 0, 0n], // 0 -> 0 -> 0: two no-ops
  ["0x60006000556001600055", 20112, 0, 0n], // 0 -> 0 -> 1: fresh set
  ["0x60016000556000600055", 20112, 19900, 0n], // 0 -> 1 -> 0: set, then restore the original zero
  ["0x60016000556002600055", 20112, 0, 0n], // 0 -> 1 -> 2: dirty write
  ["0x60016000556001600055", 20112, 0, 0n], // 0 -> 1 -> 1: dirty no-op
  ["0x60006000556000600055", 3012, 4800, 1n], // 1 -> 0 -> 0: clear
  ["0x60006000556001600055", 3012, 2800, 1n], // 1 -> 0 -> 1: clear, then restore the original non-zero
  ["0x60006000556002600055", 3012, 0, 1n], // 1 -> 0 -> 2: clear, then un-clear
  ["0x60026000556000600055", 3012, 4800, 1n], // 1 -> 2 -> 0: reset, then clear
  ["0x60026000556003600055", 3012, 0, 1n], // 1 -> 2 -> 3: reset, dirty write
  ["0x60026000556001600055", 3012, 2800, 1n], // 1 -> 2 -> 1: reset, restore the original
  ["0x60026000556002600055", 3012, 0, 1n], // 1 -> 2 -> 2: reset, dirty no-op
  ["0x60016000556000600055", 3012, 4800, 1n], // 1 -> 1 -> 0: no-op, clear
  ["0x60016000556002600055", 3012, 0, 1n], // 1 -> 1 -> 2: no-op, reset
  ["0x60016000556001600055", 212, 0, 1n], // 1 -> 1 -> 1: two no-ops
  ["0x600160005560006000556001600055", 40118, 19900, 0n], // 0 -> 1 -> 0 -> 1
  ["0x600060005560016000556000600055", 5918, 7600, 1n], // 1 -> 0 -> 1 -> 0
];

test("SSTORE gas and refunds match every row of the EIP-3529 table", () => {
  for (const [code, gas, refund, original] of EIP3529) {
    const r = run(hexToBytes(code), { storage: { "0": original }, warmSlots: [0n] });
    const label = `${code} (original ${original})`;
    assert.equal(r.result.success, true, label);
    assert.equal(r.gasUsed, gas, `${label}: gas`);
    assert.equal(r.evm.refund, refund, `${label}: refund`);
  }
});

test("the final value of each EIP-3529 row is the last one written", () => {
  for (const [code, , , original] of EIP3529) {
    const r = run(hexToBytes(code), { storage: { "0": original }, warmSlots: [0n] });
    const last = BigInt(`0x${code.slice(-8, -6)}`); // PUSH1 <v> PUSH1 0 SSTORE: v of the last store
    assert.equal(r.state.getStorage(TARGET, 0n), last, code);
    assert.equal(r.state.getOriginalStorage(TARGET, 0n), original, code);
  }
});

test("a cold slot adds 2100 to the first access only", () => {
  // 0 -> 1 cold: 2100 + 20000; the second store of the row is warm.
  assert.equal(run(hexToBytes("0x60016000556002600055")).gasUsed, 2100 + 20112);
  // 1 -> 0 cold: 2100 + 2900 (5000 in all), refund 4800.
  const clear = run(hexToBytes("0x6000600055"), { storage: { "0": 1n } });
  assert.equal(clear.gasUsed, 6 + 5000);
  assert.equal(clear.evm.refund, 4800);
  // A no-op on a cold slot: 2100 + 100.
  assert.equal(run(hexToBytes("0x6000600055")).gasUsed, 6 + 2200);
  // SLOAD warms the slot for SSTORE.
  assert.equal(run("PUSH0 SLOAD POP PUSH1 1 PUSH0 SSTORE").gasUsed, 2 + 2100 + 2 + 3 + 2 + 20000);
});

test("SSTORE needs more than 2300 gas left, whatever it costs (EIP-2200 sentry)", () => {
  // Two PUSH0 (4 gas), then a warm no-op SSTORE costing 100.
  const atSentry = run("PUSH0 PUSH0 SSTORE", { gas: 2304, warmSlots: [0n] });
  assert.equal(atSentry.result.success, false);
  assert.equal(atSentry.result.error, "out of gas");
  const above = run("PUSH0 PUSH0 SSTORE", { gas: 2305, warmSlots: [0n] });
  assert.equal(above.result.success, true);
  assert.equal(above.result.gasLeft, 2305 - 104);
});

test("refunds of a reverted frame are rolled back, negative refunds included", () => {
  // 1 -> 0 (refund 4800) then REVERT: the counter returns to 0.
  const r = run("PUSH0 PUSH0 SSTORE PUSH0 PUSH0 REVERT", { storage: { "0": 1n } });
  assert.equal(r.evm.refund, 0);
  // 1 -> 0 -> 1 nets 2800 through a -4800 step.
  const dip = run("PUSH0 PUSH0 SSTORE PUSH1 1 PUSH0 SSTORE", { storage: { "0": 1n } });
  assert.equal(dip.evm.refund, 2800);
});

test("a transaction sees the SSTORE refund, capped at a fifth of the gas used", () => {
  const accessList = [{ address: TO, storageKeys: [0n] }]; // 2400 + 1900, and warms slot 0
  const run3529 = (code: string, original: bigint) =>
    runTx(makeTx({ accessList }), {
      accounts: [[TO, { code: hexToBytes(code), storage: { "0": original } }]],
    });
  // 1 -> 0 -> 0: 25300 + 3012 = 28312; refund 4800 < 5662.
  assert.equal(run3529("0x60006000556000600055", 1n).result.gasUsed, 28312n - 4800n);
  // 1 -> 0 -> 1 -> 0: 25300 + 5918 = 31218; refund 7600 capped at 6243.
  assert.equal(run3529("0x600060005560016000556000600055", 1n).result.gasUsed, 31218n - 6243n);
  // 0 -> 1 -> 0: 25300 + 20112 = 45412; refund 19900 capped at 9082.
  const restored = run3529("0x60016000556000600055", 0n);
  assert.equal(restored.result.gasUsed, 45412n - 9082n);
  assert.equal(restored.post.getStorage(TO, 0n), 0n);
  assert.equal(restored.result.diff.get(TO)?.storage.get(0n) ?? 0n, 0n);
});
