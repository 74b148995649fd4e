// Superblock throughput (issue 18): transactions per second through `lanes network` with 1, 2 and 4 shards,
// with 0%, 10% and 50% of the transactions making an atomic cross-shard call.
//
// Method: one in-process network per shard count (embedded L1, committee, sequencer; temporary directory).
// A CrossCounter is deployed on every shard. Per configuration, TX_PER_SHARD transactions per shard are
// pre-signed (10 dev accounts per shard, consecutive nonces): a local one calls bump() on its own shard's
// counter; a cross-shard one calls bumpRemote(next shard, its counter) with a 500k gas limit. All are sent
// at once with eth_sendRawTransaction (each reply comes once its superblock is committed on every shard),
// and the wall time from the first send to the last reply is measured. Every transaction must succeed.
// Prints tx/s, the superblocks used and their mean latency, and the mean time of each superblock step
// (begin = deliver + local phases, cross = the sessions, seal, decide, commit: the inputs of
// bench/shards/simulate.ts). The machine is shared: figures are noisy.
//
// Usage: npm run build && node dist/bench/shards/superblocks.js [--tx N] [--shards 1,2,4] [--cross 0,10,50]
//   [--shard-processes] (each shard in its own process behind the shard link, as `lanes network
//   --shard-processes`)
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devAccounts } from "../../src/node/dev-accounts.js";
import { DEFAULT_MNEMONIC } from "../../src/node/index.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { encodeCall } from "../../src/shards/abi.js";
import { creationCode } from "../../src/shards/contracts.js";
import { LanesNetwork } from "../../src/shards/network.js";
import type { SuperblockReport } from "../../src/shards/sequencer/sequencer.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import type { UnsignedTransaction } from "../../src/tx/codec/types.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}
const TX_PER_SHARD = Number(arg("tx", "120"));
const SHARD_COUNTS = arg("shards", "1,2,4").split(",").map(Number);
const CROSS = arg("cross", "0,10,50").split(",").map(Number);
const SHARD_PROCESSES = process.argv.includes("--shard-processes");
const accounts = devAccounts(DEFAULT_MNEMONIC, 10);

/** One JSON-RPC call on a fresh connection (replies can take a whole superblock: no keep-alive races). */
function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => {
          try {
            const j = JSON.parse(text) as { result?: unknown; error?: { message: string } };
            if (j.error !== undefined) reject(new Error(`${method}: ${j.error.message}`));
            else resolve(j.result);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function tx(
  chainId: bigint,
  nonce: bigint,
  to: bigint | undefined,
  data: Uint8Array,
  gas: bigint,
): UnsignedTransaction {
  return {
    type: 2,
    chainId,
    nonce,
    gasLimit: gas,
    to,
    value: 0n,
    data,
    gasPrice: 0n,
    maxFeePerGas: 100_000_000_000n,
    maxPriorityFeePerGas: 0n,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    authorizationList: [],
  };
}

async function receiptStatus(url: string, hash: string): Promise<string> {
  const r = (await rpc(url, "eth_getTransactionReceipt", [hash])) as { status: string } | null;
  return r?.status ?? "missing";
}

async function main(): Promise<void> {
  console.log(
    `superblock throughput: ${TX_PER_SHARD} transactions per shard per configuration${SHARD_PROCESSES ? ", shards in their own processes" : ""}`,
  );
  console.log(
    "shards  cross%   txs    wall ms    tx/s   superblocks  mean superblock ms   begin   cross    seal  decide  commit  sessions",
  );
  for (const n of SHARD_COUNTS) {
    const dir = mkdtempSync(join(tmpdir(), "lanes-bench-shards-"));
    const net = await LanesNetwork.start({
      shards: n,
      dataDir: dir,
      basePort: 0,
      kdfLogN: 10,
      intervalMs: 5,
      ...(SHARD_PROCESSES ? { shardProcesses: true } : {}),
    });
    try {
      const nonces = net.shards.map(() => accounts.map(() => 0n));
      // A counter on every shard, deployed by account 0.
      const counters: bigint[] = [];
      for (const [s, sh] of net.shards.entries()) {
        const signed = signTransaction(
          tx(sh.chainId, nonces[s]![0]!++, undefined, creationCode("CrossCounter"), 2_000_000n),
          accounts[0]!.privateKey,
        );
        const hash = (await rpc(sh.url, "eth_sendRawTransaction", [bytesToHex(signed.raw)])) as string;
        const r = (await rpc(sh.url, "eth_getTransactionReceipt", [hash])) as { contractAddress: string };
        counters.push(BigInt(r.contractAddress));
      }
      for (const pct of CROSS) {
        if (n === 1 && pct > 0) {
          console.log(
            `${String(n).padStart(6)}  ${String(pct).padStart(6)}   n/a (one shard has no other shard to call)`,
          );
          continue;
        }
        const sends: { url: string; raw: string }[] = [];
        for (const [s, sh] of net.shards.entries()) {
          for (let i = 0; i < TX_PER_SHARD; i++) {
            const a = i % accounts.length;
            // Exactly pct% of each shard's transactions, evenly spread.
            const cross = n > 1 && Math.floor(((i + 1) * pct) / 100) > Math.floor((i * pct) / 100);
            const to = (s + 1) % n;
            const data = cross
              ? encodeCall("bumpRemote(uint64,address)", [BigInt(to), counters[to]!])
              : encodeCall("bump()", []);
            const signed = signTransaction(
              tx(sh.chainId, nonces[s]![a]!++, counters[s]!, data, cross ? 500_000n : 150_000n),
              accounts[a]!.privateKey,
            );
            sends.push({ url: sh.url, raw: bytesToHex(signed.raw) });
          }
        }
        const reports: SuperblockReport[] = [];
        const listener = (r: SuperblockReport) => reports.push(r);
        net.sequencer.decided.push(listener);
        const started = performance.now();
        const hashes = await Promise.all(
          sends.map(async (x) => ({
            url: x.url,
            hash: (await rpc(x.url, "eth_sendRawTransaction", [x.raw])) as string,
          })),
        );
        const wall = performance.now() - started;
        net.sequencer.decided.splice(net.sequencer.decided.indexOf(listener), 1);
        for (const h of hashes) {
          const st = await receiptStatus(h.url, h.hash);
          if (st !== "0x1") throw new Error(`transaction ${h.hash} failed (${st})`);
        }
        const total = sends.length;
        const used = reports.filter((r) => r.txCount > 0);
        const mean = used.reduce((m, r) => m + r.ms, 0) / Math.max(used.length, 1);
        const phase = (f: (r: SuperblockReport) => number) =>
          (used.reduce((m, r) => m + f(r), 0) / Math.max(used.length, 1)).toFixed(1).padStart(6);
        const phases = [
          phase((r) => r.phases.begin),
          phase((r) => r.phases.cross),
          phase((r) => r.phases.seal),
          phase((r) => r.phases.decide),
          phase((r) => r.phases.commit),
          phase((r) => r.sessions),
        ].join("  ");
        console.log(
          `${String(n).padStart(6)}  ${String(pct).padStart(6)}  ${String(total).padStart(4)}  ${wall.toFixed(0).padStart(9)}  ${(
            (total * 1000) /
            wall
          )
            .toFixed(1)
            .padStart(6)}  ${String(used.length).padStart(11)}  ${mean.toFixed(1).padStart(18)}  ${phases}`,
        );
      }
    } finally {
      await net.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
