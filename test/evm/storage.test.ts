// Storage, transient storage and logs as opcodes: SLOAD/SSTORE round trips, TLOAD/TSTORE (EIP-1153)
// scoping per account, sharing under DELEGATECALL and rollback on revert, and LOG0..LOG4 data, topic
// order, gas and rollback with the frame that emitted them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addr, evalTop, exec, gasOf, MAX, RETURN_TOP, run, TARGET } from "./helpers.js";

const B = 0xbbbbn;

test("SSTORE then SLOAD reads back the new value; other slots are untouched", () => {
  const r = exec("PUSH1 0x2a PUSH1 7 SSTORE PUSH1 7 SLOAD PUSH1 8 SLOAD", { storage: { "8": 9n } });
  assert.deepEqual(r.stack, [0x2an, 9n]);
  assert.equal(r.state.getStorage(TARGET, 7n), 0x2an);
  assert.equal(evalTop(`PUSH32 ${MAX} SLOAD`, { storage: { [MAX.toString()]: 5n } }), 5n);
});

test("TLOAD and TSTORE cost 100 each and start at zero", () => {
  assert.equal(gasOf("PUSH1 1", "TLOAD"), 100);
  assert.equal(gasOf("PUSH1 2 PUSH1 1", "TSTORE"), 100);
  assert.equal(evalTop("PUSH1 1 TLOAD"), 0n);
  assert.equal(evalTop("PUSH1 5 PUSH1 1 TSTORE PUSH1 1 TLOAD"), 5n);
  // Transient storage is not persistent storage.
  const r = exec("PUSH1 5 PUSH1 1 TSTORE PUSH1 1 SLOAD");
  assert.deepEqual(r.stack, [0n]);
  assert.equal(r.state.getStorage(TARGET, 1n), 0n);
});

test("transient storage is per account, and shared with DELEGATECALL code", () => {
  const readSlot1 = `PUSH1 1 TLOAD ${RETURN_TOP}`;
  const accounts: [bigint, { code: string }][] = [[B, { code: readSlot1 }]];
  const viaCall = run(
    `PUSH1 5 PUSH1 1 TSTORE PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS CALL POP PUSH1 32 PUSH0 RETURN`,
    { accounts },
  );
  assert.equal(viaCall.word, 0n, "B has its own transient storage");
  const viaDelegate = run(
    `PUSH1 5 PUSH1 1 TSTORE PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS DELEGATECALL POP PUSH1 32 PUSH0 RETURN`,
    { accounts },
  );
  assert.equal(viaDelegate.word, 5n, "delegated code runs on the caller's transient storage");
});

test("TSTORE in a reverted call is rolled back; in a successful call it persists for the transaction", () => {
  const writer = (tail: string) => `PUSH1 9 PUSH1 1 TSTORE ${tail}`;
  const probe = (bCode: string) =>
    run(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS DELEGATECALL POP PUSH1 1 TLOAD ${RETURN_TOP}`, {
      accounts: [[B, { code: bCode }]],
    }).word;
  assert.equal(probe(writer("STOP")), 9n);
  assert.equal(probe(writer("PUSH0 PUSH0 REVERT")), 0n);
  assert.equal(probe(writer("INVALID")), 0n);
});

test("LOGn records the address, the topics in stack order and the data", () => {
  const r = run(
    "PUSH2 0xabcd PUSH0 MSTORE PUSH1 4 PUSH1 3 PUSH1 2 PUSH1 1 PUSH1 2 PUSH1 30 LOG4 PUSH0 PUSH0 LOG0",
  );
  assert.equal(r.result.success, true);
  assert.equal(r.evm.logs.length, 2);
  assert.deepEqual(r.evm.logs[0], {
    address: TARGET,
    topics: [1n, 2n, 3n, 4n],
    data: Uint8Array.of(0xab, 0xcd),
  });
  assert.deepEqual(r.evm.logs[1], { address: TARGET, topics: [], data: new Uint8Array(0) });
});

test("LOG costs 375 + 375 per topic + 8 per byte, plus memory", () => {
  assert.equal(gasOf("PUSH0 PUSH0", "LOG0"), 375);
  assert.equal(gasOf("PUSH1 1 PUSH0 PUSH0", "LOG1"), 750);
  assert.equal(gasOf("PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0", "LOG4"), 375 * 5);
  assert.equal(gasOf("PUSH1 33 PUSH0", "LOG0"), 375 + 8 * 33 + 6);
});

test("logs of a reverted call are dropped, the caller's are kept, and DELEGATECALL logs as the caller", () => {
  const accounts: [bigint, { code: string }][] = [
    [B, { code: "PUSH1 2 PUSH0 PUSH0 LOG1 PUSH0 PUSH0 REVERT" }],
  ];
  const r = run(
    `PUSH1 1 PUSH0 PUSH0 LOG1 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS CALL POP PUSH1 3 PUSH0 PUSH0 LOG1`,
    { accounts },
  );
  assert.deepEqual(
    r.evm.logs.map((l) => l.topics[0]),
    [1n, 3n],
  );
  const logger: [bigint, { code: string }][] = [[B, { code: "PUSH1 7 PUSH0 PUSH0 LOG1" }]];
  const d = run(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} GAS DELEGATECALL POP`, { accounts: logger });
  assert.deepEqual(d.evm.logs, [{ address: TARGET, topics: [7n], data: new Uint8Array(0) }]);
});
