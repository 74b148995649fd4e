// Devnet speed, Lanes vs anvil (issue 22): the same viem script against `lanes node` and anvil (from
// @foundry-rs/anvil-linux-amd64), both as child processes on loopback, in one run.
//
// Workloads (plain ETH transfers between the ten dev accounts, sent with eth_sendRawTransaction; gas, fees and
// nonces are set by the script so each transfer is one request). Every transfer is signed by viem once,
// before either node starts: both nodes start from the same state (same accounts, nonces and chain id), so
// the same signed transactions are valid on both, and the client's signing cost (noble, several ms per
// transfer on a loaded machine) is outside the measured windows instead of competing with the node:
// - sequential: one client sends a transfer and awaits its receipt before the next (`--sequential N`, 300);
// - concurrent: 1,000 transfers (100 from each of 10 senders) sent at once, then every receipt awaited.
// Prints transactions per second for each node and Lanes / anvil, and each node process's CPU time per
// transaction (Linux /proc). Lanes runs on its default (not --durable).
//
// Usage: npm run bench:devnet [-- --sequential N --concurrent N --durable]
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, type Hex, http, parseGwei } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SEQUENTIAL = option("sequential", 300);
const CONCURRENT = option("concurrent", 1000);
const MNEMONIC = "test test test test test test test test test test test junk";
const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));

interface Node {
  url: string;
  /** The node process's CPU time so far (user + system, all threads), in ms; undefined off Linux. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of process `pid` from /proc (Linux), in ms. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function waitForListening(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        child.stdout?.off("data", onData);
        resolve(m[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`node exited with ${code}: ${out.slice(-500)}`)));
  });
}

async function startLanes(): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), "lanes-devnet-bench-"));
  const main = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
  const extra = args.includes("--durable") ? ["--durable"] : [];
  const child = spawn(
    process.execPath,
    [main, "node", "--port", "0", "--data-dir", dir, "--quiet", ...extra],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const address = await waitForListening(child, /Listening on (\S+)/);
  return {
    url: `http://${address}`,
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startAnvil(): Promise<Node> {
  const require = createRequire(import.meta.url);
  const bin = join(require.resolve("@foundry-rs/anvil-linux-amd64/package.json"), "..", "bin", "anvil");
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(bin, ["--port", String(port), "--silent"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}',
      });
      if (r.ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

interface Result {
  sequential: number;
  concurrent: number;
  /** The node's CPU ms per transaction in each workload (undefined off Linux). */
  sequentialCpu: number | undefined;
  concurrentCpu: number | undefined;
}

/** Signed transfers: `sequential` from account 0, then `concurrent` round-robin over the ten accounts. */
async function signTransfers(): Promise<{ sequential: Hex[]; concurrent: Hex[] }> {
  const nonces = accounts.map(() => 0);
  const fees = { maxFeePerGas: parseGwei("100"), maxPriorityFeePerGas: parseGwei("1"), gas: 21_000n };
  const transfer = (i: number): Promise<Hex> =>
    accounts[i]!.signTransaction({
      type: "eip1559",
      chainId: foundry.id,
      to: accounts[(i + 1) % accounts.length]!.address,
      value: 1n,
      nonce: nonces[i]!++,
      ...fees,
    });
  const sequential: Hex[] = [];
  for (let k = 0; k < SEQUENTIAL; k++) sequential.push(await transfer(0));
  const concurrent: Hex[] = [];
  for (let k = 0; k < CONCURRENT; k++) concurrent.push(await transfer(k % accounts.length));
  return { sequential, concurrent };
}

const signed = await signTransfers();

async function run(node: Node): Promise<Result> {
  const { url } = node;
  const cpuPerTx = (before: number | undefined, n: number) => {
    const after = node.cpuMs();
    return before === undefined || after === undefined ? undefined : (after - before) / n;
  };
  const transport = http(url, { timeout: 300_000, retryCount: 0 });
  const pub = createPublicClient({ chain: foundry, transport, pollingInterval: 1 });
  const nonces = await Promise.all(accounts.map((a) => pub.getTransactionCount({ address: a.address })));
  if (nonces.some((n) => n !== 0)) throw new Error(`${url}: dev accounts have sent transactions already`);
  const send = (raw: Hex): Promise<Hex> => pub.request({ method: "eth_sendRawTransaction", params: [raw] });
  let cpu = node.cpuMs();
  let start = performance.now();
  for (const raw of signed.sequential) {
    const hash = await send(raw);
    await pub.waitForTransactionReceipt({ hash, pollingInterval: 1 });
  }
  const sequential = SEQUENTIAL / ((performance.now() - start) / 1000);
  const sequentialCpu = cpuPerTx(cpu, SEQUENTIAL);
  cpu = node.cpuMs();
  start = performance.now();
  const hashes = await Promise.all(signed.concurrent.map(send));
  await Promise.all(hashes.map((hash) => pub.waitForTransactionReceipt({ hash, pollingInterval: 5 })));
  const concurrent = CONCURRENT / ((performance.now() - start) / 1000);
  return { sequential, concurrent, sequentialCpu, concurrentCpu: cpuPerTx(cpu, CONCURRENT) };
}

const results: Record<string, Result> = {};
for (const [name, start] of [
  ["anvil", startAnvil],
  ["lanes", startLanes],
] as const) {
  const node = await start();
  try {
    results[name] = await run(node);
  } catch (e) {
    // Say which node failed (a run under heavy load once ended with an unattributed receipt timeout).
    throw new Error(`${name} at ${node.url}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    await node.stop();
  }
}
const cpu = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(2));
const row = (label: string, key: "sequential" | "concurrent") => {
  const a = results.anvil!;
  const l = results.lanes!;
  const cpuKey = key === "sequential" ? "sequentialCpu" : "concurrentCpu";
  return (
    `| ${label} | ${a[key].toFixed(0)} | ${l[key].toFixed(0)} | ${(l[key] / a[key]).toFixed(2)}x | ` +
    `${cpu(a[cpuKey])} | ${cpu(l[cpuKey])} |`
  );
};
// The node's CPU per transaction shows what the node takes from the client on a shared machine.
console.log("| workload | anvil tx/s | Lanes tx/s | Lanes / anvil | anvil CPU ms/tx | Lanes CPU ms/tx |");
console.log("|---|---:|---:|---:|---:|---:|");
console.log(row(`one client awaiting each receipt (${SEQUENTIAL} transfers)`, "sequential"));
console.log(row(`${CONCURRENT} concurrent transfers`, "concurrent"));
