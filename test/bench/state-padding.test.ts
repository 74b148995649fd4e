// `lanes bench --state-accounts N`: the padding adds exactly N idle accounts with 2 slots each on average,
// deterministically, and the block's receipts do not change (only the state root does).
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadSource, type WorkloadSource } from "../../bench/harness/source.js";
import { executeBlock } from "../../src/block/execute-block.js";
import { paddingAddress } from "../../tools/workloads/state-padding.js";
import { lanesBlock } from "../../tools/workloads/types.js";

test("padding adds N idle accounts with proportionate storage; the block's receipts are unchanged", async () => {
  const base: WorkloadSource = {
    kind: "workload",
    id: "erc20-transfer",
    seed: 1,
    size: { txs: 20 },
    stateAccounts: 0,
  };
  const plain = await loadSource(base);
  const padded = await loadSource({ ...base, stateAccounts: 1000 });
  assert.equal(padded.preState.accounts.size, plain.preState.accounts.size + 1000);
  let slots = 0;
  for (let i = 0; i < 1000; i++) slots += padded.preState.accounts.get(paddingAddress(i))!.storage.size;
  assert.equal(slots, 2000);
  assert.equal(padded.shape.addedStateAccounts, 1000);
  const a = executeBlock(lanesBlock(plain), plain.preState, plain.chainConfig);
  const b = executeBlock(lanesBlock(padded), padded.preState, padded.chainConfig);
  assert.deepEqual(
    b.receipts.map((r) => [r.status, r.cumulativeGasUsed]),
    a.receipts.map((r) => [r.status, r.cumulativeGasUsed]),
  );
  assert.deepEqual(b.receiptsRoot, a.receiptsRoot);
  assert.notDeepEqual(b.stateRoot, a.stateRoot);
  // Deterministic: the same N gives the same state root.
  const again = await loadSource({ ...base, stateAccounts: 1000 });
  assert.deepEqual(again.preState.stateRoot(), padded.preState.stateRoot());
});
