// A transfer that would push a balance past 2^256-1 (issue 14, item 3): `lanes node` must give what anvil
// and EDR (both revm) give for the same input, measured here against both, and must keep mining. The same
// devnet rule (ForkRules.overflowPaymentHalts) must give identical results on the sequential and the
// parallel executor; without it (consensus rules) such a block still cannot be built, and the node drops
// the transaction instead (the node's own safety net, checked with the rule off).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { executeBlock } from "../../src/block/execute-block.js";
import type { Block, ChainConfig } from "../../src/block/types.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { executeBlockParallel } from "../../src/parallel/index.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import { ANVIL_ADDRESSES, call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";
import { coinbase, signTx } from "../../tools/workloads/chain.js";
import { type Account, accounts, address } from "../../tools/workloads/keys.js";
import { SetupChain } from "../../tools/workloads/setup.js";
import { lanesBlock } from "../../tools/workloads/types.js";
import { startEdrL1 } from "../shards/edr-l1.js";

const MAX = (1n << 256n) - 1n;
const [A, B, C] = ANVIL_ADDRESSES as [string, string, string];

/** What a client sees of the transfer: every field the three nodes must agree on. */
interface Outcome {
  status: string;
  gasUsed: bigint;
  /** The callTracer's error of the transfer. */
  traceError: unknown;
  recipientDelta: bigint;
  recipientAtMax: boolean;
  /** What left the sender beyond the fee it paid (gasUsed x effective gas price). */
  senderBeyondFee: bigint;
  /** The coinbase's credit minus the priority fee the transaction owes it. */
  coinbaseBeyondTip: bigint;
  /** Status of an unrelated transfer sent afterwards (the node keeps mining). */
  laterStatus: string;
}

const hex = (n: bigint) => `0x${n.toString(16)}`;

/** The receipt of `hash`, polled: anvil answers a send on admission and mines right after. */
async function receiptOf<T>(url: string, hash: string): Promise<T> {
  for (let i = 0; i < 1_000; i++) {
    const r = await call(url, "eth_getTransactionReceipt", [hash]);
    if (r !== null) return r as T;
    await sleep(10);
  }
  throw new Error(`no receipt for ${hash}`);
}

async function overflowingTransfer(url: string, prefix: "anvil" | "hardhat"): Promise<Outcome> {
  const miner = ((await call(url, "eth_getBlockByNumber", ["latest", false])) as { miner: string }).miner;
  const balance = async (a: string) => BigInt((await call(url, "eth_getBalance", [a, "latest"])) as string);
  await call(url, `${prefix}_setBalance`, [C, hex(MAX)]);
  const before = { sender: await balance(A), recipient: await balance(C), coinbase: await balance(miner) };
  const value = 16n;
  const tx = { from: A, to: C, value: hex(value), gas: hex(30_000n), maxFeePerGas: hex(2_000_000_000n) };
  const hash = (await call(url, "eth_sendTransaction", [
    { ...tx, maxPriorityFeePerGas: "0x3b9aca00" },
  ])) as string;
  const receipt = await receiptOf<{
    status: string;
    gasUsed: string;
    effectiveGasPrice: string;
    blockNumber: string;
  }>(url, hash);
  const block = (await call(url, "eth_getBlockByNumber", [receipt.blockNumber, false])) as {
    baseFeePerGas: string;
    miner: string;
  };
  assert.equal(block.miner, miner);
  const trace = (await call(url, "debug_traceTransaction", [hash, { tracer: "callTracer" }])) as {
    error?: string;
  };
  const gasUsed = BigInt(receipt.gasUsed);
  const price = BigInt(receipt.effectiveGasPrice);
  const tip = price - BigInt(block.baseFeePerGas);
  const afterwards = {
    sender: await balance(A),
    recipient: await balance(C),
    coinbase: await balance(miner),
  };
  const later = (await call(url, "eth_sendTransaction", [{ from: A, to: B, value: "0x1" }])) as string;
  const laterReceipt = await receiptOf<{ status: string }>(url, later);
  return {
    status: receipt.status,
    gasUsed,
    traceError: trace.error,
    recipientDelta: afterwards.recipient - before.recipient,
    recipientAtMax: afterwards.recipient === MAX,
    senderBeyondFee: before.sender - afterwards.sender - gasUsed * price,
    coinbaseBeyondTip: afterwards.coinbase - before.coinbase - gasUsed * tip,
    laterStatus: laterReceipt.status,
  };
}

/** anvil from @foundry-rs/anvil-linux-amd64 (a devDependency; its binary exists on Linux x64 only). */
function anvilBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const bin = join(require.resolve("@foundry-rs/anvil-linux-amd64/package.json"), "..", "bin", "anvil");
    return existsSync(bin) && process.platform === "linux" && process.arch === "x64" ? bin : undefined;
  } catch {
    return undefined;
  }
}

async function withAnvil<T>(bin: string, body: (url: string) => Promise<T>): Promise<T> {
  const child = spawn(bin, ["--port", "0"], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    // Without --silent anvil prints the address it bound (a free port, with --port 0).
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /Listening on (\S+)/.exec(out);
        if (m) resolve(`http://${m[1]}`);
      });
      child.once("exit", (code) => reject(new Error(`anvil exited with ${code}`)));
    });
    return await body(url);
  } finally {
    child.kill("SIGTERM");
  }
}

describe("a transfer that would push a balance past 2^256-1", () => {
  it("gives what anvil and EDR give (status, gas used, sender, recipient, coinbase) and keeps mining", async () => {
    const dir = tempDir();
    const lanes = await startTestNode(dir.path);
    let ours: Outcome;
    try {
      ours = await overflowingTransfer(lanes.url, "anvil");
    } finally {
      await lanes.close();
      dir.remove();
    }
    // The outcome itself (revm's OverflowPayment halt), so a change in all three would show too.
    assert.deepEqual(ours, {
      status: "0x0",
      gasUsed: 30_000n,
      traceError: "OverflowPayment",
      recipientDelta: 0n,
      recipientAtMax: true,
      senderBeyondFee: 16n,
      coinbaseBeyondTip: 0n,
      laterStatus: "0x1",
    });
    const edr = await startEdrL1();
    try {
      // EDR's provider owns no accounts: the dev account sends through impersonation.
      await call(edr.url, "hardhat_impersonateAccount", [A]);
      assert.deepEqual(ours, await overflowingTransfer(edr.url, "hardhat"), "EDR");
    } finally {
      await edr.close();
    }
    const bin = anvilBinary();
    if (bin === undefined) {
      console.log("# skipped the anvil comparison: @foundry-rs/anvil-linux-amd64 has no binary here");
      return;
    }
    await withAnvil(bin, async (url) => {
      assert.deepEqual(ours, await overflowingTransfer(url, "anvil"), "anvil");
    });
  });

  it("without the devnet rule, drops the transaction with a reason and keeps mining", async () => {
    const dir = tempDir();
    const lanes = await startTestNode(dir.path, { overflowPayments: false });
    try {
      const url = lanes.url;
      await call(url, "anvil_setBalance", [C, hex(MAX)]);
      const r = (await rpc(url, "eth_sendTransaction", [{ from: A, to: C, value: "0x1" }])) as {
        error?: { code: number; message: string };
      };
      assert.equal(r.error?.code, -32000);
      assert.match(r.error!.message, /transaction dropped: .*balance/);
      assert.equal(((await call(url, "txpool_status")) as { pending: string }).pending, "0x0");
      const hash = await call(url, "eth_sendTransaction", [{ from: A, to: B, value: "0x1" }]);
      const receipt = (await call(url, "eth_getTransactionReceipt", [hash])) as { status: string };
      assert.equal(receipt.status, "0x1");
    } finally {
      await lanes.close();
      dir.remove();
    }
  });
});

const pool = new WorkerPool({ maxThreads: 4 });
after(() => pool.close());

const SEED = 91;

/** `config` with the devnet rule on at every block. */
function withOverflowRule(config: ChainConfig, block: Block): ChainConfig {
  const rules = {
    ...config.rulesAt(block.header.number, block.header.timestamp),
    overflowPaymentHalts: true,
  };
  return { ...config, rulesAt: () => rules };
}

const pay = (chain: SetupChain, from: Account, to: bigint, value: bigint) =>
  signTx({ from, nonce: chain.nextNonce(from.address), to, value, gasLimit: 30_000n });

interface ParallelCase {
  name: string;
  /** Transactions of the block; accounts set to 2^256-1 in the pre-state. */
  build(chain: SetupChain, payers: Account[]): { txs: SignedTransaction[]; atMax: bigint[] };
  /** Indexes of the transactions that must halt with OverflowPayment. */
  halted: number[];
  /** The parallel run's mode and reason. */
  stats: { mode: string; reason: RegExp };
}

const hot = address(SEED, "hot", 0);
const CASES: ParallelCase[] = [
  {
    // Payments to one hot recipient are deferred credits in the parallel run; those that would overflow must
    // come out as the sequential run's halts.
    name: "40 payers to one recipient at 2^256-1 (deferred credits)",
    halted: Array.from({ length: 40 }, (_, i) => i),
    stats: { mode: "sequential", reason: /fallback: a deferred credit passes 2\^256-1/ },
    build: (chain, payers) => ({
      txs: payers.slice(0, 40).map((p, i) => pay(chain, p, hot, 1n + BigInt(i))),
      atMax: [hot],
    }),
  },
  {
    name: "40 transfers to distinct recipients, one of them at 2^256-1, and the coinbase at 2^256-1",
    halted: [17],
    stats: { mode: "parallel", reason: /./ },
    build: (chain, payers) => {
      const recipients = Array.from({ length: 40 }, (_, i) => address(SEED, "to", i));
      return {
        txs: payers.slice(0, 40).map((p, i) => pay(chain, p, recipients[i]!, 5n)),
        atMax: [recipients[17]!, coinbase(SEED)],
      };
    },
  },
];

describe("the devnet overflow rule on the sequential and parallel executors", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const chain = new SetupChain(SEED);
      const payers = accounts(SEED, "payer", 40);
      for (const p of payers) chain.fund(p.address);
      const { txs, atMax } = c.build(chain, payers);
      for (const a of atMax) chain.fund(a, MAX);
      const w = chain.finish("eth-transfer", txs, { senders: txs.length, recipients: 1 });
      const block = lanesBlock(w);
      // Consensus rules: no such state can be encoded, and the block fails as before.
      assert.throws(() => executeBlock(block, w.preState, w.chainConfig), /out of uint256 range/);
      const config = withOverflowRule(w.chainConfig, block);
      const sequential = executeBlock(block, w.preState, config);
      const halted = sequential.receipts.flatMap((r, i) => (r.status === 0 ? [i] : []));
      assert.deepEqual(halted, c.halted);
      // Every halt used its whole gas limit (30,000), every other transfer 21,000.
      let cumulative = 0n;
      for (const [i, r] of sequential.receipts.entries()) {
        cumulative += halted.includes(i) ? 30_000n : 21_000n;
        assert.equal(r.cumulativeGasUsed, cumulative, `receipt ${i}`);
      }
      for (const a of atMax) assert.equal(sequential.diff.get(a)?.account?.balance ?? MAX, MAX);
      const expected = canonicalResultLines(sequential);
      for (const threads of [1, 2, 4]) {
        const got = await executeBlockParallel(block, w.preState, config, {
          threads,
          mode: "parallel",
          pool,
        });
        const difference = firstDifference(canonicalResultLines(got), expected);
        assert.equal(difference, undefined, `threads=${threads}: ${difference}`);
        assert.equal(got.stats.mode, c.stats.mode, got.stats.reason);
        assert.match(got.stats.reason, c.stats.reason);
      }
    });
  }
});
