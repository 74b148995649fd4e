// The struct logger (geth's default tracer): exact pc/op/gas/gasCost/depth/stack sequences computed by hand,
// storage entries on SLOAD/SSTORE, memory and return-data capture, errors on the failing opcode, the cost of
// a CALL (including the forwarded gas) and of the steps of the callee, and failed transactions.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { StructLoggerResult } from "../../src/trace/index.js";
import { addr } from "../evm/helpers.js";
import { makeTx, TO } from "../tx/helpers.js";
import { revertWith, trace } from "./helpers.js";

const B = 0xbbbbn;
const word = (n: bigint) => n.toString(16).padStart(64, "0");

function structTrace(code: string, gasLimit = 100_000n, options = {}, accounts: [bigint, object][] = []) {
  return trace(makeTx({ to: TO, gasLimit }), options, {
    accounts: [[TO, { code }], ...accounts],
  }) as StructLoggerResult;
}

test("struct logs of a small contract: pc, op, gas before, gasCost, depth and stack per opcode", () => {
  // 21000 intrinsic leaves 79000 for execution.
  const r = structTrace("PUSH1 2 PUSH1 3 ADD PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN");
  assert.deepEqual(r.structLogs, [
    { pc: 0, op: "PUSH1", gas: 79000, gasCost: 3, depth: 1, stack: [] },
    { pc: 2, op: "PUSH1", gas: 78997, gasCost: 3, depth: 1, stack: ["0x2"] },
    { pc: 4, op: "ADD", gas: 78994, gasCost: 3, depth: 1, stack: ["0x2", "0x3"] },
    { pc: 5, op: "PUSH0", gas: 78991, gasCost: 2, depth: 1, stack: ["0x5"] },
    // 3 static + 3 for the first memory word.
    { pc: 6, op: "MSTORE", gas: 78989, gasCost: 6, depth: 1, stack: ["0x5", "0x0"] },
    { pc: 7, op: "PUSH1", gas: 78983, gasCost: 3, depth: 1, stack: [] },
    { pc: 9, op: "PUSH0", gas: 78980, gasCost: 2, depth: 1, stack: ["0x20"] },
    { pc: 10, op: "RETURN", gas: 78978, gasCost: 0, depth: 1, stack: ["0x20", "0x0"] },
  ]);
  assert.equal(r.gas, 21000 + 22);
  assert.equal(r.failed, false);
  assert.equal(r.returnValue, `0x${word(5n)}`);
});

test("disableStack, enableMemory and enableReturnData shape each entry as geth does", () => {
  const r = structTrace("PUSH1 2 PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN", 100_000n, {
    disableStack: true,
    enableMemory: true,
    enableReturnData: true,
  });
  assert.equal(r.structLogs.length, 6);
  for (const log of r.structLogs) assert.equal(log.stack, undefined);
  // Memory is what the opcode sees before running: empty (left out) until MSTORE has run.
  assert.equal(r.structLogs[2]!.memory, undefined);
  assert.deepEqual(r.structLogs[3]!.memory, [word(2n)]);
  assert.deepEqual(r.structLogs[5]!.memory, [word(2n)]);
  // No call has returned anything yet: returnData is left out.
  for (const log of r.structLogs) assert.equal(log.returnData, undefined);
});

test("running off the end of the code logs the implicit STOP", () => {
  const r = structTrace("PUSH0 POP");
  assert.deepEqual(
    r.structLogs.map((l) => [l.pc, l.op, l.gas, l.gasCost]),
    [
      [0, "PUSH0", 79000, 2],
      [1, "POP", 78998, 2],
      [2, "STOP", 78996, 0],
    ],
  );
});

test("SSTORE and SLOAD carry the contract's storage touched so far; refund appears once non-zero", () => {
  const r = structTrace(
    "PUSH1 0x2a PUSH1 1 SSTORE PUSH1 1 SLOAD POP PUSH1 2 SLOAD POP PUSH0 PUSH1 3 SSTORE STOP",
    100_000n,
    {},
    [],
  );
  const byOp = r.structLogs.filter((l) => l.storage !== undefined);
  assert.deepEqual(
    byOp.map((l) => [l.pc, l.op, l.gasCost, l.storage]),
    [
      [4, "SSTORE", 22100, { [word(1n)]: word(0x2an) }],
      [7, "SLOAD", 100, { [word(1n)]: word(0x2an) }],
      [11, "SLOAD", 2100, { [word(1n)]: word(0x2an), [word(2n)]: word(0n) }],
      [16, "SSTORE", 2200, { [word(1n)]: word(0x2an), [word(2n)]: word(0n), [word(3n)]: word(0n) }],
    ],
  );
  // Only the entries of SLOAD/SSTORE carry storage.
  assert.equal(r.structLogs.filter((l) => l.storage !== undefined).length, 4);
});

test("SLOAD reports the value in state before the opcode; disableStorage leaves it out", () => {
  const code = "PUSH1 2 SLOAD STOP";
  const accounts: [bigint, object][] = [];
  const r = trace(
    makeTx({ to: TO }),
    {},
    {
      accounts: [[TO, { code, storage: { "2": 7n } }], ...accounts],
    },
  ) as StructLoggerResult;
  assert.deepEqual(r.structLogs[1]!.storage, { [word(2n)]: word(7n) });
  const off = trace(
    makeTx({ to: TO }),
    { disableStorage: true },
    {
      accounts: [[TO, { code, storage: { "2": 7n } }]],
    },
  ) as StructLoggerResult;
  assert.equal(off.structLogs[1]!.storage, undefined);
});

test("refund counter appears on entries after an SSTORE earns a refund", () => {
  const r = trace(
    makeTx({ to: TO }),
    {},
    {
      accounts: [[TO, { code: "PUSH0 PUSH1 1 SSTORE STOP", storage: { "1": 5n } }]],
    },
  ) as StructLoggerResult;
  // Clearing a slot set before the transaction refunds 4800 (EIP-3529).
  assert.equal(r.structLogs[2]!.op, "SSTORE");
  assert.equal(r.structLogs[2]!.refund, undefined);
  assert.equal(r.structLogs[3]!.op, "STOP");
  assert.equal(r.structLogs[3]!.refund, 4800);
});

test("a CALL's gasCost includes the forwarded gas; callee steps run at depth 2; the caller resumes", () => {
  const r = structTrace(
    `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(B)} PUSH2 0xffff CALL STOP`,
    1_000_000n,
    {},
    [[B, { code: "PUSH1 1 PUSH0 RETURN" }]],
  );
  const ops = r.structLogs.map((l) => [l.pc, l.op, l.gas, l.gasCost, l.depth]);
  // 979000 for execution; 5 PUSH0 + PUSH20 + PUSH2 = 16 gas before CALL, which is at pc 5 + 21 + 3.
  assert.deepEqual(ops.slice(7), [
    // Cold access 2600 + 65535 forwarded.
    [29, "CALL", 978984, 2600 + 0xffff, 1],
    [0, "PUSH1", 0xffff, 3, 2],
    [2, "PUSH0", 0xffff - 3, 2, 2],
    // One word of memory for the returned byte.
    [3, "RETURN", 0xffff - 5, 3, 2],
    // The callee used 8 of its 65535.
    [30, "STOP", 978984 - 2600 - 8, 0, 1],
  ]);
  assert.equal(r.gas, 21000 + 16 + 2600 + 8);
});

test("CREATE's gasCost leaves out the gas handed to the initcode, as geth reports it", () => {
  // Initcode: PUSH0 PUSH0 RETURN (deploys empty code), 3 bytes -> one initcode word (2 gas).
  const r = structTrace("PUSH3 0x5f5ff3 PUSH0 MSTORE PUSH1 3 PUSH1 29 PUSH0 CREATE STOP", 1_000_000n);
  const create = r.structLogs.find((l) => l.op === "CREATE")!;
  assert.equal(create.gasCost, 32000 + 2);
  const inner = r.structLogs.filter((l) => l.depth === 2);
  assert.deepEqual(
    inner.map((l) => l.op),
    ["PUSH0", "PUSH0", "RETURN"],
  );
  const available = create.gas - create.gasCost;
  assert.equal(inner[0]!.gas, available - Math.floor(available / 64));
});

test("REVERT at the top level: failed, returnValue is the revert data, gas counts what was used", () => {
  const r = structTrace(revertWith("nope"));
  assert.equal(r.failed, true);
  assert.equal(r.structLogs.at(-1)!.op, "REVERT");
  assert.equal(r.structLogs.at(-1)!.error, undefined, "geth logs REVERT without an error");
  assert.equal(r.returnValue.slice(0, 10), "0x08c379a0");
  assert.equal((r.returnValue.length - 2) / 2, 100);
  assert.ok(r.gas < 100_000);
});

test("out of gas: the failing opcode carries the error and its cost; all gas is used; no return value", () => {
  // 5 gas for execution: PUSH1 leaves 2, the second PUSH1 cannot pay 3.
  const r = structTrace("PUSH1 1 PUSH1 2 ADD", 21_005n);
  assert.deepEqual(r.structLogs, [
    { pc: 0, op: "PUSH1", gas: 5, gasCost: 3, depth: 1, stack: [] },
    { pc: 2, op: "PUSH1", gas: 2, gasCost: 3, depth: 1, error: "out of gas", stack: ["0x1"] },
  ]);
  assert.equal(r.failed, true);
  assert.equal(r.gas, 21005);
  assert.equal(r.returnValue, "0x");
});

test("out of gas in dynamic gas (memory expansion) is reported on that opcode with the full cost", () => {
  // MSTORE at offset 0x10000 needs 2049 words of memory: far more than the gas left.
  const r = structTrace("PUSH0 PUSH3 0x010000 MSTORE", 30_000n);
  const last = r.structLogs.at(-1)!;
  assert.equal(last.op, "MSTORE");
  assert.equal(last.error, "out of gas");
  const words = 0x10000 / 32 + 1;
  assert.equal(last.gasCost, 3 + words * 3 + Math.floor((words * words) / 512));
  assert.equal(r.failed, true);
});

test("stack underflow is logged with geth's message and the opcode's static cost", () => {
  const r = structTrace("PUSH1 1 ADD");
  assert.deepEqual(r.structLogs.at(-1), {
    pc: 2,
    op: "ADD",
    gas: 78997,
    gasCost: 3,
    depth: 1,
    error: "stack underflow (1 <=> 2)",
    stack: ["0x1"],
  });
  assert.equal(r.failed, true);
  assert.equal(r.gas, 100_000);
});

test("an invalid jump is logged without an error (geth fails it after logging the opcode)", () => {
  const r = structTrace("PUSH1 5 JUMP");
  assert.deepEqual(r.structLogs.at(-1), {
    pc: 2,
    op: "JUMP",
    gas: 78997,
    gasCost: 8,
    depth: 1,
    stack: ["0x5"],
  });
  assert.equal(r.failed, true);
});

test("opcode names follow geth: DIFFICULTY for 0x44, 'opcode 0x.. not defined' for unassigned bytes", () => {
  const r = structTrace(`PREVRANDAO POP ${"0xef"}`);
  assert.deepEqual(
    r.structLogs.map((l) => l.op),
    ["DIFFICULTY", "POP", "opcode 0xef not defined"],
  );
  assert.equal(r.failed, true);
});

test("limit caps the number of entries", () => {
  const r = structTrace("PUSH0 PUSH0 PUSH0 PUSH0 STOP", 100_000n, { limit: 2 });
  assert.equal(r.structLogs.length, 2);
});
