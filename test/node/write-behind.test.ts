// The dev commit mode's write-behind (chain-store.ts): a mined block is acknowledged before LMDB is written,
// and the store still never answers a read from anything but the data file: the first read writes the queue,
// the next turn of the event loop writes it otherwise, and close writes it. With --durable nothing is queued.
// The newest blocks are also kept decoded for receipt lookups: their answers equal the ones read from LMDB.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { ChainStore } from "../../src/node/chain-store.js";
import { ANVIL_ADDRESSES, call, signDevTx, startTestNode, tempDir } from "../../tools/node-client.js";

function transfer(nonce: bigint) {
  return signDevTx({ nonce, to: BigInt(ANVIL_ADDRESSES[1]!), value: 1n });
}

describe("dev commit mode: write-behind", () => {
  it("acknowledges before writing; a read, the next turn or close writes the block", async () => {
    const dir = tempDir();
    try {
      const running = await startTestNode(dir.path, { threads: 1 });
      const { node } = running;
      const first = transfer(0n);
      await node.submit(first);
      assert.equal(node.head.header.number, 1n);
      assert.equal(node.store.queuedBlocks(), 1, "block 1 is acknowledged before it is written");
      // A read writes the queue first, so it sees the block.
      assert.deepEqual(node.store.txLocation(first.hash), { number: 1n, index: 0 });
      assert.equal(node.store.queuedBlocks(), 0);

      const second = transfer(1n);
      await node.submit(second);
      assert.equal(node.store.queuedBlocks(), 1);
      await nextTurn();
      assert.equal(node.store.queuedBlocks(), 0, "the next turn of the event loop writes it");

      const third = transfer(2n);
      await node.submit(third);
      assert.equal(node.store.queuedBlocks(), 1);
      await running.close();

      // What close wrote is in the data file.
      const store = new ChainStore(dir.path, false);
      try {
        assert.equal(store.headNumber(), 3n);
        assert.deepEqual(store.txLocation(third.hash), { number: 3n, index: 0 });
        assert.deepEqual(store.txLocation(second.hash), { number: 2n, index: 0 });
      } finally {
        await store.close();
      }
    } finally {
      dir.remove();
    }
  });

  it("--durable queues nothing: a block is written and fsynced before it is acknowledged", async () => {
    const dir = tempDir();
    try {
      const running = await startTestNode(dir.path, { threads: 1, durable: true });
      try {
        await running.node.submit(transfer(0n));
        assert.equal(running.node.store.queuedBlocks(), 0);
        assert.equal(running.node.store.headNumber(), 1n);
      } finally {
        await running.close();
      }
    } finally {
      dir.remove();
    }
  });

  it("receipts of recent blocks (kept decoded) equal the ones read back from LMDB", async () => {
    const dir = tempDir();
    try {
      // Init code that emits LOG1(topic 7, 32 bytes holding 42) and deploys nothing.
      const logger = "0x602a600052600760206000a100";
      const from = ANVIL_ADDRESSES[0]!;
      let running = await startTestNode(dir.path, { threads: 1 });
      await call(running.url, "evm_setAutomine", [false]);
      const hashes: string[] = [];
      for (const tx of [
        { from, to: ANVIL_ADDRESSES[2], value: "0x5" },
        { from, data: logger, gas: "0x20000" },
        { from, data: logger, gas: "0x20000" },
      ]) {
        hashes.push((await call(running.url, "eth_sendTransaction", [tx])) as string);
      }
      await call(running.url, "evm_mine", []);
      hashes.push(
        (await call(running.url, "eth_sendTransaction", [{ from, data: logger, gas: "0x20000" }])) as string,
      );
      await call(running.url, "evm_mine", []);
      const fresh = await Promise.all(hashes.map((h) => call(running.url, "eth_getTransactionReceipt", [h])));
      const blockReceipts = [
        ...((await call(running.url, "eth_getBlockReceipts", ["0x1"])) as unknown[]),
        ...((await call(running.url, "eth_getBlockReceipts", ["0x2"])) as unknown[]),
      ];
      assert.deepEqual(fresh, blockReceipts);
      const third = fresh[2] as { logs: { logIndex: string }[]; contractAddress: string | null };
      assert.equal(third.logs[0]!.logIndex, "0x1", "the block's second log");
      assert.notEqual(third.contractAddress, null);
      await running.close();
      // After a restart nothing is kept decoded: every lookup reads LMDB.
      running = await startTestNode(dir.path, { threads: 1 });
      try {
        const stored = await Promise.all(
          hashes.map((h) => call(running.url, "eth_getTransactionReceipt", [h])),
        );
        assert.deepEqual(stored, fresh);
      } finally {
        await running.close();
      }
    } finally {
      dir.remove();
    }
  });
});
