// End-to-end checks of `lanes run <block.json>`: the compiled bin on block files with impersonated and
// signed transactions, its JSON and human output, and one clear line with a non-zero status for each kind
// of bad input (including an invalid transaction, which fails the block).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { bytesToHex } from "../../src/primitives/hex.js";
import {
  ADDR,
  addr,
  ETHER,
  GETH_SAMPLE,
  hex,
  type Json,
  KEY,
  LOGGER,
  RECIPIENT,
  scenarioAlloc,
  scenarioEnv,
} from "../t8n/helpers.js";
import { gethConfigThrough } from "./geth-config.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lanes-run-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function file(content: string | Json): string {
  const path = join(dir, `block${count++}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

function lanes(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, "run", ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Two impersonated transactions (no nonces: derived) and one signed with a key. */
function block(txs?: Json[]): Json {
  return {
    env: scenarioEnv({ chainId: "0x1" }),
    pre: scenarioAlloc(),
    txs: txs ?? [
      { from: addr(ADDR), to: addr(RECIPIENT), gas: "21000", gasPrice: "0xa", value: hex(ETHER) },
      {
        from: addr(ADDR),
        to: addr(LOGGER),
        gas: "100000",
        maxFeePerGas: "0x64",
        maxPriorityFeePerGas: "0x1",
        value: "0x3",
      },
      { to: addr(RECIPIENT), gas: "21000", gasPrice: "0xa", nonce: "0x2", secretKey: bytesToHex(KEY) },
    ],
  };
}

test("--json: gas, receipts with logs, state root and the touched accounts", () => {
  const r = lanes(file(block()), "--fork", "Cancun", "--json");
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    gasUsed: string;
    blobGasUsed: string;
    receipts: {
      status: string;
      gasUsed: string;
      logs: { address: string; topics: string[]; data: string }[];
    }[];
    stateRoot: string;
    post: Record<string, { balance: string; nonce?: string; storage?: Record<string, string> } | null>;
  };
  assert.deepEqual(
    out.receipts.map((x) => x.status),
    ["0x1", "0x1", "0x1"],
  );
  assert.equal(out.receipts[0]!.gasUsed, hex(21000n));
  assert.deepEqual(out.receipts[1]!.logs, [
    { address: addr(LOGGER), topics: [`0x${"7".padStart(64, "0")}`], data: "0xaa" },
  ]);
  assert.equal(
    BigInt(out.gasUsed),
    out.receipts.reduce((sum, x) => sum + BigInt(x.gasUsed), 0n),
  );
  assert.equal(out.blobGasUsed, "0x0");
  assert.match(out.stateRoot, /^0x[0-9a-f]{64}$/);
  assert.equal(out.post[addr(ADDR)]?.nonce, "0x3", "nonces 0 and 1 derived, 2 given");
  assert.equal(out.post[addr(RECIPIENT)]?.balance, hex(ETHER));
  assert.equal(out.post[addr(LOGGER)]?.storage?.[`0x${"0".repeat(64)}`], `0x${"3".padStart(64, "0")}`);
  assert.deepEqual(Object.keys(out.post).sort(), Object.keys(out.post), "sorted by address");
});

test("the human summary, and a Prague block with system calls turned off", () => {
  const r = lanes(file(block()), "--fork", "Cancun");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^block 1 \(Cancun\): 3 transactions\n/);
  assert.match(r.stdout, /state root {2}0x[0-9a-f]{64}/);
  assert.match(r.stdout, /tx 1 {2}ok {4} {2}gas \d+ {2}logs 1/);

  const prague = lanes(file(block()), "--fork", "Prague", "--no-system-calls");
  assert.equal(prague.status, 0, prague.stderr);
  assert.match(prague.stdout, /^block 1 \(Prague, no system calls\)/);
});

test("the fork follows mainnet's whole schedule without --fork, or a genesis' with --genesis", () => {
  const b = block() as { env: Record<string, Json> };
  b.env.currentTimestamp = "1710338135"; // Cancun's activation on mainnet
  const r = lanes(file(b), "--json");
  assert.equal(r.status, 0, r.stderr);
  // Block 1 at an early timestamp is a Frontier block on mainnet: the type-2 transaction is refused.
  const early = lanes(file(block()));
  assert.equal(early.status, 1);
  assert.match(early.stderr, /^lanes run: .*TYPE_2_TX_PRE_FORK/);
  const legacyOnly = block() as { txs: Json[] };
  legacyOnly.txs = [legacyOnly.txs[0]!];
  const frontier = lanes(file(legacyOnly));
  assert.equal(frontier.status, 0, frontier.stderr);
  assert.match(frontier.stdout, /^block 1 \(Frontier\)/);

  // A genesis' schedule: Cancun from time 0 (the whole genesis.json, or its bare config).
  const config = gethConfigThrough("cancun");
  for (const genesis of [file({ config, alloc: {} }), file(config)]) {
    const cancun = lanes(file(block()), "--genesis", genesis);
    assert.equal(cancun.status, 0, cancun.stderr);
    assert.match(cancun.stdout, /^block 1 \(Cancun\)/);
  }
  const both = lanes(file(block()), "--genesis", file(config), "--fork", "Cancun");
  assert.equal(both.status, 2);
  assert.match(both.stderr, /^lanes: run: give --fork or --genesis, not both\n$/);
  const bad = lanes(file(block()), "--genesis", file({ config: { chainId: "x" } }));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^lanes: run: --genesis .*chainId/);
  const missing = lanes(file(block()), "--genesis", join(tmpdir(), "no-such-genesis.json"));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /ENOENT/);
});

test("geth's sample transaction, run as its sender, reaches geth's state root", () => {
  const tx = GETH_SAMPLE.input.txs[0]!;
  const r = lanes(
    file({
      env: GETH_SAMPLE.input.env,
      pre: GETH_SAMPLE.input.alloc,
      txs: [{ from: tx.sender, to: tx.to, gas: tx.gas, gasPrice: tx.gasPrice, nonce: tx.nonce }],
    }),
    "--fork=Cancun",
    "--json",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { stateRoot: string }).stateRoot, GETH_SAMPLE.result.stateRoot);
});

function failsWith(r: ReturnType<typeof lanes>, status: number, pattern: RegExp): void {
  assert.equal(r.status, status, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.equal(r.stdout, "");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test("bad input: exit 1 with one line", () => {
  failsWith(
    lanes(join(dir, "missing.json"), "--fork=Cancun"),
    1,
    /^lanes run: cannot read block file .*missing\.json: no such file$/,
  );
  failsWith(lanes(file("{"), "--fork=Cancun"), 1, /^lanes run: .*block\d+\.json: invalid JSON/);
  const badHex = block([
    { from: addr(ADDR), to: addr(RECIPIENT), gas: "0x5208", gasPrice: "0xa", input: "0xnothex" },
  ]);
  failsWith(lanes(file(badHex), "--fork=Cancun"), 1, /block\d+\.json: txs\[0\]\.input: invalid hex/);
  const noFrom = block([{ to: addr(RECIPIENT), gas: "0x5208", gasPrice: "0xa" }]);
  failsWith(lanes(file(noFrom), "--fork=Cancun"), 1, /txs\[0\]\.from: missing/);
  const noEnv = block() as Record<string, Json>;
  delete noEnv.env;
  failsWith(lanes(file(noEnv), "--fork=Cancun"), 1, /env: expected an object/);
});

test("an invalid transaction fails the block (exit 1), naming the transaction and the reason", () => {
  const poor = block([
    { from: addr(RECIPIENT), to: addr(ADDR), gas: "21000", gasPrice: "0xa", value: "0x1" },
  ]);
  failsWith(
    lanes(file(poor), "--fork=Cancun"),
    1,
    /^lanes run: TransactionException\.INSUFFICIENT_ACCOUNT_FUNDS: transaction 0/,
  );
  failsWith(lanes(file(block()), "--fork=Prague"), 1, /SYSTEM_CONTRACT_EMPTY.*--no-system-calls/);
});

test("usage errors: exit 2", () => {
  failsWith(lanes(), 2, /^lanes: run: no block file given$/);
  failsWith(lanes(file(block()), file(block())), 2, /expected one block file/);
  failsWith(lanes(file(block()), "--fork", "Amsterdam"), 2, /unknown fork "Amsterdam"/);
  failsWith(
    lanes(file(block()), "--threads", "0"),
    2,
    /--threads wants a whole number from 1 to 256, got "0"/,
  );
  failsWith(lanes(file(block()), "--threads", "two"), 2, /--threads wants a whole number/);
  failsWith(lanes(file(block()), "--sequential", "--parallel"), 2, /exclude each other/);
  failsWith(lanes(file(block()), "--turbo"), 2, /unknown option --turbo/);
});

test("--parallel at 1, 2 and 4 threads prints exactly the --sequential output; --stats reports the mode", () => {
  const path = file(block());
  const reference = lanes(path, "--fork", "Cancun", "--json", "--sequential", "--stats");
  assert.equal(reference.status, 0, reference.stderr);
  assert.match(reference.stderr, /^mode=sequential txs=3 .*\(sequential mode requested\)\n$/);
  for (const threads of ["1", "2", "4"]) {
    const r = lanes(path, "--fork", "Cancun", "--json", "--parallel", "--threads", threads, "--stats");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, reference.stdout);
    // Never more threads than transactions.
    const used = Math.min(Number(threads), 3);
    assert.match(r.stderr, new RegExp(`^mode=parallel txs=3 .* threads=${used} .*executions=\\d+`));
  }
  // Without a mode, the fallback policy keeps a three-transaction block sequential and says why.
  const auto = lanes(path, "--fork", "Cancun", "--json", "--stats");
  assert.equal(auto.stdout, reference.stdout);
  assert.match(auto.stderr, /mode=sequential .*\((small block \(3 < 32 txs\)|one thread)\)/);
});

test("an invalid transaction fails the block the same way in parallel", () => {
  const poor = block([
    { from: addr(ADDR), to: addr(RECIPIENT), gas: "21000", gasPrice: "0xa", value: "0x1" },
    { from: addr(RECIPIENT), to: addr(ADDR), gas: "21000", gasPrice: "0xa", value: hex(ETHER * 1000n) },
  ]);
  const sequential = lanes(file(poor), "--fork=Cancun", "--sequential");
  const parallel = lanes(file(poor), "--fork=Cancun", "--parallel", "--threads", "2");
  assert.equal(sequential.status, 1);
  assert.equal(parallel.status, 1);
  assert.match(parallel.stderr, /INSUFFICIENT_ACCOUNT_FUNDS: transaction 1/);
  assert.equal(parallel.stderr, sequential.stderr);
});
