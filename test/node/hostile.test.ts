// Regression tests of issue 14 ("lanes node under hostile input"): bounded and timed-out traces, blocks and
// traces off the event loop (the order of replies, not their timing), timestamps past 2^64-1, deep JSON, and
// the browser-facing defaults (origins, Host, content type, sequencer mode). Damaged data directories are in
// damaged-dir.test.ts, a balance pushed past 2^256-1 in balance-overflow.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { bytesToHex } from "../../src/primitives/hex.js";
import { deploy, FULL_STACK_LOOP, PAIRING_LOOP } from "../../tools/heavy-code.js";
import { ANVIL_ADDRESSES, call, post, rpc, startTestNode, tempDir } from "../../tools/node-client.js";

const [A, B] = ANVIL_ADDRESSES;
/** Gas for a few BN254 pairings: long enough (hundreds of ms) for replies to overtake it. */
const HEAVY_GAS = "0x927c0";

type Reply = Record<string, unknown> & { error?: { code: number; message: string } };

describe("lanes node under hostile input", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let url: string;
  let pairing: string;
  let fullStack: string;

  before(async () => {
    running = await startTestNode(dir.path, { traceMaxBytes: 1_000_000 });
    url = running.url;
    pairing = await deploy(url, A, PAIRING_LOOP);
    fullStack = await deploy(url, A, FULL_STACK_LOOP);
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("bounds a struct-log trace of a full stack with a clear error, and keeps serving", async () => {
    // The longest timeout geth's option allows, so that on a slow (loaded) machine the output bound, not
    // the default 5 s timeout, is what ends the trace (the timeout has its own test below).
    const r = (await rpc(url, "debug_traceCall", [
      { to: fullStack, gas: "0x1e8480" },
      "latest",
      { timeout: "60s" },
    ])) as Reply;
    assert.equal(r.error?.code, -32000);
    assert.match(r.error!.message, /trace output exceeds 1000000 bytes/);
    // The same trace within bounds: the callTracer, or a struct-log limit.
    const small = (await call(url, "debug_traceCall", [
      { to: fullStack, gas: "0x1e8480" },
      "latest",
      { limit: 10 },
    ])) as { structLogs: unknown[] };
    assert.equal(small.structLogs.length, 10);
    assert.equal(await call(url, "eth_chainId"), "0x7a69");
  });

  it("ends a trace past its timeout with 'execution timeout'", async () => {
    const r = (await rpc(url, "debug_traceCall", [
      { to: pairing, gas: HEAVY_GAS },
      "latest",
      { tracer: "callTracer", timeout: "10ms" },
    ])) as Reply;
    assert.equal(r.error?.code, -32000);
    assert.equal(r.error?.message, "execution timeout");
    const bad = (await rpc(url, "debug_traceCall", [
      { to: pairing },
      "latest",
      { timeout: "forever" },
    ])) as Reply;
    assert.equal(bad.error?.code, -32602);
    // The next trace runs on a new trace thread.
    const ok = (await call(url, "debug_traceCall", [{ to: A }, "latest", { tracer: "callTracer" }])) as {
      type: string;
    };
    assert.equal(ok.type, "CALL");
  });

  it("answers eth_blockNumber while a heavy trace runs", async () => {
    const order: string[] = [];
    const trace = rpc(url, "debug_traceCall", [
      { to: pairing, gas: HEAVY_GAS },
      "latest",
      { tracer: "callTracer" },
    ]).then((r) => {
      order.push("trace");
      return r;
    });
    // On a blocked event loop this timer could only fire after the trace has been answered.
    await sleep(30);
    const n = await call(url, "eth_blockNumber");
    order.push("blockNumber");
    assert.equal(typeof n, "string");
    assert.equal(((await trace) as Reply).error, undefined);
    assert.deepEqual(order, ["blockNumber", "trace"]);
  });

  it("answers eth_blockNumber while a heavy block executes", async () => {
    const before = (await call(url, "eth_blockNumber")) as string;
    const order: string[] = [];
    const send = rpc(url, "eth_sendTransaction", [{ from: B, to: pairing, gas: HEAVY_GAS }]).then((r) => {
      order.push("block");
      return r;
    });
    await sleep(30);
    const during = await call(url, "eth_blockNumber");
    order.push("blockNumber");
    assert.equal(((await send) as Reply).error, undefined);
    assert.deepEqual(order, ["blockNumber", "block"]);
    assert.equal(during, before, "the block was not yet committed when eth_blockNumber answered");
    assert.equal(BigInt((await call(url, "eth_blockNumber")) as string), BigInt(before) + 1n);
  });

  it("answers eth_blockNumber while the witness of a heavy block is generated", async () => {
    const hash = await call(url, "eth_sendTransaction", [{ from: B, to: pairing, gas: HEAVY_GAS }]);
    const { blockNumber } = (await call(url, "eth_getTransactionReceipt", [hash])) as { blockNumber: string };
    const order: string[] = [];
    const witness = rpc(url, "debug_executionWitness", [blockNumber]).then((r) => {
      order.push("witness");
      return r as Reply & { result?: { state: string[]; headers: string[] } };
    });
    // On a blocked event loop this timer could only fire after the witness has been answered.
    await sleep(30);
    assert.equal(await call(url, "eth_blockNumber"), blockNumber);
    order.push("blockNumber");
    const reply = await witness;
    assert.equal(reply.error, undefined);
    assert.ok(reply.result!.state.length > 0);
    assert.equal(reply.result!.headers.length, 1, "the parent's header (the block reads no BLOCKHASH)");
    assert.deepEqual(order, ["blockNumber", "witness"]);
  });

  it("refuses block timestamps past 2^64-1 with -32602 and never stores such a block", async () => {
    const max = "0xffffffffffffffff";
    const over = (await rpc(url, "evm_mine", [{ timestamp: "0x10000000000000000" }])) as Reply;
    assert.equal(over.error?.code, -32602);
    const next = (await rpc(url, "evm_setNextBlockTimestamp", ["0x10000000000000000"])) as Reply;
    assert.equal(next.error?.code, -32602);
    const snapshot = await call(url, "evm_snapshot");
    await call(url, "evm_mine", [{ timestamp: max }]);
    const latest = (await call(url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    assert.equal(latest.timestamp, max);
    const after = (await rpc(url, "evm_mine")) as Reply;
    assert.equal(after.error?.code, -32602, "the block after it would need a 9-byte timestamp");
    assert.equal(
      ((await call(url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp,
      max,
    );
    assert.equal(await call(url, "evm_revert", [snapshot]), true);
  });

  it("refuses JSON nested deeper than the limit with -32600", async () => {
    const deep = `{"jsonrpc":"2.0","id":1,"method":"debug_traceCall","params":[{},"latest",${"[".repeat(100_000)}${"]".repeat(100_000)}]}`;
    const r = await post(url, deep);
    assert.equal((r.body as Reply).error?.code, -32600);
    assert.match((r.body as Reply).error!.message, /nested deeper than 64/);
    // Brackets inside strings do not count.
    const quoted = await post(
      url,
      JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "web3_sha3",
        params: [bytesToHex(new Uint8Array(1))],
        x: "[".repeat(1000),
      }),
    );
    assert.equal((quoted.body as Reply).error, undefined);
  });

  it("serves pages on loopback origins only, needs application/json and an allowed Host", async () => {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_sendTransaction",
      params: [{ from: A, to: B }],
    });
    const blockBefore = await call(url, "eth_blockNumber");
    const evil = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", origin: "http://evil.example" },
    });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get("access-control-allow-origin"), null);
    const plain = await fetch(url, { method: "POST", body, headers: { "content-type": "text/plain" } });
    assert.equal(plain.status, 415);
    assert.equal(await call(url, "eth_blockNumber"), blockBefore, "neither request sent a transaction");
    const local = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }),
      headers: { "content-type": "application/json", origin: "http://localhost:5173" },
    });
    assert.equal(local.status, 200);
    assert.equal(local.headers.get("access-control-allow-origin"), "http://localhost:5173");
    const preflight = await fetch(url, { method: "OPTIONS", headers: { origin: "http://evil.example" } });
    assert.equal(preflight.status, 403);
  });
});

describe("Host allow-list and sequencer mode", () => {
  it("checks the Host header (DNS rebinding) and widens with allowHosts/allowOrigins", async () => {
    const { request } = await import("node:http");
    const dir = tempDir();
    const node = await startTestNode(dir.path, {
      allowOrigins: ["https://app.example"],
      allowHosts: ["rpc.example"],
    });
    try {
      const port = node.server.address.port;
      const send = (host: string, origin?: string) =>
        new Promise<number>((resolve, reject) => {
          const headers: Record<string, string> = { host, "content-type": "application/json" };
          if (origin !== undefined) headers.origin = origin;
          const req = request({ host: "127.0.0.1", port, method: "POST", headers }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on("error", reject);
          req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }));
        });
      assert.equal(await send("evil.example"), 403);
      assert.equal(await send("rpc.example:8545"), 200);
      assert.equal(await send("localhost:8545"), 200);
      assert.equal(await send("127.0.0.1"), 200);
      assert.equal(await send("localhost", "https://app.example"), 200);
      assert.equal(await send("localhost", "https://other.example"), 403);
    } finally {
      await node.close();
      dir.remove();
    }
  });

  it("has no unlocked accounts and no anvil_/hardhat_/evm_ methods with devAccounts: false", async () => {
    const dir = tempDir();
    const node = await startTestNode(dir.path, { devAccounts: false });
    try {
      assert.deepEqual(await call(node.url, "eth_accounts"), []);
      assert.equal(await call(node.url, "eth_getBalance", [A, "latest"]), "0x0");
      for (const method of [
        "anvil_setBalance",
        "hardhat_setBalance",
        "evm_mine",
        "evm_snapshot",
        "anvil_impersonateAccount",
      ]) {
        assert.equal(((await rpc(node.url, method, [A, "0x1"])) as Reply).error?.code, -32601, method);
      }
      const send = (await rpc(node.url, "eth_sendTransaction", [{ from: A, to: B }])) as Reply;
      assert.equal(send.error?.code, -32000);
      assert.equal(await call(node.url, "eth_chainId"), "0x7a69");
    } finally {
      await node.close();
      dir.remove();
    }
  });
});
