// L1 reorgs (issue 18): deposits are read only at a confirmation depth, a reorg of the block the deposit scan
// had reached is detected (its hash changed) and the deposits are re-read, and superblock commits the reorg
// dropped are resubmitted. The L1 is the embedded Lanes devnet, reorged with evm_snapshot / evm_revert: the
// sequencer scans past a snapshot and commits and finalizes superblock 1 there; the L1 is reverted to the
// snapshot and a deposit is made at a height the sequencer had already scanned. Without the reorg check the
// scan would continue after its old cursor and never see that deposit.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { type Address, parseEther } from "viem";
import { type ChainClients, send, shardContract, startNetwork, tempDir, until } from "./helpers.js";

const HUB = shardContract("ShardHub");
const CONFIRMATIONS = 2;

describe("L1 reorgs", () => {
  const dir = tempDir();
  let net: Awaited<ReturnType<typeof startNetwork>> | undefined;

  after(async () => {
    await net?.net.close();
    dir.remove();
  });

  it("re-reads deposits after a reorg of the scanned L1 blocks and resubmits reorged commits", async () => {
    net = await startNetwork(dir.path, { l1Confirmations: CONFIRMATIONS });
    const { l1 } = net;
    const [s0] = net.shards as [ChainClients];
    const seq = net.net.sequencer;
    const hubClient = net.net.hubClient;
    const hub = net.net.json().shardHub as Address;
    const rpc = (method: string, params: unknown[] = []) =>
      l1.pub.request({ method: method as never, params: params as never }) as Promise<string>;
    const transfer = () =>
      s0.wallet.sendTransaction({
        to: "0x000000000000000000000000000000000000bEEF",
        value: 1n,
        account: s0.wallet.account!,
        chain: s0.chain,
      });

    // Scan past a snapshot: superblock 1's cursor is the block CONFIRMATIONS below the L1's head.
    const snapshot = await rpc("evm_snapshot");
    const h0 = await l1.pub.getBlockNumber();
    for (let i = 0; i < 5; i++) await rpc("evm_mine");
    await transfer();
    assert.ok(seq.lastDecided >= 1);
    await until(
      () => hubClient.lastFinalized(),
      (n) => n >= 1,
      120_000,
      "superblock 1 finalized on the L1",
    );
    const committedBefore = await hubClient.lastCommitted();

    // The reorg: back to the snapshot, then a deposit at h0+1, a height the sequencer had scanned.
    assert.equal(await rpc("evm_revert", [snapshot]), true);
    assert.equal(await l1.pub.getBlockNumber(), h0);
    assert.equal(await hubClient.lastCommitted(), 0, "the reorg dropped the commits");
    const to = "0x00000000000000000000000000000000000d3b18" as Address;
    const r = await send(l1, hub, HUB, "depositETH", [0n, to], { value: parseEther("3") });
    assert.equal(r.status, "success");
    assert.equal(r.blockNumber, h0 + 1n);
    for (let i = 0; i < CONFIRMATIONS + 1; i++) await rpc("evm_mine");

    // The next superblocks see the reorg, re-read the deposit and deliver it exactly once.
    await transfer();
    await until(
      async () => {
        await transfer();
        return s0.pub.getBalance({ address: to });
      },
      (v) => v > 0n,
      120_000,
      "the deposit made after the reorg",
    );
    assert.equal(await s0.pub.getBalance({ address: to }), parseEther("3"));
    assert.ok(seq.l1Reorgs.scan >= 1, "the reorg under the deposit scan's cursor was detected");
    assert.ok(seq.l1Reorgs.commits >= 1, "the dropped commits were noticed");

    // The L1 gets every decided superblock again (resubmitted), equal to the shards' blocks, and finalizes.
    const decided = seq.lastDecided;
    assert.ok(decided > committedBefore);
    await until(
      () => hubClient.lastFinalized(),
      (n) => n >= decided,
      120_000,
      "resubmitted superblocks finalized",
    );
    for (let k = 1; k <= decided; k++) {
      const onL1 = `0x${Buffer.from(await hubClient.blockHash(k, 0)).toString("hex")}`;
      const block = await s0.pub.getBlock({ blockNumber: BigInt(k) });
      assert.equal(onL1, block.hash, `superblock ${k}: ShardHub holds another block`);
    }
  });
});
