// End-to-end determinism of the Block-STM core on synthetic blocks: for many seeds and conflict rates from
// 0% to 100%, the parallel run at 1, 2, 4 and 8 workers must give exactly the sequential reference's
// per-transaction outputs, per-transaction write sets and final state. LANES_SOAK=1 runs many more seeds and
// larger blocks (minutes); the default run stays in the tens of seconds on 2 cores.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonical, runSynthetic } from "./harness.js";
import { runSequential } from "./synthetic-vm.js";
import { generateBlock } from "./synthetic-workload.js";

const SOAK = process.env.LANES_SOAK === "1";
const THREADS = [1, 2, 4, 8];
const RATES = [0, 0.02, 0.1, 0.3, 0.6, 1];
const SEEDS = SOAK ? 40 : 6;
const TX_COUNTS = SOAK ? [1, 7, 64, 400, 1500] : [1, 40, 300, 800];

const pool = new WorkerPool({ maxThreads: 8 });
after(() => pool.close());

describe("parallel result equals the sequential reference", () => {
  for (const p of RATES) {
    test(`conflict rate ${p}`, async (t) => {
      let blocks = 0;
      const totals = { executions: 0, reExecutions: 0, aborts: 0, waits: 0, txs: 0 };
      for (let s = 0; s < SEEDS; s++) {
        for (const txCount of TX_COUNTS) {
          const seed = 1000 * s + txCount + Math.round(p * 100);
          const block = generateBlock({ txCount, conflictRate: p, seed, work: s % 2 === 0 ? 0 : 20 });
          const expected = canonical(runSequential(block));
          for (const threads of THREADS) {
            const { result, observed } = await runSynthetic(pool, block, threads);
            assert.deepEqual(observed, expected, `seed ${seed}, ${txCount} txs, ${threads} threads`);
            const m = result.metrics;
            assert.ok(m.executions >= txCount && m.validations >= txCount);
            assert.equal(m.perThread.length, Math.min(threads, txCount));
            totals.executions += m.executions;
            totals.reExecutions += m.reExecutions;
            totals.aborts += m.validationAborts;
            totals.waits += m.dependencyWaits;
            totals.txs += txCount;
            blocks++;
          }
        }
      }
      if (p === 0) {
        // No shared location at all: nothing can ever be aborted or wait.
        assert.equal(totals.reExecutions + totals.aborts + totals.waits, 0);
        assert.equal(totals.executions, totals.txs);
      }
      t.diagnostic(
        `${blocks} blocks, ${totals.txs} txs, ${totals.executions} executions, ${totals.reExecutions} ` +
          `re-executions, ${totals.aborts} validation aborts, ${totals.waits} dependency waits`,
      );
    });
  }

  test("transactions that throw: outputs and dropped writes match", async () => {
    for (let s = 0; s < SEEDS; s++) {
      for (const p of [0.1, 0.7]) {
        const block = generateBlock({ txCount: 200, conflictRate: p, seed: 77 + s, failRate: 0.3 });
        const expected = canonical(runSequential(block));
        assert.ok(expected.failed.some((f) => f));
        for (const threads of [2, 4]) {
          const { observed } = await runSynthetic(pool, block, threads);
          assert.deepEqual(observed, expected, `seed ${77 + s}, rate ${p}, ${threads} threads`);
        }
      }
    }
  });

  test("random pauses inside transactions (many interleavings on few cores)", async () => {
    for (let s = 0; s < SEEDS; s++) {
      for (const p of [0.05, 0.3, 1]) {
        const block = generateBlock({
          txCount: 150,
          conflictRate: p,
          seed: 500 + s,
          jitter: 0.2,
          failRate: 0.1,
        });
        const expected = canonical(runSequential(block));
        for (const threads of [2, 4, 8]) {
          const { observed } = await runSynthetic(pool, block, threads);
          assert.deepEqual(observed, expected, `seed ${500 + s}, rate ${p}, ${threads} threads`);
        }
      }
    }
  });

  test("the same block repeated on a reused pool gives the same result every time", async () => {
    const block = generateBlock({ txCount: 300, conflictRate: 0.5, seed: 4242, work: 10 });
    const expected = canonical(runSequential(block));
    for (let r = 0; r < (SOAK ? 50 : 8); r++) {
      const { observed } = await runSynthetic(pool, block, 1 + (r % 8));
      assert.deepEqual(observed, expected);
    }
  });

  test("an empty block", async () => {
    const block = generateBlock({ txCount: 0, conflictRate: 0, seed: 1 });
    const { result } = await runSynthetic(pool, block, 4);
    assert.equal(result.outputs.length, 0);
    assert.equal(result.metrics.executions, 0);
  });
});
