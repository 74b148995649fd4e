// callTracer: the frame tree with geth's fields and key order, revert reasons, CREATE frames (nested and
// top-level), onlyTopCall, withLog (positions, logs of failed frames cleared), STATICCALL/DELEGATECALL
// fields, SELFDESTRUCT frames, and debug_traceCall over an unsigned call.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAddress } from "../../src/evm/addresses.js";
import { FORKS } from "../../src/evm/forks.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { type CallFrameJson, decodeRevertReason, traceCall } from "../../src/trace/index.js";
import { addr, asm, blockEnv, createFrom, deployer, preState } from "../evm/helpers.js";
import { makeTx, SENDER, TO } from "../tx/helpers.js";
import { revertWith, trace } from "./helpers.js";

const B = 0xbbbbn;
const C = 0xccccn;
const hexAddr = (a: bigint) => addr(a);

function callTrace(
  code: string,
  accounts: [bigint, object][] = [],
  config: object = {},
  tx = makeTx({ to: TO }),
): CallFrameJson {
  return trace(
    tx,
    { tracer: "callTracer", tracerConfig: config },
    {
      accounts: [[TO, { code, balance: 5n }], ...accounts],
    },
  ) as CallFrameJson;
}

/** CALL `to` with 0xffff gas, no value, no data. */
const callTo = (to: bigint, op = "CALL") =>
  op === "CALL" || op === "CALLCODE"
    ? `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(to)} PUSH2 0xffff ${op}`
    : `PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(to)} PUSH2 0xffff ${op}`;

test("nested CALL that reverts with Error(string): exact frames, fields and key order", () => {
  const r = callTrace(`${callTo(B)} STOP`, [[B, { code: revertWith("nope") }]]);
  const revertData = `0x08c379a0${"20".padStart(64, "0")}${"4".padStart(64, "0")}${"6e6f7065".padEnd(64, "0")}`;
  // The callee: 52 gas (see revertWith: 11 + 12 + 12 + 12 + 5). The caller: 16 for pushes, 2600 cold access.
  assert.deepEqual(r, {
    from: hexAddr(SENDER),
    gas: "0xf4240",
    gasUsed: `0x${(21000 + 16 + 2600 + 52).toString(16)}`,
    to: hexAddr(TO),
    input: "0x",
    calls: [
      {
        from: hexAddr(TO),
        gas: "0xffff",
        gasUsed: "0x34",
        to: hexAddr(B),
        input: "0x",
        output: revertData,
        error: "execution reverted",
        revertReason: "nope",
        value: "0x0",
        type: "CALL",
      },
    ],
    value: "0x0",
    type: "CALL",
  });
  assert.deepEqual(Object.keys(r), ["from", "gas", "gasUsed", "to", "input", "calls", "value", "type"]);
  assert.deepEqual(Object.keys(r.calls![0]!), [
    "from",
    "gas",
    "gasUsed",
    "to",
    "input",
    "output",
    "error",
    "revertReason",
    "value",
    "type",
  ]);
});

test("a reverting top-level call carries the error, revert data and reason", () => {
  const r = callTrace(revertWith("top level"));
  assert.equal(r.error, "execution reverted");
  assert.equal(r.revertReason, "top level");
  assert.equal(r.output?.slice(0, 10), "0x08c379a0");
  assert.equal(r.calls, undefined);
});

test("a halt reports geth's error and no output; the failed frame used all its gas", () => {
  const r = callTrace(`${callTo(B)} STOP`, [[B, { code: "PUSH1 1 ADD" }]]);
  assert.equal(r.calls![0]!.error, "stack underflow (1 <=> 2)");
  assert.equal(r.calls![0]!.gasUsed, "0xffff");
  assert.equal(r.calls![0]!.output, undefined);
  const invalid = callTrace(`${callTo(B)} STOP`, [[B, { code: "INVALID" }]]);
  assert.equal(invalid.calls![0]!.error, "invalid opcode: INVALID");
});

test("revert reasons decode Error(string) and Panic(uint256); anything else does not decode", () => {
  const panic = hexToBytes(`0x4e487b71${"11".padStart(64, "0")}`);
  assert.equal(decodeRevertReason(panic), "arithmetic underflow or overflow");
  const unknown = hexToBytes(`0x4e487b71${"99".padStart(64, "0")}`);
  assert.equal(decodeRevertReason(unknown), "unknown panic code: 0x99");
  assert.equal(decodeRevertReason(hexToBytes("0x08c379a0")), undefined);
  assert.equal(decodeRevertReason(hexToBytes("0xdeadbeef")), undefined);
  const r = callTrace(`${callTo(B)} STOP`, [
    [B, { code: "PUSH4 0xdeadbeef PUSH0 MSTORE PUSH1 4 PUSH1 28 REVERT" }],
  ]);
  assert.equal(r.calls![0]!.output, "0xdeadbeef");
  assert.equal(r.calls![0]!.revertReason, undefined);
});

test("CREATE inside a call: a CREATE frame to the new address, with the initcode and the deployed code", () => {
  const runtime = asm("PUSH1 1 PUSH0 SSTORE STOP");
  const initcode = deployer(runtime);
  const r = callTrace(`${createFrom(initcode)} STOP`);
  const frame = r.calls![0]!;
  assert.equal(frame.type, "CREATE");
  assert.equal(frame.from, hexAddr(TO));
  assert.equal(frame.to, hexAddr(createAddress(TO, 0n)));
  assert.equal(frame.input, bytesToHex(initcode));
  assert.equal(frame.output, bytesToHex(runtime));
  assert.equal(frame.value, "0x0");
  assert.equal(frame.error, undefined);
  // The initcode's gasUsed includes the code deposit (200 per byte).
  assert.ok(Number(frame.gasUsed) > 200 * runtime.length);
  assert.ok(Number(frame.gas) > Number(frame.gasUsed));
});

test("a reverting CREATE leaves out `to` and carries the reason; CREATE2 is typed CREATE2", () => {
  const r = callTrace(`${createFrom(revertWith("no deploy"))} STOP`);
  const frame = r.calls![0]!;
  assert.equal(frame.type, "CREATE");
  assert.equal(frame.to, undefined);
  assert.equal(frame.error, "execution reverted");
  assert.equal(frame.revertReason, "no deploy");
  const r2 = callTrace(`${createFrom(deployer("STOP"), 0n, 7n)} STOP`);
  assert.equal(r2.calls![0]!.type, "CREATE2");
  assert.equal(r2.calls![0]!.output, "0x00");
});

test("a contract-creation transaction is a top-level CREATE frame", () => {
  const runtime = asm("PUSH0 PUSH0 RETURN");
  const tx = makeTx({ to: undefined, data: deployer(runtime), value: 3n });
  const r = callTrace("STOP", [], {}, tx);
  assert.equal(r.type, "CREATE");
  assert.equal(r.from, hexAddr(SENDER));
  assert.equal(r.to, hexAddr(createAddress(SENDER, 0n)));
  assert.equal(r.output, bytesToHex(runtime));
  assert.equal(r.value, "0x3");
  assert.equal(r.gas, "0xf4240");
});

test("onlyTopCall leaves out every sub-call", () => {
  const r = callTrace(`${callTo(B)} STOP`, [[B, { code: revertWith("nope") }]], { onlyTopCall: true });
  assert.equal(r.calls, undefined);
  assert.equal(r.type, "CALL");
  assert.equal(r.error, undefined);
});

test("withLog: logs with their position among sub-calls; logs of failed frames are cleared", () => {
  const code = [
    "PUSH1 0xaa PUSH0 PUSH0 LOG1",
    `${callTo(C)} POP`,
    `${callTo(B)} POP`,
    "PUSH0 PUSH0 LOG0 STOP",
  ].join(" ");
  const accounts: [bigint, object][] = [
    [C, { code: "PUSH1 0xc0 PUSH0 MSTORE8 PUSH1 1 PUSH0 LOG0 STOP" }],
    [B, { code: "PUSH0 PUSH0 LOG0 PUSH0 PUSH0 REVERT" }],
  ];
  const r = callTrace(code, accounts, { withLog: true });
  assert.deepEqual(r.logs, [
    { address: hexAddr(TO), topics: [`0x${"aa".padStart(64, "0")}`], data: "0x", position: "0x0" },
    { address: hexAddr(TO), topics: [], data: "0x", position: "0x2" },
  ]);
  assert.deepEqual(r.calls![0]!.logs, [{ address: hexAddr(C), topics: [], data: "0xc0", position: "0x0" }]);
  assert.equal(r.calls![1]!.error, "execution reverted");
  assert.equal(r.calls![1]!.logs, undefined);
  const without = callTrace(code, accounts);
  assert.equal(without.logs, undefined);
  assert.equal(without.calls![0]!.logs, undefined);
});

test("STATICCALL has no value; DELEGATECALL and CALLCODE go from the caller's context to the code", () => {
  const code = `${callTo(C, "STATICCALL")} POP ${callTo(C, "DELEGATECALL")} POP ${callTo(C, "CALLCODE")} POP STOP`;
  const r = callTrace(code, [[C, { code: "STOP" }]], {}, makeTx({ to: TO, value: 9n }));
  assert.deepEqual(
    r.calls!.map((c) => [c.type, c.from, c.to, c.value]),
    [
      ["STATICCALL", hexAddr(TO), hexAddr(C), undefined],
      ["DELEGATECALL", hexAddr(TO), hexAddr(C), "0x9"],
      ["CALLCODE", hexAddr(TO), hexAddr(C), "0x0"],
    ],
  );
});

test("SELFDESTRUCT is a frame moving the balance to the beneficiary", () => {
  const r = callTrace(`PUSH20 ${addr(C)} SELFDESTRUCT`);
  assert.deepEqual(r.calls, [
    {
      from: hexAddr(TO),
      gas: "0x0",
      gasUsed: "0x0",
      to: hexAddr(C),
      input: "0x",
      value: "0x5",
      type: "SELFDESTRUCT",
    },
  ]);
});

test("traceCall: an unsigned call from an unfunded account, zero gas price and base fee, gas from the block", () => {
  const pre = preState([[TO, { code: "BASEFEE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN" }]]);
  const from = 0xf00dn;
  const env = blockEnv();
  const r = traceCall(pre, { from, to: TO }, env, FORKS.Osaka, { tracer: "callTracer" }) as CallFrameJson;
  assert.equal(r.from, hexAddr(from));
  assert.equal(r.gas, `0x${(1 << 24).toString(16)}`, "the block gas limit, within the Osaka cap");
  assert.equal(r.output, `0x${"0".repeat(64)}`, "BASEFEE reads 0 for a call without a gas price");
  assert.equal(r.error, undefined);
  const logs = traceCall(pre, { from, to: TO, data: new Uint8Array([1, 2]) }, env, FORKS.Osaka);
  assert.equal((logs as { failed: boolean }).failed, false);
  assert.equal(pre.getAccount(from), undefined, "the reader is not modified");
});
