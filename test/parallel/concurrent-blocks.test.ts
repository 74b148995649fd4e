// Two executeBlockParallel calls in flight at once on the process-wide (default) pool: both must run on
// Block-STM (the pool queues the second block; it used to be refused, and that block silently ran
// sequentially) and both must give exactly the sequential result.
import assert from "node:assert/strict";
import { test } from "node:test";
import { executeBlock } from "../../src/block/execute-block.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { executeBlockParallel } from "../../src/parallel/index.js";
import { randomBlock } from "./random-block.js";

test("concurrent executeBlockParallel calls on the default pool are queued and both run in parallel", async () => {
  const blocks = await Promise.all([
    randomBlock(11, { txs: 40, conflictRate: 0.1 }),
    randomBlock(12, { txs: 40, conflictRate: 0.5 }),
    randomBlock(13, { txs: 40, conflictRate: 0 }),
  ]);
  const results = await Promise.all(
    blocks.map((rb) =>
      executeBlockParallel(rb.block, rb.preState, rb.chainConfig, { threads: 2, mode: "parallel" }),
    ),
  );
  for (let i = 0; i < blocks.length; i++) {
    const rb = blocks[i]!;
    const got = results[i]!;
    assert.equal(got.stats.mode, "parallel", `block ${i}: ${got.stats.reason}`);
    const want = executeBlock(rb.block, rb.preState, rb.chainConfig);
    const diff = firstDifference(canonicalResultLines(want), canonicalResultLines(got));
    assert.equal(diff, undefined, `block ${i}: ${diff}`);
  }
});
