// kill -9 of ONE shard process mid-superblock, then its restart (issue 18): a network with
// `shardProcesses` runs each shard as `lanes shard` behind the authenticated shard link. Shard 1's process
// SIGKILLs itself right after it stored its block of superblock K1 as prepared (every shard sealed, nothing
// decided: the superblock is dropped everywhere and rebuilt), and shard 0's process right before it commits
// superblock K2 (decided; shard 1 committed it: shard 0 commits it when its restarted process reconciles).
// Meanwhile shard 0 streams transfers and shard 1 streams cross-shard calls into shard 0. Afterwards: both
// processes were restarted by the network, every acknowledged transaction has its receipt, the shards are
// at the same superblock with the same transcript hash in every block, the cross-shard counters agree (no
// call half-applied), and ShardHub holds exactly the shards' blocks for every superblock it committed.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { type Address, encodeFunctionData, type Hex } from "viem";
import type { LanesNetwork } from "../../src/shards/network.js";
import { type ChainClients, deploy, read, shardContract, startNetwork, tempDir, until } from "./helpers.js";

const COUNTER = shardContract("CrossCounter");
/** Superblocks 1-2 deploy the counters; the kills come after. */
const K1 = 4;
const K2 = 6;

/** Sends one transaction after another until `stop()`; returns the acknowledged hashes. */
function stream(c: ChainClients, make: () => { to: Address; data?: Hex; gas?: bigint; value?: bigint }) {
  let stopped = false;
  const acked: Hex[] = [];
  const done = (async () => {
    while (!stopped) {
      try {
        acked.push(await c.wallet.sendTransaction({ ...make(), account: c.wallet.account!, chain: c.chain }));
      } catch {
        // The shard's process is down (refused, reset) or the transaction was dropped: not acknowledged.
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return acked;
  })();
  return {
    acked,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

describe("kill -9 of one shard process mid-superblock, then its restart", () => {
  const dir = tempDir();
  let net: LanesNetwork | undefined;

  /** Streams still sending (stopped here too, so a failing test cannot leave them looping for ever). */
  const streams: { stop(): Promise<Hex[]> }[] = [];

  after(async () => {
    await Promise.all(streams.map((x) => x.stop()));
    await net?.close();
    dir.remove();
  });

  it("loses no acknowledged transaction and half-commits no superblock, on any shard or on the L1", async () => {
    const started = await startNetwork(dir.path, {
      shardProcesses: true,
      shardEnv: { LANES_SHARD_CRASH: `1:sealed:${K1},0:commit:${K2}` },
    });
    net = started.net;
    const [s0, s1] = started.shards as [ChainClients, ChainClients];
    const firstPids = net.shardPids();
    assert.ok(
      firstPids.every((p) => p !== undefined && p !== process.pid),
      "shards run in processes of their own",
    );
    const [c0, c1] = await Promise.all([deploy(s0, COUNTER), deploy(s1, COUNTER)]);
    const bumpRemote = encodeFunctionData({ abi: COUNTER.abi, functionName: "bumpRemote", args: [0n, c0] });
    const a = stream(s0, () => ({ to: "0x000000000000000000000000000000000000bEEF", value: 1n }));
    const b = stream(s1, () => ({ to: c1, data: bumpRemote, gas: 1_000_000n }));
    streams.push(a, b);
    await until(
      async () => ({ starts: net!.shardStarts(), decided: net!.sequencer.lastDecided }),
      (v) => v.starts[0]! >= 2 && v.starts[1]! >= 2 && v.decided >= K2 + 2,
      240_000,
      "both shard processes to be killed and restarted, and two more superblocks",
    );
    const [acked0, acked1] = await Promise.all([a.stop(), b.stop()]);

    // Each process died exactly at its crash point (the one-shot markers) and was restarted once.
    assert.ok(existsSync(join(dir.path, "shard-1", `crash-sealed-${K1}.fired`)));
    assert.ok(existsSync(join(dir.path, "shard-0", `crash-commit-${K2}.fired`)));
    assert.deepEqual(net.shardStarts(), [2, 2]);
    const pids = net.shardPids();
    assert.notEqual(pids[0], firstPids[0]);
    assert.notEqual(pids[1], firstPids[1]);
    assert.ok(acked0.length > 0 && acked1.length > 0, "some transactions were acknowledged on each shard");

    for (const [c, acked, shard] of [
      [s0, acked0, 0],
      [s1, acked1, 1],
    ] as const) {
      for (const hash of acked) {
        const r = await c.pub.getTransactionReceipt({ hash }).catch(() => undefined);
        assert.ok(r !== undefined, `acknowledged transaction ${hash} on shard ${shard} is lost`);
      }
    }
    const heads = await Promise.all([s0, s1].map((c) => c.pub.getBlockNumber()));
    assert.equal(heads[0], heads[1]);
    assert.ok(heads[0]! >= BigInt(K2 + 2));
    for (let k = 1n; k <= heads[0]!; k++) {
      const [b0, b1] = await Promise.all([s0, s1].map((c) => c.pub.getBlock({ blockNumber: k })));
      assert.equal(
        b0!.extraData,
        b1!.extraData,
        `superblock ${k}: the shards' blocks carry different transcripts`,
      );
    }
    // Every bumpRemote that completed on shard 1 bumped shard 0 exactly once, and nothing else did.
    const [n0, n1] = await Promise.all([
      read<bigint>(s0, c0, COUNTER, "count"),
      read<bigint>(s1, c1, COUNTER, "count"),
    ]);
    assert.equal(n0, n1, "the cross-shard counters disagree: a call was half-applied");
    assert.ok(n1 >= BigInt(acked1.length));

    // The L1 catches up, and holds exactly the shards' blocks.
    const lastDecided = net.sequencer.lastDecided;
    const committed = await until(
      () => net!.hubClient.lastCommitted(),
      (n) => n >= lastDecided,
      120_000,
      "L1 commits",
    );
    for (let k = 1; k <= committed; k++) {
      for (let shard = 0; shard < 2; shard++) {
        const onL1: string = `0x${Buffer.from(await net.hubClient.blockHash(k, shard)).toString("hex")}`;
        const block = await [s0, s1][shard]!.pub.getBlock({ blockNumber: BigInt(k) });
        assert.equal(onL1, block.hash, `superblock ${k} shard ${shard}: ShardHub holds another block`);
      }
    }
  });
});
