// Tracing must not change execution: the same transactions run untraced through applyTransaction and traced
// (struct logger with every capture on, callTracer with logs, a tracer with every hook) give identical
// results: status, gas used, output, logs, error, created address and the state diff.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FORKS } from "../../src/evm/forks.js";
import { CallTracer, StructLogger, type TransactionTracer, traceWith } from "../../src/trace/index.js";
import { applyTransaction } from "../../src/tx/execute.js";
import type { Transaction } from "../../src/tx/types.js";
import { addr, blockEnv, createFrom, deployer } from "../evm/helpers.js";
import { buildPre, makeTx, TO, type TxRunOptions } from "../tx/helpers.js";
import { revertWith } from "./helpers.js";

const B = 0xbbbbn;
const C = 0xccccn;
const D = 0xddddn;

const callTo = (to: bigint, gas = "PUSH2 0xffff") =>
  `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(to)} ${gas} CALL`;

const accounts: [bigint, object][] = [
  [
    TO,
    {
      balance: 100n,
      storage: { "1": 5n },
      code: [
        "PUSH1 0xaa PUSH0 PUSH0 LOG1",
        "PUSH1 9 PUSH1 2 SSTORE PUSH0 PUSH1 1 SSTORE",
        `${callTo(B)} POP ${callTo(C)} POP ${callTo(D, "PUSH3 0x030000")} POP`,
        `${createFrom(deployer("PUSH1 1 PUSH0 SSTORE STOP"))} POP`,
        "PUSH1 3 TLOAD POP PUSH0 PUSH0 LOG0 PUSH1 1 PUSH0 RETURN",
      ].join(" "),
    },
  ],
  [B, { code: "PUSH0 PUSH0 LOG0 PUSH1 7 PUSH0 SSTORE STOP" }],
  [C, { code: `PUSH1 1 PUSH0 SSTORE ${revertWith("no")}` }],
  // D loops until it runs out of gas.
  [D, { code: "loop: JUMPDEST PUSH1 1 PUSH0 SSTORE PUSH @loop JUMP" }],
];

/** A tracer with every hook, counting events. */
class Everything implements TransactionTracer {
  readonly capture = { stack: true, memory: true, returnData: true, storage: true };
  counts = { enter: 0, exit: 0, step: 0, log: 0 };
  onEnter(): void {
    this.counts.enter++;
  }
  onExit(): void {
    this.counts.exit++;
  }
  onStep(): void {
    this.counts.step++;
  }
  onLog(): void {
    this.counts.log++;
  }
}

function check(name: string, tx: Transaction, opts: TxRunOptions): void {
  const env = blockEnv(opts.env);
  const rules = FORKS.Osaka;
  const plain = applyTransaction(buildPre(opts), tx, env, rules);
  const tracers: TransactionTracer[] = [
    new StructLogger({ enableMemory: true, enableReturnData: true }),
    new CallTracer({ withLog: true }),
    new Everything(),
  ];
  for (const tracer of tracers) {
    const traced = traceWith(buildPre(opts), tx, env, rules, tracer);
    assert.deepStrictEqual(traced, plain, `${name}: ${tracer.constructor.name}`);
  }
}

test("traced and untraced runs agree: nested calls, reverts, out of gas, creates, storage, logs", () => {
  check("busy contract", makeTx({ to: TO, gasLimit: 2_000_000n }), { accounts });
  const everything = new Everything();
  const tx = makeTx({ to: TO, gasLimit: 2_000_000n });
  const result = traceWith(buildPre({ accounts }), tx, blockEnv(), FORKS.Osaka, everything);
  assert.equal(result.status, 1);
  assert.equal(result.logs.length, 3, "LOG1, B's LOG0 and the final LOG0");
  assert.equal(everything.counts.enter, everything.counts.exit);
  assert.equal(everything.counts.enter, 5, "top call, B, C, D and the CREATE");
  assert.ok(everything.counts.step > 100);
  assert.equal(everything.counts.log, 3);
});

test("traced and untraced runs agree on failures: top-level revert, out of gas, contract creation", () => {
  check("revert", makeTx({ to: C }), { accounts });
  check("out of gas", makeTx({ to: D, gasLimit: 100_000n }), { accounts });
  check("creation", makeTx({ to: undefined, data: deployer("PUSH0 PUSH0 RETURN"), value: 1n }), { accounts });
  check("plain transfer", makeTx({ to: 0x1234n, value: 10n }), { accounts });
});
