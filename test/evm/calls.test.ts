// Message calls: CALL value transfer and the 2300 stipend, EIP-150 gas forwarding, the 1024 depth limit,
// REVERT (keeps unused gas, returns data, undoes state), exceptional halts in callees, STATICCALL write
// protection (EIP-214), and the context DELEGATECALL and CALLCODE run in.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { addr, CALLER, exec, gasOf, RETURN_TOP, returnMemory, run, TARGET } from "./helpers.js";

const B = 0xbbbbn;
const C = 0xccccn;

/** Callee code that returns the GAS it sees on entry. */
const RETURN_GAS = `GAS ${RETURN_TOP}`;

/** CALL pushes: gas (top), address, value, args offset/size, return offset/size (32 bytes at 0). */
function callArgs(to: bigint, value: bigint | number, gas: string): string {
  return `PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH ${value} PUSH20 ${addr(to)} ${gas}`;
}

test("CALL with value moves the value and gives the callee the 2300 stipend", () => {
  const r = run(`${callArgs(B, 100, "PUSH0")} CALL PUSH1 32 MSTORE ${returnMemory(64)}`, {
    balance: 1000n,
    accounts: [[B, { code: RETURN_GAS }]],
  });
  assert.equal(r.result.success, true);
  const out = bytesToHex(r.result.output).slice(2);
  assert.equal(BigInt(`0x${out.slice(0, 64)}`), 2298n, "callee sees the stipend minus GAS itself");
  assert.equal(BigInt(`0x${out.slice(64)}`), 1n, "CALL succeeded");
  assert.equal(r.state.getBalance(TARGET), 900n);
  assert.equal(r.state.getBalance(B), 100n);
  // Pushes 17, memory 3, cold access 2600 + value 9000, less the 2285 the callee did not use (2300 - 15),
  // then MSTORE with one more word (6) and the return pushes (5).
  assert.equal(r.gasUsed, 17 + 3 + 2600 + 9000 - 2285 + 3 + 6 + 5);
});

test("CALL charges 2600 cold / 100 warm, 9000 for value and 25000 for value to a dead account", () => {
  const X = 0x1234n;
  const cases: [string, bigint, [bigint, { balance?: bigint; nonce?: bigint }][], number][] = [
    ["zero value, cold, absent", 0n, [], 2600],
    ["zero value, warm", 0n, [[X, { balance: 1n }]], 100],
    ["value, cold, existing", 1n, [[X, { balance: 1n }]], 2600 + 9000 - 2300],
    ["value, cold, absent", 1n, [], 2600 + 9000 + 25000 - 2300],
    ["value, cold, existing but empty", 1n, [[X, {}]], 2600 + 9000 + 25000 - 2300],
    ["value, cold, nonce only", 1n, [[X, { nonce: 1n }]], 2600 + 9000 - 2300],
  ];
  for (const [name, value, accounts, cost] of cases) {
    const warm = name.includes("warm") ? `PUSH20 ${addr(X)} BALANCE POP` : "";
    const setup = `${warm} PUSH0 PUSH0 PUSH0 PUSH0 PUSH ${value} PUSH20 ${addr(X)} PUSH0`;
    assert.equal(gasOf(setup, "CALL", { accounts, balance: 10n }), cost, name);
  }
});

test("CALL with more value than the balance fails without running the callee or using its gas", () => {
  const r = run(`${callArgs(B, 11, "PUSH2 0xffff")} CALL RETURNDATASIZE ADD ${RETURN_TOP}`, {
    balance: 10n,
    accounts: [[B, { code: "PUSH1 1 PUSH0 SSTORE" }]],
  });
  assert.equal(r.word, 0n, "CALL returned 0 and left no return data");
  assert.equal(r.state.getStorage(B, 0n), 0n);
  assert.equal(r.state.getBalance(TARGET), 10n);
  // The forwarded gas and the stipend come back: only access and value costs remain.
  assert.equal(
    gasOf(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 11 PUSH20 ${addr(B)} PUSH2 0xffff`, "CALL", {
      balance: 10n,
      accounts: [[B, { balance: 1n }]],
    }),
    2600 + 9000 - 2300,
  );
});

test("CALL forwards at most all but one 64th of the remaining gas (EIP-150)", () => {
  const accounts: [bigint, { code: string }][] = [[B, { code: RETURN_GAS }]];
  const all = run(`${callArgs(B, 0, "PUSH32 -1")} CALL POP ${returnMemory(32)}`, { gas: 100_000, accounts });
  // Pushes 18 and return memory 3, then the cold access: 97379 left, of which 95858 is passed on.
  const left = 100_000 - 18 - 3 - 2600;
  assert.equal(left - Math.floor(left / 64), 95858);
  assert.equal(all.word, 95858n - 2n);
  const some = run(`${callArgs(B, 0, "PUSH2 5000")} CALL POP ${returnMemory(32)}`, {
    gas: 100_000,
    accounts,
  });
  assert.equal(some.word, 4998n);
});

test("a CALL beyond depth 1024 returns 0 without consuming the gas it would forward", () => {
  const accounts: [bigint, { code: string }][] = [[B, { code: RETURN_GAS }]];
  const code = `${callArgs(B, 0, "PUSH2 0xffff")} CALL ${RETURN_TOP}`;
  assert.equal(run(code, { depth: 1023, accounts }).word, 1n, "depth 1024 is allowed");
  const atLimit = run(code, { depth: 1024, accounts });
  assert.equal(atLimit.result.success, true);
  assert.equal(atLimit.word, 0n);
  const setup = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} PUSH2 0xffff`;
  assert.equal(gasOf(setup, "CALL", { depth: 1024, accounts }), 2600);
  // With value, the stipend is not consumed either.
  const valueSetup = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${addr(B)} PUSH2 0xffff`;
  assert.equal(gasOf(valueSetup, "CALL", { depth: 1024, accounts, balance: 1n }), 2600 + 9000 - 2300);
});

test("recursion stops at depth 1024: frames at depths 0..1024 run", () => {
  // Each frame increments slot 0 of the contract, then calls itself with all the gas it may pass.
  const code = "PUSH0 SLOAD PUSH1 1 ADD PUSH0 SSTORE PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 ADDRESS GAS CALL STOP";
  const r = run(code, { gas: 1e12 });
  assert.equal(r.result.success, true);
  assert.equal(r.state.getStorage(TARGET, 0n), 1025n);
});

test("REVERT returns its data, keeps the unused gas and undoes the frame's effects", () => {
  const r = run("PUSH1 0xab PUSH0 MSTORE8 PUSH1 1 PUSH0 REVERT", { gas: 100_000 });
  assert.equal(r.result.success, false);
  assert.equal(r.result.error, "revert");
  assert.equal(bytesToHex(r.result.output), "0xab");
  assert.equal(r.result.gasLeft, 100_000 - (3 + 2 + 6 + 3 + 2));

  const effects = run("PUSH1 1 PUSH0 SSTORE PUSH1 2 PUSH0 TSTORE PUSH0 PUSH0 LOG0 PUSH0 PUSH0 REVERT", {
    value: 5n,
  });
  assert.equal(effects.result.success, false);
  assert.equal(effects.state.getStorage(TARGET, 0n), 0n);
  assert.equal(effects.state.getTransient(TARGET, 0n), 0n);
  assert.equal(effects.evm.logs.length, 0);
  assert.equal(effects.state.getBalance(TARGET), 0n, "the value transfer is undone");
  assert.equal(effects.state.getBalance(CALLER), 10n ** 18n);
  assert.equal(effects.evm.refund, 0);
});

test("a caller sees a revert as 0 with return data and gets the unused gas back", () => {
  const accounts: [bigint, { code: string }][] = [
    [B, { code: "PUSH1 1 PUSH0 SSTORE PUSH1 0xab PUSH0 MSTORE8 PUSH1 1 PUSH0 REVERT" }],
  ];
  const r = run(
    `${callArgs(B, 0, "GAS")} CALL RETURNDATASIZE PUSH1 32 MSTORE PUSH1 64 MSTORE ${returnMemory(96)}`,
    {
      accounts,
    },
  );
  const out = bytesToHex(r.result.output).slice(2);
  assert.equal(out.slice(0, 64), `ab${"00".repeat(31)}`, "revert data written to the return area");
  assert.equal(BigInt(`0x${out.slice(64, 128)}`), 1n, "RETURNDATASIZE");
  assert.equal(BigInt(`0x${out.slice(128)}`), 0n, "CALL result");
  assert.equal(r.state.getStorage(B, 0n), 0n);
  // Callee: PUSH1 PUSH0 SSTORE (cold, 0 -> 1: 22100) then 16 more gas; all of the rest comes back.
  const setup = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} PUSH3 100000`;
  assert.equal(gasOf(setup, "CALL", { accounts }), 2600 + 5 + 22100 + 16);
});

test("an exceptional halt in the callee consumes exactly the gas passed to it", () => {
  const accounts: [bigint, { code: string }][] = [[B, { code: "PUSH1 1 PUSH0 SSTORE INVALID" }]];
  const setup = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} PUSH2 30000`;
  assert.equal(gasOf(setup, "CALL", { accounts }), 2600 + 30000);
  const r = run(`${setup} CALL RETURNDATASIZE ADD ${RETURN_TOP}`, { accounts });
  assert.equal(r.word, 0n);
  assert.equal(r.state.getStorage(B, 0n), 0n);
});

test("state-changing opcodes in a static context halt consuming all gas (EIP-214)", () => {
  const forbidden = [
    "PUSH1 1 PUSH0 SSTORE",
    "PUSH0 PUSH0 LOG0",
    "PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 LOG4",
    "PUSH1 1 PUSH0 TSTORE",
    "PUSH0 PUSH0 PUSH0 CREATE",
    "PUSH0 PUSH0 PUSH0 PUSH0 CREATE2",
    "PUSH0 SELFDESTRUCT",
    `PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${addr(B)} PUSH0 CALL`,
  ];
  for (const code of forbidden) {
    const r = run(code, { isStatic: true, gas: 100_000, balance: 10n });
    assert.equal(r.result.error, "write protection", code);
    assert.equal(r.result.gasLeft, 0, code);
  }
  const allowed = [
    "PUSH0 SLOAD",
    "PUSH0 TLOAD",
    `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} PUSH0 CALL`,
    // CALLCODE moves value to the running account itself, so it is not a state change (EIP-214).
    `PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${addr(B)} PUSH0 CALLCODE`,
  ];
  for (const code of allowed) {
    assert.equal(run(code, { isStatic: true, balance: 10n }).result.success, true, code);
  }
});

test("STATICCALL makes the whole subtree static", () => {
  const accounts: [bigint, { code: string }][] = [
    // B relays a plain CALL to C and returns C's success flag.
    [B, { code: `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(C)} GAS CALL ${RETURN_TOP}` }],
    [C, { code: "PUSH1 1 PUSH0 SSTORE" }],
  ];
  const r = run(
    `PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS STATICCALL PUSH1 32 MSTORE ${returnMemory(64)}`,
    { accounts },
  );
  const out = bytesToHex(r.result.output).slice(2);
  assert.equal(BigInt(`0x${out.slice(0, 64)}`), 0n, "C's SSTORE failed");
  assert.equal(BigInt(`0x${out.slice(64)}`), 1n, "B itself succeeded");
  assert.equal(r.state.getStorage(C, 0n), 0n);
  // STATICCALL directly into a writer fails.
  const direct = run(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(C)} GAS STATICCALL ${RETURN_TOP}`, { accounts });
  assert.equal(direct.word, 0n);
});

const CONTEXT = `CALLER PUSH0 MSTORE CALLVALUE PUSH1 32 MSTORE ADDRESS PUSH1 64 MSTORE PUSH1 0x99 PUSH1 5 SSTORE ${returnMemory(96)}`;

function words(output: Uint8Array): bigint[] {
  const hex = bytesToHex(output).slice(2);
  const out: bigint[] = [];
  for (let i = 0; i < hex.length; i += 64) out.push(BigInt(`0x${hex.slice(i, i + 64)}`));
  return out;
}

test("DELEGATECALL keeps the caller, the value and the storage of the current frame", () => {
  const r = run(`PUSH1 96 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS DELEGATECALL POP ${returnMemory(96)}`, {
    value: 7n,
    accounts: [[B, { code: CONTEXT }]],
  });
  assert.deepEqual(words(r.result.output), [CALLER, 7n, TARGET]);
  assert.equal(r.state.getStorage(TARGET, 5n), 0x99n);
  assert.equal(r.state.getStorage(B, 5n), 0n);
  assert.equal(r.state.getBalance(TARGET), 7n, "no second transfer");
  assert.equal(r.state.getBalance(B), 0n);
});

test("CALLCODE runs the code as the current account with the caller set to it", () => {
  const r = run(`PUSH1 96 PUSH0 PUSH0 PUSH0 PUSH1 3 PUSH20 ${addr(B)} GAS CALLCODE POP ${returnMemory(96)}`, {
    balance: 10n,
    accounts: [[B, { code: CONTEXT }]],
  });
  assert.deepEqual(words(r.result.output), [TARGET, 3n, TARGET]);
  assert.equal(r.state.getStorage(TARGET, 5n), 0x99n);
  assert.equal(r.state.getBalance(TARGET), 10n, "value moves from the account to itself");
  assert.equal(r.state.getBalance(B), 0n);
  // CALLCODE with more value than the balance fails.
  const poor = run(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 11 PUSH20 ${addr(B)} GAS CALLCODE ${RETURN_TOP}`, {
    balance: 10n,
    accounts: [[B, { code: CONTEXT }]],
  });
  assert.equal(poor.word, 0n);
});

test("calls to accounts without code succeed, touching nothing but value", () => {
  const r = exec(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 5 PUSH20 ${addr(C)} PUSH0 CALL`, { balance: 5n });
  assert.deepEqual(r.stack, [1n]);
  assert.equal(r.state.getBalance(C), 5n);
  assert.equal(r.state.getBalance(TARGET), 0n);
  // Calling a precompile runs it: identity (0x04) echoes its input.
  const id = run(
    `PUSH1 0x42 PUSH0 MSTORE PUSH1 32 PUSH0 PUSH1 32 PUSH0 PUSH1 4 GAS STATICCALL POP ${returnMemory(32)}`,
  );
  assert.equal(id.word, 0x42n);
});
