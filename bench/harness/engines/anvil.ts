// Foundry's anvil (revm, native), from the npm package @foundry-rs/anvil-linux-amd64 (a devDependency; the
// engine is skipped with a notice when the package or its binary is absent), driven over JSON-RPC on
// loopback:
//
// - the harness starts one anvil process per workload on a free loopback port, with the workload's pre-state
//   as its genesis (`--init`, a genesis file: a state of any size loads at start instead of one RPC call
//   per account and slot), genesis number one below the benchmark block's (so the block mined has its
//   number), no automatic mining, FIFO order (the block keeps the transactions' order), Prague rules;
// - the next block gets the benchmark header's coinbase, timestamp and base fee (anvil_setCoinbase,
//   evm_setNextBlockTimestamp, anvil_setNextBlockBaseFeePerGas); the raw signed transactions are sent with
//   eth_sendRawTransaction one request at a time (anvil runs the calls of a batch concurrently, which would
//   reorder the block), then `evm_snapshot`;
// - the timed step is one `evm_mine` (every transaction, receipts, the post-state root); the untimed reset
//   is `evm_revert` to the snapshot, then the block's environment and transactions again (a revert does not
//   put mined transactions back into the pool) and a fresh snapshot.
//
// As with EDR, the EIP-2935/4788 history contracts hold different storage (anvil's genesis is not the
// workload's ancestry), so the state root is not compared; gas, every receipt, receipts root and bloom are,
// plus the post-block nonce, balance and changed storage of every account the block changed.
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { BlockHeader } from "../../../src/block/types.js";
import { addressToHex, bytesToHex, quantityToHex, wordToHex } from "../../../src/primitives/hex.js";
import type { Workload } from "../../../tools/workloads/types.js";
import type { Engine, EngineOutcome, PreparedEngine } from "../engine.js";
import { comparePostState, HISTORY_CONTRACTS, type RpcClient, readOutcome } from "../rpc-outcome.js";

const PACKAGE = "@foundry-rs/anvil-linux-amd64";
/** How long anvil may take to load a genesis and listen (a 1,000,000-account state takes a while). */
const START_TIMEOUT_MS = 600_000;

function anvilBinary(): string {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`${PACKAGE} is for linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve(`${PACKAGE}/package.json`);
  } catch {
    throw new Error(`${PACKAGE} is not installed (npm install --save-dev ${PACKAGE})`);
  }
  const binary = join(dirname(manifest), "bin", "anvil");
  accessSync(binary, constants.X_OK);
  return binary;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

class HttpRpc implements RpcClient {
  private id = 0;
  constructor(private readonly url: string) {}

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params }),
    });
    const data = (await response.json()) as { result?: T; error?: { message?: string } };
    if (data.error !== undefined)
      throw new Error(`anvil ${method}: ${data.error.message ?? JSON.stringify(data.error)}`);
    return data.result as T;
  }
}

/** The workload's pre-state as a genesis file (geth's format, which anvil's --init reads). */
function writeGenesis(w: Workload, file: string): void {
  const h = w.header;
  const alloc: string[] = [];
  for (const [address, a] of w.preState.accounts) {
    const storage: string[] = [];
    for (const [slot, value] of a.storage) {
      if (value !== 0n) storage.push(`"${wordToHex(slot)}":"${wordToHex(value)}"`);
    }
    alloc.push(
      `"${addressToHex(address)}":{"balance":"${quantityToHex(a.balance)}","nonce":"${quantityToHex(a.nonce)}"` +
        (a.code.length > 0 ? `,"code":"${bytesToHex(a.code)}"` : "") +
        (storage.length > 0 ? `,"storage":{${storage.join(",")}}` : "") +
        "}",
    );
  }
  const head = {
    config: { chainId: Number(w.chainConfig.chainId) },
    nonce: "0x0",
    timestamp: quantityToHex(h.timestamp - 12n),
    gasLimit: quantityToHex(h.gasLimit),
    difficulty: "0x0",
    number: quantityToHex(h.number - 1n),
    baseFeePerGas: quantityToHex(h.baseFeePerGas ?? 0n),
    coinbase: addressToHex(h.coinbase),
  };
  const text = JSON.stringify(head);
  writeFileSync(file, `${text.slice(0, -1)},"alloc":{${alloc.join(",")}}}`);
}

interface Anvil {
  process: ChildProcess;
  rpc: HttpRpc;
  dir: string;
}

async function startAnvil(w: Workload): Promise<Anvil> {
  const binary = anvilBinary();
  const dir = mkdtempSync(join(tmpdir(), "lanes-anvil-"));
  const genesis = join(dir, "genesis.json");
  writeGenesis(w, genesis);
  const port = await freePort();
  const h = w.header;
  const child = spawn(
    binary,
    [
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--init",
      genesis,
      "--number",
      String(h.number - 1n),
      "--no-mining",
      "--order",
      "fifo",
      "--hardfork",
      "prague",
      "--chain-id",
      String(w.chainConfig.chainId),
      "--gas-limit",
      String(h.gasLimit),
      "--disable-default-create2-deployer",
      "--quiet",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const rpc = new HttpRpc(`http://127.0.0.1:${port}`);
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`anvil exited with code ${child.exitCode}: ${stderr.trim().split("\n")[0] ?? ""}`);
    }
    try {
      await rpc.call("eth_chainId");
      break;
    } catch {
      if (performance.now() > deadline) {
        child.kill();
        rmSync(dir, { recursive: true, force: true });
        throw new Error("anvil did not start listening in time");
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { process: child, rpc, dir };
}

/** The benchmark block's environment for the next mined block, and its transactions, one request each. */
async function submitBlock(rpc: HttpRpc, w: Workload): Promise<void> {
  const h: BlockHeader = w.header;
  await rpc.call("anvil_setCoinbase", [addressToHex(h.coinbase)]);
  await rpc.call("evm_setNextBlockTimestamp", [quantityToHex(h.timestamp)]);
  await rpc.call("anvil_setNextBlockBaseFeePerGas", [quantityToHex(h.baseFeePerGas ?? 0n)]);
  for (const t of w.transactions) {
    const hash = await rpc.call<string>("eth_sendRawTransaction", [bytesToHex(t.raw)]);
    if (hash !== bytesToHex(t.hash)) throw new Error(`anvil returned hash ${hash} for ${bytesToHex(t.hash)}`);
  }
}

export const anvilEngine: Engine = {
  id: "anvil",
  describe: () => `Foundry anvil (${PACKAGE}): eth_sendRawTransaction one at a time, then timed evm_mine`,
  async unavailable() {
    try {
      anvilBinary();
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message.split("\n")[0] : String(e);
    }
  },
  async prepare(w): Promise<PreparedEngine> {
    const anvil = await startAnvil(w);
    const { rpc } = anvil;
    const stop = () => {
      anvil.process.kill();
      rmSync(anvil.dir, { recursive: true, force: true });
    };
    try {
      await submitBlock(rpc, w);
    } catch (e) {
      stop();
      throw e;
    }
    let snapshot = await rpc.call<string>("evm_snapshot");
    return {
      execute: () => rpc.call("evm_mine"),
      async reset() {
        const reverted = await rpc.call<boolean>("evm_revert", [snapshot]);
        if (!reverted) throw new Error("anvil evm_revert failed");
        // A revert can leave the mined transactions out of the pool: submit them again (untimed).
        const pending = await rpc.call<{ pending?: Record<string, unknown> }>("txpool_content");
        let count = 0;
        for (const bySender of Object.values(pending.pending ?? {}))
          count += Object.keys(bySender as object).length;
        if (count !== w.transactions.length) {
          if (count > 0) await rpc.call("anvil_dropAllTransactions");
          await submitBlock(rpc, w);
        } else {
          const h = w.header;
          await rpc.call("evm_setNextBlockTimestamp", [quantityToHex(h.timestamp)]);
          await rpc.call("anvil_setNextBlockBaseFeePerGas", [quantityToHex(h.baseFeePerGas ?? 0n)]);
        }
        snapshot = await rpc.call<string>("evm_snapshot");
      },
      async outcome(): Promise<EngineOutcome> {
        const { outcome, mismatches } = await readOutcome(rpc, w, "anvil");
        const post = await comparePostState(rpc, w, "anvil", HISTORY_CONTRACTS);
        return {
          outcome,
          comparable: "receipts",
          ownMismatches: [...mismatches, ...post.mismatches],
          notes: [
            `post-state checked over JSON-RPC on ${post.checked} changed accounts (nonce, balance, storage); ` +
              "state root not comparable (anvil's genesis is not the block's ancestry: EIP-2935/4788 storage differs)",
          ],
        };
      },
      dispose: async () => stop(),
    };
  },
};
