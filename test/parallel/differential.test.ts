// Differential tests of executeBlockParallel against executeBlock, the sequential reference: seeded random
// blocks (./random-block.ts) over conflict rates 0..1 and sizes 1..200, each run at 1, 2, 4 and 8 threads
// with mode "parallel" (so the size-based fallback cannot hide the Block-STM path), each run twice, and
// compared line by line: receipts (status, gas, logs, bloom), gas and blob gas used, requests, roots and
// the state diff in canonical order. Invalid blocks must raise the same InvalidBlockError on both paths.
//
// A failure names the seed, conflict rate, size and thread count; `randomBlock(seed, { txs, conflictRate })`
// rebuilds the block. LANES_SOAK=1 runs a much larger sweep (npm run soak).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { InvalidBlockError } from "../../src/block/errors.js";
import { executeBlock } from "../../src/block/execute-block.js";
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions } from "../../src/block/types.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import {
  executeBlockParallel,
  type ParallelBlockResult,
  SharedStateSnapshot,
} from "../../src/parallel/index.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import type { Transaction } from "../../src/tx/types.js";
import { type RandomBlock, randomBlock } from "./random-block.js";
import { getWorld } from "./world.js";

const SOAK = process.env.LANES_SOAK === "1";
const THREADS = [1, 2, 4, 8];
const RATES = [0, 0.1, 0.5, 1];
/** Block sizes and how many seeds of each per conflict rate. */
const SIZES: readonly { txs: number; seeds: number }[] = SOAK
  ? [
      { txs: 1, seeds: 40 },
      { txs: 2, seeds: 40 },
      { txs: 7, seeds: 30 },
      { txs: 30, seeds: 30 },
      { txs: 200, seeds: 12 },
      { txs: 600, seeds: 4 },
    ]
  : [
      { txs: 1, seeds: 3 },
      { txs: 2, seeds: 8 },
      { txs: 7, seeds: 6 },
      { txs: 30, seeds: 3 },
      { txs: 200, seeds: 1 },
    ];
/** Runs per thread count (the second checks run-to-run determinism). */
const REPEATS = SOAK ? 3 : 2;

const pool = new WorkerPool({ maxThreads: 8 });
let snapshot: SharedStateSnapshot;
let preStateFingerprint: string;

function fingerprint(state: InMemoryState): string {
  const parts: string[] = [];
  for (const [a, acc] of state.accounts) {
    parts.push(`${a}:${acc.nonce}:${acc.balance}:${acc.code.length}:${acc.storage.size}`);
    for (const [k, v] of acc.storage) parts.push(`${k}=${v}`);
  }
  return parts.join(";");
}

before(async () => {
  const world = await getWorld();
  snapshot = SharedStateSnapshot.fromState(world.preState);
  preStateFingerprint = fingerprint(world.preState);
});
after(() => pool.close());

function where(rb: RandomBlock, threads?: number, run?: number): string {
  const i = rb.info;
  const t = threads === undefined ? "" : `, ${threads} threads${run === undefined ? "" : `, run ${run + 1}`}`;
  return (
    `randomBlock(${i.seed}, { txs: ${rb.block.transactions.length}, conflictRate: ${i.conflictRate} }) ` +
    `[${i.fork}, coinbase ${i.coinbase}${t}]`
  );
}

interface Totals {
  blocks: number;
  runs: number;
  txs: number;
  executions: number;
  reExecutions: number;
  validationAborts: number;
  dependencyWaits: number;
  /** Most Block-STM attempts of one run (above 1: buffers were grown and the block re-run). */
  maxAttempts: number;
  sequentialMs: number;
  parallelMs: number;
}

const newTotals = (): Totals => ({
  blocks: 0,
  runs: 0,
  txs: 0,
  executions: 0,
  reExecutions: 0,
  validationAborts: 0,
  dependencyWaits: 0,
  maxAttempts: 0,
  sequentialMs: 0,
  parallelMs: 0,
});

/** Ancestor hashes for BLOCKHASH (DELEGATE_B reads NUMBER-1, -256 and -257), given for half the seeds. */
function blockOptions(rb: RandomBlock): ExecuteBlockOptions {
  if (rb.info.seed % 4 >= 2) return {};
  return { blockHash: (n: bigint) => (n * 0x9e3779b97f4a7c15n + 0x1234n) % (1n << 256n) };
}

function runParallel(rb: RandomBlock, threads: number): Promise<ParallelBlockResult> {
  return executeBlockParallel(rb.block, rb.preState, rb.chainConfig, {
    ...blockOptions(rb),
    threads,
    mode: "parallel",
    pool,
    snapshot,
  });
}

/** Asserts `actual` equals the reference lines, naming the first differing fact. */
function assertSame(actual: BlockResult, expected: readonly string[], context: string): void {
  const diff = firstDifference(canonicalResultLines(actual), expected);
  if (diff !== undefined) assert.fail(`${context}: parallel result differs from executeBlock\n${diff}`);
}

/** executeBlock, then executeBlockParallel at every thread count, REPEATS times each. */
async function checkBlock(rb: RandomBlock, totals: Totals): Promise<void> {
  let t0 = performance.now();
  const reference = executeBlock(rb.block, rb.preState, rb.chainConfig, blockOptions(rb));
  totals.sequentialMs += performance.now() - t0;
  const expected = canonicalResultLines(reference);
  for (const threads of THREADS) {
    for (let run = 0; run < REPEATS; run++) {
      const context = where(rb, threads, run);
      t0 = performance.now();
      const result = await runParallel(rb, threads);
      totals.parallelMs += performance.now() - t0;
      assertSame(result, expected, context);
      const s = result.stats;
      // A fallback would compare executeBlock with itself: the block must really have run on Block-STM.
      assert.equal(s.mode, "parallel", `${context}: ran ${s.mode} (${s.reason})`);
      assert.ok(s.executions >= rb.block.transactions.length, `${context}: ${s.executions} executions`);
      totals.runs++;
      totals.executions += s.executions;
      totals.reExecutions += s.reExecutions;
      totals.validationAborts += s.validationAborts;
      totals.dependencyWaits += s.dependencyWaits;
      totals.maxAttempts = Math.max(totals.maxAttempts, s.attempts);
    }
  }
  totals.blocks++;
  totals.txs += rb.block.transactions.length;
}

function report(t: { diagnostic(message: string): void }, x: Totals): void {
  t.diagnostic(
    `${x.blocks} blocks (${x.txs} txs), ${x.runs} parallel runs: ${x.executions} executions, ` +
      `${x.reExecutions} re-executions, ${x.validationAborts} validation aborts, ${x.dependencyWaits} ` +
      `dependency waits, at most ${x.maxAttempts} attempts; sequential ${x.sequentialMs.toFixed(0)} ms, parallel ${x.parallelMs.toFixed(0)} ms`,
  );
}

describe("executeBlockParallel equals executeBlock on random blocks", () => {
  for (const conflictRate of RATES) {
    test(`conflict rate ${conflictRate}`, async (t) => {
      const totals = newTotals();
      for (const { txs, seeds } of SIZES) {
        for (let s = 1; s <= seeds; s++) {
          await checkBlock(await randomBlock(s, { txs, conflictRate }), totals);
        }
      }
      report(t, totals);
    });
  }

  test("without a prebuilt snapshot, and on a fresh pool", async () => {
    const local = new WorkerPool({ maxThreads: 4 });
    try {
      for (const [seed, conflictRate] of [
        [11, 0.1],
        [12, 1],
      ] as const) {
        const rb = await randomBlock(seed, { txs: 60, conflictRate });
        const expected = canonicalResultLines(executeBlock(rb.block, rb.preState, rb.chainConfig));
        for (const threads of [2, 4]) {
          const result = await executeBlockParallel(rb.block, rb.preState, rb.chainConfig, {
            threads,
            mode: "parallel",
            pool: local,
          });
          assertSame(result, expected, where(rb, threads));
          assert.equal(result.stats.mode, "parallel", `${where(rb, threads)}: ${result.stats.reason}`);
        }
      }
    } finally {
      await local.close();
    }
  });

  test("the shared pre-state is never mutated", async () => {
    const world = await getWorld();
    assert.equal(fingerprint(world.preState), preStateFingerprint);
  });
});

// --- invalid blocks ------------------------------------------------------------------------------------

interface Rejection {
  name: string;
  kind: string;
  code: string;
  txIndex: number | undefined;
  message: string;
}

function rejection(e: unknown, context: string): Rejection {
  assert.ok(e instanceof InvalidBlockError, `${context}: expected InvalidBlockError, got ${String(e)}`);
  return { name: e.name, kind: e.kind, code: e.code, txIndex: e.txIndex, message: e.message };
}

function sequentialRejection(block: Block, preState: InMemoryState, config: ChainConfig): Rejection {
  try {
    executeBlock(block, preState, config);
  } catch (e) {
    return rejection(e, "executeBlock");
  }
  assert.fail("executeBlock accepted the invalid block");
}

async function parallelRejection(
  block: Block,
  preState: InMemoryState,
  config: ChainConfig,
  threads: number,
): Promise<Rejection> {
  try {
    await executeBlockParallel(block, preState, config, { threads, mode: "parallel", pool, snapshot });
  } catch (e) {
    return rejection(e, `executeBlockParallel (${threads} threads)`);
  }
  assert.fail(`executeBlockParallel (${threads} threads) accepted the invalid block`);
}

/** A valid random block with transaction `index` replaced (and later ones kept as they are). */
async function withTx(
  seed: number,
  index: number,
  change: (tx: Transaction, rb: RandomBlock) => Transaction,
): Promise<RandomBlock> {
  const rb = await randomBlock(seed, { txs: 40, conflictRate: 0.5, fork: "Prague" });
  const txs = [...rb.block.transactions];
  txs[index] = change(txs[index]!, rb);
  return { ...rb, block: { ...rb.block, transactions: txs } };
}

describe("invalid blocks raise the same InvalidBlockError on both paths", () => {
  const cases: { name: string; expect: Partial<Rejection>; make: () => Promise<RandomBlock> }[] = [
    {
      name: "nonce too low",
      expect: { kind: "TransactionException", code: "NONCE_MISMATCH_TOO_LOW", txIndex: 23 },
      // Transaction 23 re-uses transaction 3's sender and nonce.
      make: () =>
        withTx(31, 23, (tx, rb) => {
          const earlier = rb.block.transactions[3]!;
          return { ...tx, sender: earlier.sender, nonce: earlier.nonce };
        }),
    },
    {
      name: "nonce too high",
      expect: { kind: "TransactionException", code: "NONCE_MISMATCH_TOO_HIGH", txIndex: 17 },
      make: () => withTx(32, 17, (tx) => ({ ...tx, nonce: tx.nonce + 5n })),
    },
    {
      name: "insufficient funds",
      expect: { kind: "TransactionException", code: "INSUFFICIENT_ACCOUNT_FUNDS", txIndex: 30 },
      make: () => withTx(33, 30, (tx) => ({ ...tx, value: 10n ** 30n })),
    },
    {
      name: "sender is a contract",
      expect: { kind: "TransactionException", code: "SENDER_NOT_EOA", txIndex: 12 },
      make: async () => {
        const world = await getWorld();
        return withTx(34, 12, (tx) => ({ ...tx, sender: world.probe, nonce: 1n }));
      },
    },
    {
      name: "intrinsic gas too low",
      expect: { kind: "TransactionException", txIndex: 25 },
      make: () => withTx(35, 25, (tx) => ({ ...tx, gasLimit: 20_000n })),
    },
    {
      name: "block gas limit exceeded",
      expect: { kind: "TransactionException", code: "GAS_ALLOWANCE_EXCEEDED" },
      make: async () => {
        const rb = await randomBlock(36, { txs: 40, conflictRate: 0.5, fork: "Prague" });
        const receipts = executeBlock(rb.block, rb.preState, rb.chainConfig).receipts;
        // Just too little gas left for transaction 29's gas limit after the first 29 used theirs.
        const gasLimit = receipts[28]!.cumulativeGasUsed + rb.block.transactions[29]!.gasLimit - 1n;
        return { ...rb, block: { ...rb.block, header: { ...rb.block.header, gasLimit } } };
      },
    },
    {
      name: "malformed deposit event (a block exception after execution)",
      expect: { kind: "BlockException", code: "INVALID_DEPOSIT_EVENT_LAYOUT", txIndex: undefined },
      make: async () => {
        const world = await getWorld();
        return withTx(37, 20, (tx) => ({
          ...tx,
          to: world.depositLogger,
          value: 0n,
          data: new Uint8Array(100).fill(1),
          gasLimit: 200_000n,
          type: 2,
          authorizationList: [],
          blobVersionedHashes: [],
          maxFeePerBlobGas: 0n,
          maxFeePerGas: 3_000_000_000n,
          maxPriorityFeePerGas: 1n,
        }));
      },
    },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const rb = await c.make();
      const expected = sequentialRejection(rb.block, rb.preState, rb.chainConfig);
      for (const [key, value] of Object.entries(c.expect)) {
        assert.equal(expected[key as keyof Rejection], value, `executeBlock's ${key}: ${expected.message}`);
      }
      for (const threads of [1, 2, 4]) {
        const actual = await parallelRejection(rb.block, rb.preState, rb.chainConfig, threads);
        assert.deepEqual(actual, expected, `${where(rb, threads)}: rejection differs`);
      }
    });
  }
});

// --- exact spends --------------------------------------------------------------------------------------

/**
 * The fee recipient and the block's most-paid plain recipient each send, in a transaction appended to a
 * random block, exactly the balance they end the block with (fee credits and incoming transfers included),
 * at zero priority fee; one wei more must be rejected identically. The appended transaction's validity
 * depends on every credit before it, deferred or not.
 */
describe("accounts that spend exactly what the block gave them", () => {
  const GAS_PRICE = 1_000_000_000n; // the base fee of every random block: no tip

  function mostPaid(rb: RandomBlock): bigint | undefined {
    const paid = new Map<bigint, number>();
    for (const tx of rb.block.transactions) {
      if (tx.to === undefined || tx.value === 0n || tx.data.length > 0) continue;
      paid.set(tx.to, (paid.get(tx.to) ?? 0) + 1);
    }
    let best: bigint | undefined;
    for (const [to, n] of paid) if (best === undefined || n > paid.get(best)!) best = to;
    return best;
  }

  function sweep(rb: RandomBlock, from: bigint, nonce: bigint, value: bigint): RandomBlock {
    const tx: Transaction = {
      type: 2,
      chainId: 1n,
      nonce,
      gasLimit: 21_000n,
      to: 0x5eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeen,
      value,
      data: new Uint8Array(0),
      gasPrice: 0n,
      maxFeePerGas: GAS_PRICE,
      maxPriorityFeePerGas: 0n,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
      sender: from,
    };
    const header = { ...rb.block.header, gasLimit: rb.block.header.gasLimit + tx.gasLimit };
    return { ...rb, block: { ...rb.block, header, transactions: [...rb.block.transactions, tx] } };
  }

  for (const conflictRate of [0.5, 1]) {
    test(`conflict rate ${conflictRate}`, async (t) => {
      let swept = 0;
      for (let seed = 1; seed <= 4; seed++) {
        // Without withdrawals: they are credited after the transactions.
        const random = await randomBlock(seed, { txs: 40, conflictRate });
        const rb = { ...random, block: { ...random.block, withdrawals: [] } };
        const reference = executeBlock(rb.block, rb.preState, rb.chainConfig, blockOptions(rb));
        for (const who of [rb.block.header.coinbase, mostPaid(rb)]) {
          if (who === undefined) continue;
          const after = reference.diff.has(who)
            ? reference.diff.get(who)!.account
            : rb.preState.getAccount(who);
          const code = reference.diff.get(who)?.code ?? rb.preState.getCode(who);
          const fee = 21_000n * GAS_PRICE;
          // Contracts cannot send (EIP-3607); a 7702 designator (23 bytes) can.
          if (after === undefined || after.balance < fee || (code.length > 0 && code.length !== 23)) continue;
          const exact = sweep(rb, who, after.nonce, after.balance - fee);
          const expected = canonicalResultLines(
            executeBlock(exact.block, exact.preState, exact.chainConfig, blockOptions(exact)),
          );
          const over = sweep(rb, who, after.nonce, after.balance - fee + 1n);
          const rejected = sequentialRejection(over.block, over.preState, over.chainConfig);
          assert.equal(rejected.code, "INSUFFICIENT_ACCOUNT_FUNDS");
          for (const threads of [2, 4]) {
            const result = await runParallel(exact, threads);
            assertSame(result, expected, `${where(exact, threads)} + sweep of ${who.toString(16)}`);
            assert.equal(result.stats.mode, "parallel", result.stats.reason);
            const actual = await parallelRejection(over.block, over.preState, over.chainConfig, threads);
            assert.deepEqual(actual, rejected);
          }
          swept++;
        }
      }
      t.diagnostic(`${swept} exact sweeps`);
      assert.ok(swept >= 3, `only ${swept} sweeps`);
    });
  }
});
