// Issue 12 item 2, alternative (b) "a small-value fast path": how small are the words the hot opcodes see
// in real contracts? A step tracer classifies, before each stack-only arithmetic, comparison and bitwise
// opcode (the ones the interpreter runs inline), whether all its operands are below 2^32 or 2^53, and
// counts the opcodes. Run over the bench:evm contracts (one transaction each) and the first transactions of
// the `lanes bench` block workloads. Counts, not times: the tracer makes execution slow.
//
// Usage: node dist/bench/evm/word-census.js [--txs 200]
import { BlockExecution } from "../../src/block/block-execution.js";
import type { Evm } from "../../src/evm/evm.js";
import { getForkRules } from "../../src/evm/forks.js";
import type { Frame } from "../../src/evm/frame.js";
import { opcodeTable } from "../../src/evm/opcodes.js";
import type { TraceHooks } from "../../src/evm/tracing/hooks.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { applyTransaction } from "../../src/tx/execute.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { lanesBlock, type WorkloadId } from "../../tools/workloads/types.js";
import { benchContracts, CONTRACT, SENDER } from "./contracts.js";
import { LOOP_OPCODES } from "./word-core/load.js";

const TWO_32 = 1n << 32n;
const TWO_53 = 1n << 53n;
const TABLE = opcodeTable(getForkRules("Cancun"));
const NAMES = TABLE.names;

/** Opcode -> operand count, for the stack-only opcodes a number lane would serve. */
const HOT = new Map<number, number>([
  [0x01, 2], // ADD
  [0x02, 2], // MUL
  [0x03, 2], // SUB
  [0x04, 2], // DIV
  [0x06, 2], // MOD
  [0x08, 3], // ADDMOD
  [0x09, 3], // MULMOD
  [0x0a, 2], // EXP
  [0x10, 2], // LT
  [0x11, 2], // GT
  [0x12, 2], // SLT
  [0x13, 2], // SGT
  [0x14, 2], // EQ
  [0x15, 1], // ISZERO
  [0x16, 2], // AND
  [0x17, 2], // OR
  [0x18, 2], // XOR
  [0x19, 1], // NOT
  [0x1b, 2], // SHL
  [0x1c, 2], // SHR
]);

class Census implements TraceHooks {
  steps = 0;
  hot = 0;
  small32 = 0;
  small53 = 0;
  /** PUSH1..32, DUP, SWAP, POP: a reference copy with bigint words, a 32-byte copy with limbs. */
  moves = 0;
  /** Everything else (memory, storage, environment, calls, hashing...): opcodes whose words cross into JS. */
  boundary = 0;
  /** Stack words the boundary opcodes read: each a limbs-to-bigint conversion with a limb stack. */
  boundaryWords = 0;
  readonly perOp = new Map<number, { n: number; small53: number }>();
  /** Consecutive executed steps the whole-loop prototype would run without returning to JS. */
  private run = 0;
  /** Exits from such runs to JS (one per host-facing opcode), and the steps in runs of 32 or more. */
  exits = 0;
  longRunSteps = 0;
  loopSteps = 0;

  private endRun(): void {
    if (this.run >= 32) this.longRunSteps += this.run;
    this.loopSteps += this.run;
    this.run = 0;
  }

  attach(evm: Evm): void {
    evm.tracer = this;
    evm.stepTracer = this;
  }
  step(f: Frame, _pc: number, op: number, _gas: number, sp: number): void {
    this.steps++;
    if (LOOP_OPCODES.includes(op)) this.run++;
    else {
      this.endRun();
      this.exits++;
    }
    const k = HOT.get(op);
    if (k === undefined) {
      if ((op >= 0x60 && op <= 0x9f) || op === 0x50) this.moves++;
      else if (op !== 0x56 && op !== 0x57 && op !== 0x5b && op !== 0x5f) {
        // (JUMP, JUMPI, JUMPDEST and PUSH0 need no bigint either way)
        this.boundary++;
        this.boundaryWords += TABLE.minStack[op]!;
      }
      return;
    }
    this.hot++;
    let max = 0n;
    for (let i = 1; i <= k; i++) {
      const v = f.stack[sp - i]!;
      if (v > max) max = v;
    }
    if (max < TWO_32) this.small32++;
    if (max < TWO_53) this.small53++;
    let row = this.perOp.get(op);
    if (row === undefined) this.perOp.set(op, (row = { n: 0, small53: 0 }));
    row.n++;
    if (max < TWO_53) row.small53++;
  }
  end(): void {
    this.endRun();
  }
  fault(): void {}
  enterCall(): void {}
  exitCall(): void {}
  enterCreate(): void {}
  exitCreate(): void {}
  selfdestruct(): void {}

  report(name: string): void {
    const pct = (x: number, of = this.hot) => `${((100 * x) / Math.max(1, of)).toFixed(0)}%`;
    const top = [...this.perOp.entries()]
      .sort((a, b) => b[1].n - a[1].n)
      .slice(0, 6)
      .map(
        ([op, r]) => `${NAMES[op]} ${((100 * r.n) / this.steps).toFixed(0)}% (${pct(r.small53, r.n)} small)`,
      )
      .join(", ");
    this.endRun();
    const share = (x: number) => `${((100 * x) / this.steps).toFixed(0)}%`;
    const perExit = this.loopSteps / Math.max(1, this.exits);
    const longShare = ((100 * this.longRunSteps) / Math.max(1, this.loopSteps)).toFixed(0);
    process.stdout.write(
      `${name.padEnd(16)} steps ${String(this.steps).padStart(9)}  hot ${share(this.hot).padStart(4)} of steps, operands <2^32 ${pct(this.small32).padStart(4)}  <2^53 ${pct(this.small53).padStart(4)}; moves ${share(this.moves)}; other ${share(this.boundary)} (${(this.boundaryWords / Math.max(1, this.boundary)).toFixed(1)} stack words read each)\n    whole-loop prototype: ${perExit.toFixed(1)} steps in WebAssembly per exit to JS; ${longShare}% of its steps in runs of 32 or more\n    by opcode (share of steps, operands <2^53): ${top}\n`,
    );
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const RULES = getForkRules("Cancun");
const ENV = {
  chainId: 1n,
  number: 20_000_000n,
  timestamp: 1_720_000_000n,
  coinbase: 0xc014ba5en,
  gasLimit: 1_000_000_000n,
  baseFee: 7n,
  prevRandao: 0n,
  blobBaseFee: 1n,
  blockHash: () => 0n,
};

process.stdout.write("bench:evm contracts (scale 0.1), one transaction each:\n");
for (const c of benchContracts(0.1)) {
  const state = new InMemoryState();
  state.putAccount(SENDER, { balance: 10n ** 27n });
  state.putAccount(CONTRACT, { code: c.code, storage: c.storage });
  const census = new Census();
  applyTransaction(
    state,
    {
      type: 2,
      chainId: 1n,
      nonce: 0n,
      gasLimit: c.gasLimit,
      to: CONTRACT,
      value: 0n,
      data: c.calldata,
      gasPrice: 0n,
      maxFeePerGas: 7n,
      maxPriorityFeePerGas: 0n,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
      sender: SENDER,
    },
    ENV,
    RULES,
    { tracer: census },
  );
  census.report(c.name);
}

const txs = arg("--txs", 200);
process.stdout.write(
  `\nlanes bench workloads, ${txs} transactions each (the block executor's steps, traced):\n`,
);
for (const id of ["erc20-transfer", "uniswap-v2-swap", "erc721-mint"] as WorkloadId[]) {
  const w = await buildWorkload(id, 1, { txs });
  const block = lanesBlock(w);
  const run = new BlockExecution(block, w.preState, w.chainConfig, {});
  const census = new Census();
  block.transactions.forEach((tx, i) => {
    run.checkAllowance(i, tx);
    run.addTransaction(tx, applyTransaction(run.state, tx, run.env, run.rules, { tracer: census }));
  });
  census.report(id);
}
