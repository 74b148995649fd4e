// Auto mode keeps what Block-STM committed: when an output the parallel path does not model turns up in the
// middle of a block (here: a transaction deleting an account that has pre-block storage), the transactions
// before it are folded from the workers' outputs and the block continues sequentially from it on the main
// thread, with a result equal to executeBlock's. A forced parallel run keeps the old behaviour (the whole
// block re-run sequentially), so the differential suites still see a fallback as a fallback.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { executeBlock } from "../../src/block/execute-block.js";
import type { Block } from "../../src/block/types.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { conflictHistory } from "../../src/parallel/conflict-history.js";
import { executeBlockParallel } from "../../src/parallel/execute-block-parallel.js";
import { ETHER, signTx } from "../../tools/workloads/chain.js";
import { account } from "../../tools/workloads/keys.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { lanesBlock } from "../../tools/workloads/types.js";

const pool = new WorkerPool({ maxThreads: 2 });
after(() => pool.close());

const TXS = 120;
const AT = 70;

/** An ERC-20 block with, at index AT, a zero-value call that touches (and so deletes) an empty account with storage. */
async function blockWithUnmodelledTx(): Promise<{
  block: Block;
  w: Awaited<ReturnType<typeof buildWorkload>>;
}> {
  const w = await buildWorkload("erc20-transfer", 3, { txs: TXS });
  const payer = account(3, "partial-commit-payer", 0);
  const target = 0x7610_7610_7610_7610_7610_7610_7610_7610_7610_7610n;
  w.preState.putAccount(payer.address, { balance: ETHER });
  w.preState.putAccount(target, { storage: new Map([[1n, 42n]]) });
  const touch = signTx({ from: payer, nonce: 0n, to: target, value: 0n, gasLimit: 100_000n }).tx;
  const block = lanesBlock(w);
  const txs = [...block.transactions];
  txs.splice(AT, 0, touch);
  return { block: { ...block, transactions: txs }, w };
}

test("auto mode: the prefix before an unmodelled transaction is kept, the rest runs sequentially, exactly", async () => {
  const { block, w } = await blockWithUnmodelledTx();
  const expected = executeBlock(block, w.preState, w.chainConfig);
  // The touched account is gone in the reference, so the case is the one the parallel path does not model.
  assert.equal(expected.diff.get(0x7610_7610_7610_7610_7610_7610_7610_7610_7610_7610n)?.account, undefined);
  conflictHistory.clear();
  const got = await executeBlockParallel(block, w.preState, w.chainConfig, { threads: 2, pool });
  const difference = firstDifference(canonicalResultLines(got), canonicalResultLines(expected));
  assert.equal(difference, undefined, difference);
  assert.equal(got.stats.mode, "parallel", got.stats.reason);
  assert.equal(got.stats.sequentialFrom, AT, got.stats.reason);
  assert.match(
    got.stats.reason,
    /^partial: txs 0-69 from Block-STM, 70-120 sequential \(.*pre-block storage/,
  );
});

test("forced parallel mode still re-runs the whole block sequentially on such a transaction", async () => {
  const { block, w } = await blockWithUnmodelledTx();
  const expected = canonicalResultLines(executeBlock(block, w.preState, w.chainConfig));
  const got = await executeBlockParallel(block, w.preState, w.chainConfig, {
    threads: 2,
    pool,
    mode: "parallel",
  });
  assert.equal(firstDifference(canonicalResultLines(got), expected), undefined);
  assert.equal(got.stats.mode, "sequential");
  assert.equal(got.stats.sequentialFrom, undefined);
  assert.match(got.stats.reason, /^fallback: .*pre-block storage/);
});

test("auto mode on one-pool swaps (a block that stops on conflicts) equals executeBlock, prefix kept or not", async (t) => {
  // Every swap reads and writes the pool's reserves, so Block-STM stops on conflicts early in the block and
  // continues sequentially from its committed prefix. Whether (and where) it stops depends on timing; the
  // result must equal the reference every time, and a stop must be reported as a partial block.
  const w = await buildWorkload("uniswap-v2-one-pool", 5, { txs: 300 });
  const block = lanesBlock(w);
  const expected = canonicalResultLines(executeBlock(block, w.preState, w.chainConfig));
  let partials = 0;
  for (let run = 0; run < 3; run++) {
    conflictHistory.clear(); // else the history sends the block straight to sequential
    const got = await executeBlockParallel(block, w.preState, w.chainConfig, { threads: 2, pool });
    const difference = firstDifference(canonicalResultLines(got), expected);
    assert.equal(difference, undefined, `run ${run}: ${difference} (${got.stats.reason})`);
    if (got.stats.sequentialFrom !== undefined) {
      partials++;
      assert.ok(got.stats.sequentialFrom < block.transactions.length);
      assert.match(got.stats.reason, /^partial: .*stopped on conflicts/);
    }
  }
  t.diagnostic(`${partials} of 3 runs stopped on conflicts and kept their prefix`);
});
