// EIP-2929 access costs: cold/warm accounts for BALANCE, EXT*, the CALL family and SELFDESTRUCT, cold/warm
// slots for SLOAD, warmth shared across frames but rolled back with a reverted frame, and EIP-2930 access
// lists warming accounts and slots for a whole transaction.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addr, CALLER, exec, gasOf, TARGET } from "../evm/helpers.js";
import { makeTx, runTx, TO } from "./helpers.js";

const X = 0x1234n;
const B = 0xbbbbn;
const accounts: [bigint, { balance: bigint; code?: string }][] = [[X, { balance: 1n, code: "STOP" }]];

test("account-reading opcodes cost 2600 cold and 100 warm", () => {
  for (const op of ["BALANCE", "EXTCODESIZE", "EXTCODEHASH"]) {
    assert.equal(gasOf(`PUSH20 ${addr(X)}`, op, { accounts }), 2600, `${op} cold`);
    assert.equal(gasOf(`PUSH20 ${addr(X)} ${op} POP PUSH20 ${addr(X)}`, op, { accounts }), 100, `${op} warm`);
  }
  // EXTCODECOPY adds copy and memory costs.
  assert.equal(gasOf(`PUSH0 PUSH0 PUSH0 PUSH20 ${addr(X)}`, "EXTCODECOPY", { accounts }), 2600);
  assert.equal(gasOf(`PUSH1 32 PUSH0 PUSH0 PUSH20 ${addr(X)}`, "EXTCODECOPY", { accounts }), 2600 + 3 + 3);
  // Absent accounts cost the same.
  assert.equal(gasOf("PUSH20 0x9999", "BALANCE"), 2600);
});

test("the running account and its caller are warm; SELFBALANCE has no access cost", () => {
  assert.equal(gasOf("ADDRESS", "BALANCE"), 100);
  assert.equal(gasOf("CALLER", "BALANCE"), 100);
  assert.equal(gasOf("", "SELFBALANCE"), 5);
  // Without the transaction's warming, the running account is cold too.
  assert.equal(gasOf("ADDRESS", "BALANCE", { warm: false }), 2600);
});

test("the CALL family costs 2600 cold and 100 warm", () => {
  for (const op of ["CALL", "CALLCODE"]) {
    const setup = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(X)} PUSH0`;
    assert.equal(gasOf(setup, op, { accounts }), 2600, `${op} cold`);
    assert.equal(gasOf(`PUSH20 ${addr(X)} BALANCE POP ${setup}`, op, { accounts }), 100, `${op} warm`);
  }
  for (const op of ["DELEGATECALL", "STATICCALL"]) {
    const setup = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(X)} PUSH0`;
    assert.equal(gasOf(setup, op, { accounts }), 2600, `${op} cold`);
    assert.equal(gasOf(`PUSH20 ${addr(X)} BALANCE POP ${setup}`, op, { accounts }), 100, `${op} warm`);
  }
  // Precompiles are warm in a transaction, but not in this bare frame.
  const precompile = "PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 4 PUSH0";
  assert.equal(gasOf(precompile, "STATICCALL"), 2600);
});

test("SLOAD costs 2100 cold and 100 warm, per (address, slot)", () => {
  assert.equal(gasOf("PUSH1 1", "SLOAD"), 2100);
  assert.equal(gasOf("PUSH1 1 SLOAD POP PUSH1 1", "SLOAD"), 100);
  assert.equal(gasOf("PUSH1 1 SLOAD POP PUSH1 2", "SLOAD"), 2100);
  // A warm account does not make its slots warm.
  assert.equal(gasOf("PUSH0", "SLOAD"), 2100);
});

test("SELFDESTRUCT pays 5000, plus 2600 for a cold beneficiary, plus 25000 to fund a dead one", () => {
  assert.equal(gasOf(`PUSH20 ${addr(X)}`, "SELFDESTRUCT", { accounts }), 5000 + 2600);
  assert.equal(gasOf("CALLER", "SELFDESTRUCT"), 5000);
  // With a balance to move to an absent beneficiary.
  assert.equal(gasOf("PUSH20 0x9999", "SELFDESTRUCT", { balance: 1n }), 5000 + 2600 + 25000);
  // A zero balance never pays for a new account.
  assert.equal(gasOf("PUSH20 0x9999", "SELFDESTRUCT"), 5000 + 2600);
});

test("warmth is shared with callees and callers, and undone when a frame reverts", () => {
  const probe = `PUSH20 ${addr(X)} BALANCE POP`;
  const callB = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS CALL POP`;
  const after = (bCode: string) =>
    gasOf(callB, probe, { accounts: [...accounts, [B, { balance: 0n, code: bCode }]] });
  assert.equal(after("STOP"), 3 + 2600 + 2);
  assert.equal(after(`${probe} STOP`), 3 + 100 + 2, "warmed by a successful callee");
  assert.equal(after(`${probe} PUSH0 PUSH0 REVERT`), 3 + 2600 + 2, "a reverted callee's warmth is undone");
  assert.equal(after(`${probe} INVALID`), 3 + 2600 + 2, "so is a halted callee's");
  // Slots follow the same rule (B's own slot, read twice inside B).
  const r = exec(callB, { accounts: [[B, { balance: 0n, code: "PUSH0 SLOAD PUSH0 PUSH0 REVERT" }]] });
  assert.equal(r.state.warmSlot(B, 0n), true, "cold again after the revert");
  assert.equal(r.state.isWarmAddress(B), true, "the callee itself was warmed by the caller's frame");
  assert.equal(r.state.isWarmAddress(TARGET) && r.state.isWarmAddress(CALLER), true);
});

test("access lists warm their accounts and slots for the whole transaction (EIP-2930)", () => {
  const code = `PUSH20 ${addr(X)} BALANCE POP PUSH1 5 SLOAD POP PUSH1 6 SLOAD POP`;
  const accessList = [
    { address: X, storageKeys: [] },
    { address: TO, storageKeys: [5n] },
  ];
  const listed = runTx(makeTx({ accessList }), { accounts: [[TO, { code }]] });
  // Intrinsic 21000 + 2 * 2400 + 1900; BALANCE warm 100, slot 5 warm 100, slot 6 cold 2100; pushes/pops 15.
  assert.equal(listed.result.gasUsed, 21000n + 4800n + 1900n + 100n + 100n + 2100n + 15n);
  const unlisted = runTx(makeTx(), { accounts: [[TO, { code }]] });
  assert.equal(unlisted.result.gasUsed, 21000n + 2600n + 2100n + 2100n + 15n);
  // A slot listed for another address does not warm this one.
  const elsewhere = runTx(makeTx({ accessList: [{ address: X, storageKeys: [5n] }] }), {
    accounts: [[TO, { code }]],
  });
  assert.equal(elsewhere.result.gasUsed, 21000n + 2400n + 1900n + 100n + 2100n + 2100n + 15n);
});
