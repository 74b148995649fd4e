// kill -9 mid-superblock, then restart (issue 18): `lanes network` runs as a child process and kills itself
// with SIGKILL (LANES_SHARDS_CRASH) first after sealing a superblock (prepared on every shard, undecided),
// then after shard 0 alone committed a decided one. Meanwhile transactions stream in on both shards,
// including cross-shard calls. After each restart: every acknowledged transaction has its receipt, every
// shard is at the same superblock, each superblock's blocks carry the same transcript hash on all shards,
// and ShardHub holds exactly those blocks for every superblock it committed (none half-committed anywhere).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Address, Hex } from "viem";
import { HubClient } from "../../src/shards/l1/hub-client.js";
import { JsonRpcClient } from "../../src/shards/l1/json-rpc.js";
import { type ChainClients, clients, deploy, KEY0, KEY1, shardContract, tempDir } from "./helpers.js";

const MAIN = join(import.meta.dirname, "../../src/cli/main.js");
const COUNTER = shardContract("CrossCounter");

interface Started {
  child: ChildProcess;
  info: { l1: { url: string }; shards: { url: string; chainId: number }[]; shardHub: string };
}

/**
 * Starts `lanes network`; with `basePort`, in text mode (the exact lines are parsed), otherwise with
 * --json on free ports.
 */
async function startCli(dir: string, crash?: string, basePort?: number): Promise<Started> {
  const mode = basePort === undefined ? ["--base-port", "0", "--json"] : ["--base-port", String(basePort)];
  const child = spawn(process.execPath, [MAIN, "network", "--shards", "2", "--data-dir", dir, ...mode], {
    env: {
      ...process.env,
      LANES_COMMITTEE_KDF_LOGN: "10",
      ...(crash === undefined ? {} : { LANES_SHARDS_CRASH: crash }),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.setEncoding("utf8");
  const wanted = basePort === undefined ? 1 : 4;
  const lines = await new Promise<string[]>((resolve, reject) => {
    child.stdout!.on("data", (d: string) => {
      out += d;
      const complete = out.split("\n").slice(0, -1);
      if (complete.length >= wanted) resolve(complete.slice(0, wanted));
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`lanes network exited (${code ?? signal}) before it printed`)),
    );
  });
  if (basePort === undefined) return { child, info: JSON.parse(lines[0]!) };
  const l1 = /^l1 (http:\/\/127\.0\.0\.1:(\d+)) chainId=(\d+)$/.exec(lines[0]!);
  assert.ok(l1 !== null, `bad l1 line: ${lines[0]}`);
  assert.equal(Number(l1[2]), basePort);
  const shards = [1, 2].map((i) => {
    const m = /^shard (\d+) (http:\/\/127\.0\.0\.1:(\d+)) chainId=(\d+)$/.exec(lines[i]!);
    assert.ok(m !== null, `bad shard line: ${lines[i]}`);
    assert.equal(Number(m[1]), i - 1);
    assert.equal(Number(m[3]), basePort + i);
    return { url: m[2]!, chainId: Number(m[4]) };
  });
  const hub = /^shardHub (0x[0-9a-f]{40})$/.exec(lines[3]!);
  assert.ok(hub !== null, `bad shardHub line: ${lines[3]}`);
  return { child, info: { l1: { url: l1[1]! }, shards, shardHub: hub[1]! } };
}

/** Sends transactions one after another until the process dies; returns the acknowledged hashes. */
async function stream(
  c: ChainClients,
  make: () => { to: Address; data?: Hex; value?: bigint; gas?: bigint },
) {
  const acked: Hex[] = [];
  for (;;) {
    try {
      const tx = make();
      acked.push(await c.wallet.sendTransaction({ ...tx, account: c.wallet.account!, chain: c.chain }));
    } catch {
      return acked;
    }
  }
}

describe("kill -9 mid-superblock and restart", () => {
  const dir = tempDir();
  let current: ChildProcess | undefined;

  after(async () => {
    if (current !== undefined && current.exitCode === null && current.signalCode === null) {
      current.kill("SIGTERM");
      await once(current, "exit");
    }
    dir.remove();
  });

  it("loses no acknowledged transaction and half-commits no superblock, on any shard or on the L1", async () => {
    const acked: { shard: number; hash: Hex }[] = [];
    let counters: Address[] = [];
    // Run 1 sets up, then dies after sealing a superblock; run 2 dies after a partial commit; run 3 checks.
    for (const [run, crash] of [
      [1, "seal:8"],
      [2, "commit:12"],
      [3, undefined],
    ] as const) {
      const t0 = Date.now();
      // Run 3 prints the text lines at a fixed base port (a random free-looking range).
      const started = await startCli(
        dir.path,
        crash,
        run === 3 ? 20_000 + Math.floor(Math.random() * 20_000) : undefined,
      );
      if (process.env.LANES_SHARDS_LOG) process.stderr.write(`run ${run} started in ${Date.now() - t0} ms\n`);
      current = started.child;
      const s = started.info.shards.map((x, i) => clients(x.url, BigInt(x.chainId), i === 0 ? KEY0 : KEY1));
      const [s0, s1] = s as [ChainClients, ChainClients];
      if (run === 1) {
        counters = [await deploy(s0, COUNTER), await deploy(s1, COUNTER)];
      }
      if (crash !== undefined) {
        const exited = once(started.child, "exit");
        const [a0, a1] = await Promise.all([
          stream(s0, () => ({ to: "0x000000000000000000000000000000000000beef", value: 1n })),
          stream(s1, () => ({
            to: counters[1]!,
            data: "0x" as Hex,
            gas: 500_000n,
          })),
        ]);
        const [, signal] = await exited;
        if (process.env.LANES_SHARDS_LOG)
          process.stderr.write(`run ${run} died after ${Date.now() - t0} ms\n`);
        assert.equal(signal, "SIGKILL");
        // How many get through before the crash point depends on the machine's speed; some must, or the
        // run would check nothing.
        assert.ok(a0.length + a1.length > 0, `run ${run}: no transaction was acknowledged before the crash`);
        for (const h of a0) acked.push({ shard: 0, hash: h });
        for (const h of a1) acked.push({ shard: 1, hash: h });
        continue;
      }
      // Run 3: the network resumed; a cross-shard call still works.
      const bump = await s1.wallet.writeContract({
        address: counters[1]!,
        abi: COUNTER.abi,
        functionName: "bumpRemote",
        args: [0n, counters[0]!],
        gas: 1_000_000n,
        account: s1.wallet.account!,
        chain: s1.chain,
      });
      assert.equal((await s1.pub.getTransactionReceipt({ hash: bump })).status, "success");
      for (const a of acked) {
        const r = await s[a.shard]!.pub.getTransactionReceipt({ hash: a.hash }).catch(() => undefined);
        assert.ok(r !== undefined, `acknowledged transaction ${a.hash} on shard ${a.shard} is lost`);
      }
      const heads = await Promise.all(s.map((c) => c.pub.getBlockNumber()));
      assert.equal(heads[0], heads[1]);
      assert.ok(heads[0]! > 12n);
      for (let k = 1n; k <= heads[0]!; k++) {
        const [b0, b1] = await Promise.all(s.map((c) => c.pub.getBlock({ blockNumber: k })));
        assert.equal(
          b0!.extraData,
          b1!.extraData,
          `superblock ${k}: the shards' blocks carry different transcripts`,
        );
      }
      const hub = new HubClient(new JsonRpcClient(started.info.l1.url), BigInt(started.info.shardHub));
      const committed = await hub.lastCommitted();
      assert.ok(committed >= 1);
      for (let k = 1; k <= committed; k++) {
        for (let shard = 0; shard < 2; shard++) {
          const onL1 = `0x${Buffer.from(await hub.blockHash(k, shard)).toString("hex")}`;
          const block = await s[shard]!.pub.getBlock({ blockNumber: BigInt(k) });
          assert.equal(onL1, block.hash, `superblock ${k} shard ${shard}: ShardHub holds another block`);
        }
      }
    }
  });
});
