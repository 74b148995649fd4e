// Block-STM capacity in the EVM path, in a process of its own: executeBlockParallel recycles shared buffers
// across blocks process-wide, so after bigger blocks a small one gets larger buffers than it asks for and
// this shortage does not show. (Results are always equal: a block that runs out falls back to executeBlock.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { executeBlock } from "../../src/block/execute-block.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { executeBlockParallel } from "../../src/parallel/index.js";
import { bigIntToBytes32, concatBytes } from "../../src/primitives/hex.js";
import type { Transaction } from "../../src/tx/types.js";
import { randomBlock } from "./random-block.js";
import { getWorld } from "./world.js";

test("one storage-heavy transaction in a 2-transaction block stays on Block-STM", async () => {
  // Transaction 0 increments 200 slots and reads 200 balances (WIDE); transaction 1 is a plain transfer.
  const world = await getWorld();
  const rb = await randomBlock(1, { txs: 0, conflictRate: 0, fork: "Prague" });
  const base = {
    type: 2 as const,
    chainId: 1n,
    nonce: 0n,
    value: 0n,
    gasPrice: 0n,
    maxFeePerGas: 3_000_000_000n,
    maxPriorityFeePerGas: 1n,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    authorizationList: [],
  };
  const transactions: Transaction[] = [
    {
      ...base,
      gasLimit: 8_000_000n,
      to: world.wide,
      data: concatBytes(bigIntToBytes32(1n << 70n), bigIntToBytes32(200n)),
      sender: world.users[1]!,
    },
    { ...base, gasLimit: 21_000n, to: 0xabcdn, value: 1n, data: new Uint8Array(0), sender: world.users[2]! },
  ];
  const block = { ...rb.block, transactions };
  const expected = canonicalResultLines(executeBlock(block, rb.preState, rb.chainConfig));
  const pool = new WorkerPool({ maxThreads: 1 });
  try {
    const result = await executeBlockParallel(block, rb.preState, rb.chainConfig, {
      threads: 1,
      mode: "parallel",
      pool,
    });
    assert.equal(firstDifference(canonicalResultLines(result), expected), undefined);
    assert.equal(result.stats.mode, "parallel", result.stats.reason);
    assert.ok(result.stats.attempts > 1, "the shortage is real: capacities had to grow");
  } finally {
    await pool.close();
  }
});
