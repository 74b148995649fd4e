// Interval mining (--block-time) with many senders: the pool collects transactions, one block takes them
// all, executeBlockParallel runs it in parallel mode, and the stats and the restart state-root check agree.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_MNEMONIC, devAccounts } from "../../src/node/index.js";
import { addressToHex, bytesToHex } from "../../src/primitives/hex.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import { call, startTestNode, tempDir } from "../../tools/node-client.js";

describe("lanes node: a large block on the parallel executor", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  const accounts = devAccounts(DEFAULT_MNEMONIC, 10);
  const lines: string[] = [];

  before(async () => {
    // A block time far beyond the test: blocks come only from evm_mine.
    running = await startTestNode(dir.path, { blockTime: 3_600_000, threads: 2, log: (l) => lines.push(l) });
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  /** Pools 40 transfers (nonces from..from+3 of each sender) and returns their hashes. */
  async function poolTransfers(url: string, from: bigint): Promise<string[]> {
    const hashes: string[] = [];
    for (let nonce = from; nonce < from + 4n; nonce++) {
      for (const [i, a] of accounts.entries()) {
        const to = accounts[(i + 1) % accounts.length]!.address;
        const signed = signTransaction(
          {
            type: 2,
            chainId: 31337n,
            nonce,
            // Above the fallback policy's light-transaction threshold (25,000 on average), so the block
            // runs on Block-STM; each account is paid by four others (hot-recipient deltas).
            gasLimit: 30_000n,
            to,
            value: 1_000n,
            data: new Uint8Array(0),
            gasPrice: 0n,
            maxFeePerGas: 10n ** 10n,
            maxPriorityFeePerGas: BigInt(i + 1),
            accessList: [],
            maxFeePerBlobGas: 0n,
            blobVersionedHashes: [],
            authorizationList: [],
          },
          a.privateKey,
        );
        hashes.push((await call(url, "eth_sendRawTransaction", [bytesToHex(signed.raw)])) as string);
      }
    }
    return hashes;
  }

  it("mines 40 pooled transfers from 10 senders in one parallel block", async () => {
    const url = running.url;
    const hashes = await poolTransfers(url, 0n);
    assert.deepEqual(await call(url, "txpool_status"), { pending: "0x28", queued: "0x0" });
    assert.equal(
      await call(url, "eth_getTransactionReceipt", [hashes[0]]),
      null,
      "not mined before evm_mine",
    );
    await call(url, "evm_mine");
    const block = (await call(url, "eth_getBlockByNumber", ["latest", true])) as {
      number: string;
      transactions: { hash: string; maxPriorityFeePerGas: string }[];
    };
    assert.equal(block.transactions.length, 40);
    // Highest tip first: the first transaction is from the sender paying tip 10.
    assert.equal(block.transactions[0]!.maxPriorityFeePerGas, "0xa");
    for (const h of hashes) {
      assert.equal(((await call(url, "eth_getTransactionReceipt", [h])) as { status: string }).status, "0x1");
    }
    const stats = (await call(url, "lanes_getBlockStats", [block.number])) as Record<string, unknown>;
    assert.equal(stats.txCount, 40);
    assert.equal(stats.mode, "parallel", JSON.stringify(stats));
    assert.ok((stats.executions as number) >= 40);
    assert.ok(lines.some((l) => l.startsWith(`block ${BigInt(block.number)} `) && l.includes("txs=40")));
    // Each sender paid 4 * 1000 and received 4 * 1000, minus fees: nonces are all 4.
    for (const a of accounts) {
      assert.equal(await call(url, "eth_getTransactionCount", [addressToHex(a.address), "latest"]), "0x4");
    }
    // A second parallel block runs on the shared head snapshot updated in place with the first block's
    // diff: a stale snapshot would see old nonces, fail the transactions and fall back to sequential.
    const second = await poolTransfers(url, 4n);
    await call(url, "evm_mine");
    const next = (await call(url, "eth_getBlockByNumber", ["latest", false])) as { number: string };
    const nextStats = (await call(url, "lanes_getBlockStats", [next.number])) as Record<string, unknown>;
    assert.equal(nextStats.mode, "parallel", JSON.stringify(nextStats));
    for (const h of second) {
      assert.equal(((await call(url, "eth_getTransactionReceipt", [h])) as { status: string }).status, "0x1");
    }
    for (const a of accounts) {
      assert.equal(await call(url, "eth_getTransactionCount", [addressToHex(a.address), "latest"]), "0x8");
    }
    // Restart: the node checks the flat state against the parallel block's state root before serving.
    await running.close();
    running = await startTestNode(dir.path, { blockTime: 3_600_000, threads: 2 });
    assert.equal(await call(running.url, "eth_blockNumber"), next.number);
  });
});
