// The random-block generator itself: reproducible, valid (executeBlock accepts every block), and actually
// producing the hard cases the differential tests rely on, checked on the sequential result (a delegated
// EOA's code ran, a destroyed CREATE2 address holds code again, in-block contracts were called, requests
// were made, transactions reverted). Also the canonical serialisation the differential tests compare.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { executeBlock } from "../../src/block/execute-block.js";
import type { BlockResult } from "../../src/block/types.js";
import { canonicalDiff, canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { bytesEqual } from "../../src/primitives/hex.js";
import { CHILD_RUNTIME } from "./contracts.js";
import { KINDS, type RandomBlock, randomBlock } from "./random-block.js";
import { getWorld } from "./world.js";

function run(rb: RandomBlock): BlockResult {
  return executeBlock(rb.block, rb.preState, rb.chainConfig);
}

describe("randomBlock", () => {
  test("is a pure function of (seed, txs, conflictRate)", async () => {
    const a = await randomBlock(5, { txs: 60, conflictRate: 0.5 });
    const b = await randomBlock(5, { txs: 60, conflictRate: 0.5 });
    assert.deepEqual(a.block, b.block);
    assert.deepEqual(a.info, b.info);
    const c = await randomBlock(6, { txs: 60, conflictRate: 0.5 });
    assert.notDeepEqual(a.block.transactions, c.block.transactions);
    assert.equal(a.block.transactions.length, 60);
    assert.equal((await randomBlock(1, { txs: 0, conflictRate: 0 })).block.transactions.length, 0);
  });

  test("conflict rate 0: no dependent episodes, every sender used once (a swap's pair excepted)", async () => {
    const dependent = new Set(KINDS.filter((k) => k.dependent).map((k) => k.kind as string));
    for (const seed of [1, 2, 3]) {
      const rb = await randomBlock(seed, { txs: 120, conflictRate: 0 });
      for (const kind of Object.keys(rb.info.kinds)) assert.ok(!dependent.has(kind), `seed ${seed}: ${kind}`);
      const txs = rb.block.transactions;
      const seen = new Map<bigint, number>();
      txs.forEach((tx, i) => {
        const previous = seen.get(tx.sender);
        // The only repeat allowed: the two adjacent transactions of one swap.
        if (previous !== undefined) assert.equal(previous, i - 1, `seed ${seed}: sender of tx ${i} reused`);
        seen.set(tx.sender, i);
      });
      run(rb);
    }
  });

  test("covers every kind and the hard cases, and every block is valid", async () => {
    const world = await getWorld();
    const kinds = new Set<string>();
    const types = new Set<number>();
    const coinbases = new Set<string>();
    const count = { ok: 0, failed: 0, zeroTip: 0, requests: 0, withdrawals: 0, recreated: 0 };
    const count2 = { delegatedCode: 0, callsToNew: 0, authorityCodes: 0 };
    for (const conflictRate of [0.1, 0.5, 1]) {
      for (const seed of [1, 2, 3, 4]) {
        const rb = await randomBlock(seed, { txs: 200, conflictRate });
        const result = run(rb);
        for (const k of Object.keys(rb.info.kinds)) kinds.add(k);
        coinbases.add(rb.info.coinbase);
        for (const tx of rb.block.transactions) {
          types.add(tx.type);
          if (tx.maxPriorityFeePerGas === 0n || (tx.type < 2 && tx.gasPrice === 1_000_000_000n))
            count.zeroTip++;
        }
        for (const r of result.receipts) r.status === 1 ? count.ok++ : count.failed++;
        if (result.requests.length > 0) count.requests++;
        if ((rb.block.withdrawals ?? []).length > 0) count.withdrawals++;
        for (const { address } of rb.info.facts.recreated) {
          const d = result.diff.get(address);
          assert.ok(d?.code && bytesEqual(d.code, CHILD_RUNTIME), `seed ${seed}: ${address} not re-created`);
          count.recreated++;
        }
        for (const { authority, target, tx } of rb.info.facts.delegatedCalls) {
          // DELEGATE_A logs LOG2(ADDRESS = the EOA, CALLER) whenever it runs as the EOA.
          if (target !== world.delegateA || result.receipts[tx]!.status !== 1) continue;
          if (result.receipts[tx]!.logs.some((l) => l.address === authority && l.topics[0] === authority))
            count2.delegatedCode++;
        }
        for (const { address, tx } of rb.info.facts.callsToNewContracts) {
          if (result.receipts[tx]!.logs.some((l) => l.address === address)) count2.callsToNew++;
        }
        for (const a of world.authorities) {
          const code = result.diff.get(a.address)?.code;
          if (code && code.length === 23) count2.authorityCodes++;
        }
      }
    }
    assert.deepEqual([...kinds].sort(), KINDS.map((k) => k.kind as string).sort());
    assert.deepEqual([...types].sort(), [0, 1, 2, 3, 4]);
    assert.ok(coinbases.size >= 4, [...coinbases].join(", "));
    for (const [k, v] of Object.entries({ ...count, ...count2 })) assert.ok(v > 0, `no ${k}`);
  });
});

describe("canonical results", () => {
  test("are independent of Map insertion order and name the first differing fact", async () => {
    const rb = await randomBlock(3, { txs: 30, conflictRate: 0.5 });
    const result = run(rb);
    const reversed = new Map([...result.diff].reverse());
    assert.equal(canonicalDiff(reversed), canonicalDiff(result.diff));

    const expected = canonicalResultLines(result);
    assert.equal(firstDifference(expected, expected), undefined);
    // One storage slot changed: the message names that account and slot.
    const [address, account] = [...result.diff].find(([, d]) => d.storage.size > 0)!;
    const [slot, value] = [...account.storage][0]!;
    const storage = new Map(account.storage).set(slot, value + 1n);
    const changed = new Map(result.diff).set(address, { ...account, storage });
    const message = firstDifference(canonicalResultLines({ ...result, diff: changed }), expected);
    assert.match(message ?? "", new RegExp(`slot 0x${slot.toString(16)} = 0x${(value + 1n).toString(16)}`));
    // A receipt's status: named by transaction index.
    const receipts = result.receipts.map((r, i) => (i === 7 ? { ...r, status: (1 - r.status) as 0 | 1 } : r));
    assert.match(
      firstDifference(canonicalResultLines({ ...result, receipts }), expected) ?? "",
      /receipt\[7\] status/,
    );
  });
});
