// Code runners: an account whose code starts with a registered prefix runs in that runner (here a toy one
// standing in for WebAssembly contracts), through the same Host as EVM code: storage, logs and nested
// calls go through it, a failed run is rolled back by the host, tracers see the frame, and CREATE may
// deposit code with a registered prefix (EIP-3541 rejects it otherwise).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createAddress } from "../../src/evm/addresses.js";
import { type CodeRunner, codeRunnerFor, registerCodeRunner } from "../../src/evm/code-runners.js";
import { FORKS } from "../../src/evm/forks.js";
import type { Host } from "../../src/evm/host.js";
import { CallKind, type CallResult, type Message } from "../../src/evm/message.js";
import { bytesToBigInt, bytesToHex } from "../../src/primitives/hex.js";
import { type CallFrameJson, traceTransaction } from "../../src/trace/index.js";
import { buildPre, makeTx, TO } from "../tx/helpers.js";
import { addr, asm, blockEnv, createFrom, exec, RETURN_TOP, run, TARGET } from "./helpers.js";

// Not the WASM prefix (0xEF 0xF0 0x00): src/wasm registers that one when tx/execute.ts is imported.
const PREFIX = Uint8Array.of(0xef, 0xaa, 0x00);
const TOY = Uint8Array.of(0xef, 0xaa, 0x00, 0x2a);
const W = 0x7777n;
const B = 0xbbbbn;
const RUN_GAS = 1000;
const EMPTY = new Uint8Array(0);

function word(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0 && v > 0n; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/**
 * A toy runner: increments slot 0 and logs its new value (topic: the program byte after the prefix);
 * input byte 0 then chooses: 1 = call B and return its output, 0xff = revert, 0xfe = halt, else return
 * the counter.
 */
const toy: CodeRunner = {
  name: "toy",
  run(host: Host, msg: Message, code: Uint8Array): CallResult {
    if (msg.gas < RUN_GAS) return { success: false, gasLeft: 0, output: EMPTY, error: "out of gas" };
    let gas = msg.gas - RUN_GAS;
    const count = host.getStorage(msg.to, 0n) + 1n;
    host.setStorage(msg.to, 0n, count);
    host.emitLog({ address: msg.to, topics: [BigInt(code[3]!)], data: word(count) });
    const mode = msg.input[0];
    if (mode === 0xff) return { success: false, gasLeft: gas, output: Uint8Array.of(0xee), error: "revert" };
    if (mode === 0xfe) return { success: false, gasLeft: 0, output: EMPTY, error: "toy halt" };
    if (mode === 1) {
      const callGas = gas - Math.floor(gas / 64);
      gas -= callGas;
      const r = host.call({
        kind: CallKind.Call,
        caller: msg.to,
        to: B,
        codeAddress: B,
        delegated: false,
        value: 0n,
        transfersValue: true,
        input: EMPTY,
        gas: callGas,
        isStatic: msg.isStatic,
        depth: msg.depth + 1,
      });
      return { success: r.success, gasLeft: gas + r.gasLeft, output: r.output, error: r.error };
    }
    return { success: true, gasLeft: gas, output: word(count) };
  },
};

let unregister = registerCodeRunner(PREFIX, toy);
after(() => unregister());

/** CALL W with a 1-byte input `mode` and 0xffff gas, then return the success flag and W's output word. */
const callW = (mode: number) =>
  `PUSH1 ${mode} PUSH1 248 SHL PUSH0 MSTORE ` +
  `PUSH1 32 PUSH0 PUSH1 1 PUSH0 PUSH0 PUSH20 ${addr(W)} PUSH2 0xffff CALL ` +
  "PUSH0 MLOAD PUSH1 32 MSTORE PUSH0 MSTORE PUSH1 64 PUSH0 RETURN";

const accounts = (): [bigint, { code: Uint8Array; storage?: Record<string, bigint> }][] => [
  [W, { code: TOY, storage: { "0": 41n } }],
  [B, { code: asm(`PUSH2 0xb0b0 ${RETURN_TOP}`) }],
];

test("registerCodeRunner accepts only 0xEF prefixes that are not the designator and do not overlap", () => {
  assert.throws(() => registerCodeRunner(Uint8Array.of(0x00, 0x61), toy), /starts with 0xEF/);
  assert.throws(() => registerCodeRunner(Uint8Array.of(0xef), toy), /at least 2 bytes/);
  assert.throws(() => registerCodeRunner(Uint8Array.of(0xef, 0x01), toy), /EIP-7702/);
  assert.throws(() => registerCodeRunner(Uint8Array.of(0xef, 0xaa), toy), /overlaps/);
  assert.throws(() => registerCodeRunner(Uint8Array.of(0xef, 0xaa, 0x00, 0x01), toy), /overlaps/);
  assert.equal(codeRunnerFor(TOY), toy);
  assert.equal(codeRunnerFor(Uint8Array.of(0xef, 0xaa)), undefined, "shorter than the prefix");
  assert.equal(codeRunnerFor(asm("PUSH0 STOP")), undefined);
});

test("an EVM CALL into runner code: state, logs and output go through the host", () => {
  const r = run(callW(0), { accounts: accounts() });
  assert.equal(r.result.success, true);
  const out = r.result.output;
  assert.equal(bytesToBigInt(out.subarray(0, 32)), 1n, "the CALL succeeded");
  assert.equal(bytesToBigInt(out.subarray(32)), 42n, "the runner's output reached the caller's memory");
  assert.equal(r.state.getStorage(W, 0n), 42n);
  assert.deepEqual(r.evm.logs, [{ address: W, topics: [0x2an], data: word(42n) }]);
});

test("a runner's nested host.call runs EVM code in a frame loop of its own", () => {
  const r = run(callW(1), { accounts: accounts() });
  assert.equal(bytesToBigInt(r.result.output.subarray(0, 32)), 1n);
  assert.equal(bytesToBigInt(r.result.output.subarray(32)), 0xb0b0n, "B's output, through the runner");
});

test("a runner's revert and halt are rolled back by the host; a revert keeps its gas and output", () => {
  const bare = (mode: number) => exec(callW(mode).replace(/PUSH0 MLOAD.*$/, ""), { accounts: accounts() });
  const ok = bare(0);
  assert.deepEqual(ok.stack, [1n]);
  for (const mode of [0xff, 0xfe]) {
    const r = bare(mode);
    assert.equal(r.halt, undefined);
    assert.deepEqual(r.stack, [0n], "the CALL failed");
    assert.equal(r.state.getStorage(W, 0n), 41n, "the storage write was undone");
    assert.equal(r.evm.logs.length, 0, "the log was undone");
    if (mode === 0xff) {
      assert.equal(r.gasUsed, ok.gasUsed, "a revert returns the gas it did not use");
      assert.equal(r.frame.returnData[0], 0xee, "and its output");
    } else {
      assert.equal(r.gasUsed - ok.gasUsed, 0xffff - RUN_GAS, "a halt consumes all the gas it was given");
    }
  }
});

test("without a registered runner the same code is EVM code: 0xEF is an invalid opcode", () => {
  unregister();
  try {
    const r = run(callW(0), { accounts: accounts() });
    assert.equal(bytesToBigInt(r.result.output.subarray(0, 32)), 0n, "the CALL failed");
    assert.equal(r.state.getStorage(W, 0n), 41n);
  } finally {
    unregister = registerCodeRunner(PREFIX, toy);
  }
});

test("CREATE may deposit code with a registered prefix; other 0xEF code is still rejected (EIP-3541)", () => {
  const deploy = (code: Uint8Array) => {
    const initcode = asm(`PUSH4 ${bytesToHex(code)} PUSH0 MSTORE PUSH1 4 PUSH1 28 RETURN`);
    return exec(createFrom(initcode), { gas: 1_000_000 });
  };
  const created = createAddress(TARGET, 0n);
  const ok = deploy(TOY);
  assert.deepEqual(ok.stack, [created]);
  assert.deepEqual(ok.state.getCode(created), TOY);
  assert.deepEqual(deploy(Uint8Array.of(0xef, 0xf1, 0x00, 0x2a)).stack, [0n]);
  unregister();
  try {
    assert.deepEqual(deploy(TOY).stack, [0n], "no runner: rejected");
  } finally {
    unregister = registerCodeRunner(PREFIX, toy);
  }
});

test("tracers see a runner's frame and the calls it makes", () => {
  const tx = makeTx({ to: TO });
  const pre = buildPre({ accounts: [[TO, { code: asm(callW(1)) }], ...accounts()] });
  const trace = traceTransaction(pre, tx, blockEnv(), FORKS.Osaka, { tracer: "callTracer" }) as CallFrameJson;
  const w = trace.calls?.[0];
  assert.equal(w?.to, addr(W));
  assert.equal(w?.type, "CALL");
  assert.equal(w?.calls?.[0]?.to, addr(B));
  assert.equal(w?.calls?.[0]?.output, bytesToHex(word(0xb0b0n)));
  assert.equal(w?.output, bytesToHex(word(0xb0b0n)));
});
