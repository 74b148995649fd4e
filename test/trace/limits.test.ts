// Trace output bounds: past maxBytes both tracers throw TraceLimitError, and the run stops there (the error
// goes through the interpreter, which catches only EVM halts), long before the transaction's gas runs out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FORKS } from "../../src/evm/forks.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { TraceLimitError, traceCall } from "../../src/trace/index.js";
import { asm, blockEnv } from "../evm/helpers.js";

const TO = 0xc0den;

function state(code: Uint8Array): InMemoryState {
  const s = new InMemoryState();
  s.putAccount(TO, { code });
  return s;
}

test("the struct logger stops at maxBytes with TraceLimitError, early", () => {
  const s = state(asm(`${"PUSH0 ".repeat(1000)} loop: JUMPDEST PUSH2 @loop JUMP`));
  const start = performance.now();
  assert.throws(
    () => traceCall(s, { to: TO, gas: 30_000_000n }, blockEnv(), FORKS.Prague, { maxBytes: 200_000 }),
    (e: unknown) => e instanceof TraceLimitError && /exceeds 200000 bytes/.test(e.message),
  );
  // 30M gas of this loop is 7.5M steps of 1,000 stack words; stopping early is what keeps this fast.
  assert.ok(performance.now() - start < 20_000);
  const ok = traceCall(s, { to: TO, gas: 30_000_000n }, blockEnv(), FORKS.Prague, {
    maxBytes: 200_000,
    limit: 5,
  });
  assert.equal((ok as { structLogs: unknown[] }).structLogs.length, 5);
});

test("the callTracer stops at maxBytes with TraceLimitError", () => {
  // Calls the identity precompile with 4 KB of input until out of gas.
  const s = state(
    asm("loop: JUMPDEST PUSH0 PUSH0 PUSH2 4096 PUSH0 PUSH1 4 GAS STATICCALL POP PUSH2 @loop JUMP"),
  );
  assert.throws(
    () =>
      traceCall(s, { to: TO, gas: 5_000_000n }, blockEnv(), FORKS.Prague, {
        tracer: "callTracer",
        maxBytes: 100_000,
      }),
    (e: unknown) => e instanceof TraceLimitError,
  );
  const full = traceCall(s, { to: TO, gas: 100_000n }, blockEnv(), FORKS.Prague, { tracer: "callTracer" });
  assert.ok(((full as { calls?: unknown[] }).calls?.length ?? 0) > 1);
});
