// Hostile and broken input: each gets the right JSON-RPC error and the node keeps serving.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { encodeTransaction } from "../../src/tx/codec/encode.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import type { UnsignedTransaction } from "../../src/tx/codec/types.js";
import {
  ANVIL_ADDRESSES,
  ANVIL_KEYS,
  call,
  post,
  rpc,
  startTestNode,
  tempDir,
} from "../../tools/node-client.js";

type ErrorBody = { jsonrpc: string; id: unknown; error: { code: number; message: string } };

function transfer(overrides: Partial<UnsignedTransaction> = {}): UnsignedTransaction {
  return {
    type: 2,
    chainId: 31337n,
    nonce: 0n,
    gasLimit: 21_000n,
    to: BigInt(ANVIL_ADDRESSES[1]),
    value: 1n,
    data: new Uint8Array(0),
    gasPrice: 10n ** 10n,
    maxFeePerGas: 10n ** 10n,
    maxPriorityFeePerGas: 10n ** 9n,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    authorizationList: [],
    ...overrides,
  };
}

const raw = (tx: UnsignedTransaction, key: string = ANVIL_KEYS[0]) =>
  bytesToHex(signTransaction(tx, hexToBytes(key)).raw);

describe("lanes node malformed input", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let url: string;

  before(async () => {
    running = await startTestNode(dir.path, { maxBodyBytes: 256 * 1024, maxBatch: 50 });
    url = running.url;
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  async function expectError(body: string, code: number, message?: RegExp): Promise<ErrorBody> {
    const reply = await post(url, body);
    const r = reply.body as ErrorBody;
    assert.equal(r.error?.code, code, `${body.slice(0, 80)} -> ${JSON.stringify(r)}`);
    if (message) assert.match(r.error.message, message);
    return r;
  }

  it("answers broken JSON with -32700", async () => {
    for (const body of ["{", "", "nul", '{"jsonrpc":"2.0",', "\u0000\u0001", "[1,2"]) {
      await expectError(body, -32700);
    }
  });

  it("answers invalid requests with -32600", async () => {
    for (const body of [
      "1",
      '"x"',
      "null",
      "[]",
      '{"jsonrpc":"1.0","id":1,"method":"eth_chainId"}',
      '{"id":1,"method":"eth_chainId"}',
      '{"jsonrpc":"2.0","id":1,"method":5}',
      '{"jsonrpc":"2.0","id":{"a":1},"method":"eth_chainId"}',
      '{"jsonrpc":"2.0","id":[1],"method":"eth_chainId"}',
    ]) {
      await expectError(body, -32600);
    }
    const mixed = await post(url, '[1, {"jsonrpc":"2.0","id":7,"method":"eth_chainId"}]');
    const [bad, good] = mixed.body as [ErrorBody, { id: number; result: string }];
    assert.equal(bad.error.code, -32600);
    assert.equal(good.id, 7);
    assert.equal(good.result, "0x7a69");
  });

  it("answers unknown methods with -32601 and echoes odd but valid ids", async () => {
    const r = await expectError('{"jsonrpc":"2.0","id":"abc","method":"eth_nope"}', -32601);
    assert.equal(r.id, "abc");
    await expectError('{"jsonrpc":"2.0","id":1,"method":"__proto__"}', -32601);
    await expectError('{"jsonrpc":"2.0","id":1,"method":"constructor"}', -32601);
    const huge = await post(
      url,
      '{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"eth_chainId"}',
    );
    assert.equal((huge.body as { result: string }).result, "0x7a69");
    const longId = "x".repeat(10_000);
    const long = await post(url, JSON.stringify({ jsonrpc: "2.0", id: longId, method: "eth_chainId" }));
    assert.equal((long.body as { id: string }).id, longId);
  });

  it("answers wrong parameter types with -32602", async () => {
    const cases: [string, unknown[]][] = [
      ["eth_getBalance", [123]],
      ["eth_getBalance", ["0x1234"]],
      ["eth_getBalance", [ANVIL_ADDRESSES[0], "yesterday"]],
      ["eth_getBalance", [ANVIL_ADDRESSES[0], { blockNumber: [] }]],
      ["eth_getBlockByNumber", [{}, false]],
      ["eth_getBlockByNumber", ["latest", "yes"]],
      ["eth_getBlockByHash", ["0x12", false]],
      ["eth_call", ["not an object"]],
      ["eth_call", [{ to: "0xzz" }]],
      ["eth_call", [{ value: `0x${"f".repeat(80)}` }]],
      ["eth_getStorageAt", [ANVIL_ADDRESSES[0], 5]],
      ["eth_getLogs", [{ topics: "0x1" }]],
      ["eth_getLogs", [{ address: [1, 2] }]],
      ["eth_getProof", [ANVIL_ADDRESSES[0], "0x1"]],
      ["eth_sendRawTransaction", [42]],
      ["eth_sendRawTransaction", ["0xabc"]],
      ["eth_feeHistory", ["0x0", "latest", []]],
      ["eth_feeHistory", ["0x1", "latest", [90, 10]]],
      ["anvil_setBalance", [ANVIL_ADDRESSES[0], -1]],
    ];
    for (const [method, params] of cases) {
      const r = await rpc(url, method, params);
      assert.equal(
        (r.error as { code: number } | undefined)?.code,
        -32602,
        `${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`,
      );
    }
    await expectError('{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":{"a":1}}', -32602);
  });

  it("limits batch size and request size", async () => {
    const batch = JSON.stringify(
      Array.from({ length: 51 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId" })),
    );
    await expectError(batch, -32600, /batch too large/);
    const ok = await post(
      url,
      JSON.stringify(
        Array.from({ length: 50 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId" })),
      ),
    );
    assert.equal((ok.body as unknown[]).length, 50);
    const big = await post(
      url,
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_call",
        params: [{ data: `0x${"00".repeat(200_000)}` }],
      }),
    );
    assert.equal(big.status, 413);
    assert.equal((big.body as ErrorBody).error.code, -32600);
  });

  it("answers notifications with nothing and still runs them", async () => {
    const reply = await post(url, '{"jsonrpc":"2.0","method":"eth_chainId"}');
    assert.equal(reply.body, undefined);
    const batch = await post(
      url,
      '[{"jsonrpc":"2.0","method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"eth_chainId"}]',
    );
    assert.equal((batch.body as unknown[]).length, 1);
  });

  it("refuses invalid transactions with geth's -32000 messages", async () => {
    // Garbage RLP, a bad signature, the wrong chain id.
    await expectError(
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: ["0x02c0"] }),
      -32000,
    );
    const good = signTransaction(transfer(), hexToBytes(ANVIL_KEYS[0]));
    const badSig = encodeTransaction(transfer(), { v: 0n, r: good.r, s: (1n << 255n) + 5n });
    const r1 = await rpc(url, "eth_sendRawTransaction", [bytesToHex(badSig)]);
    assert.equal((r1.error as { code: number }).code, -32000);
    const r2 = await rpc(url, "eth_sendRawTransaction", [raw(transfer({ chainId: 1n }))]);
    assert.equal((r2.error as { code: number; message: string }).code, -32000);
    assert.match((r2.error as { message: string }).message, /chain id/);
    // Too little gas, too little money, then a valid one and a stale nonce.
    const r3 = await rpc(url, "eth_sendRawTransaction", [raw(transfer({ gasLimit: 20_000n }))]);
    assert.deepEqual(r3.error, { code: -32000, message: "intrinsic gas too low" });
    const r4 = await rpc(url, "eth_sendRawTransaction", [raw(transfer({ value: 10n ** 30n }))]);
    assert.deepEqual(r4.error, { code: -32000, message: "insufficient funds for gas * price + value" });
    const hash = await call(url, "eth_sendRawTransaction", [raw(transfer())]);
    assert.equal(typeof hash, "string");
    const r5 = await rpc(url, "eth_sendRawTransaction", [raw(transfer({ value: 2n }))]);
    assert.deepEqual(r5.error, { code: -32000, message: "nonce too low" });
    const r6 = await rpc(url, "eth_sendRawTransaction", [raw(transfer())]);
    assert.deepEqual(r6.error, { code: -32000, message: "already known" });
  });

  it("refuses an underpriced replacement of a queued transaction", async () => {
    // Nonce 5 of account 1 is queued (gap), so it stays in the pool to be replaced.
    const first = raw(transfer({ nonce: 5n }), ANVIL_KEYS[1]);
    await call(url, "eth_sendRawTransaction", [first]);
    const cheap = raw(transfer({ nonce: 5n, value: 2n, maxFeePerGas: 10n ** 10n + 1n }), ANVIL_KEYS[1]);
    const r = await rpc(url, "eth_sendRawTransaction", [cheap]);
    assert.deepEqual(r.error, { code: -32000, message: "replacement transaction underpriced" });
    const bumped = raw(
      transfer({ nonce: 5n, value: 2n, maxFeePerGas: 2n * 10n ** 10n, maxPriorityFeePerGas: 2n * 10n ** 9n }),
      ANVIL_KEYS[1],
    );
    assert.equal(typeof (await call(url, "eth_sendRawTransaction", [bumped])), "string");
    const status = (await call(url, "txpool_status")) as { pending: string; queued: string };
    assert.deepEqual(status, { pending: "0x0", queued: "0x1" });
  });

  it("survives raw HTTP abuse and keeps serving", async () => {
    const get = await fetch(url);
    assert.equal(get.status, 405);
    const reply = await rawExchange(url, "GARBAGE / HTTP/9.9\r\n\r\n\r\n");
    assert.match(reply.head, /^HTTP\/1\.1 400 /);
    assert.equal(reply.body.error.code, -32600);
    assert.match(reply.body.error.message, /^bad HTTP request: /);
    assert.equal(await call(url, "eth_chainId"), "0x7a69");
  });
});

/** Writes `data` on a new TCP connection to `url`'s server and reads until the server closes it. */
async function rawExchange(url: string, data: string): Promise<{ head: string; body: ErrorBody }> {
  const { connect } = await import("node:net");
  const { port } = new URL(url);
  const text = await new Promise<string>((resolve, reject) => {
    let out = "";
    const s = connect(Number(port), "127.0.0.1", () => s.write(data));
    s.setEncoding("utf8");
    s.on("data", (d: string) => {
      out += d;
    });
    s.on("close", () => resolve(out));
    s.on("error", reject);
  });
  const split = text.indexOf("\r\n\r\n");
  return { head: text.slice(0, split), body: JSON.parse(text.slice(split + 4)) as ErrorBody };
}

describe("lanes node: a client too slow to send its request", () => {
  it("gets HTTP 408 with a JSON-RPC error body, and the node keeps serving", async () => {
    const dir = tempDir();
    const running = await startTestNode(dir.path, { requestTimeoutMs: 300 });
    try {
      // Headers promise a 100-byte body; one byte comes, then nothing until the server gives up.
      const reply = await rawExchange(
        running.url,
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
      );
      assert.match(reply.head, /^HTTP\/1\.1 408 Request Timeout/);
      assert.match(reply.head, /Content-Type: application\/json/);
      assert.deepEqual(reply.body, {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: "request timed out" },
      });
      assert.equal(await call(running.url, "eth_chainId"), "0x7a69");
    } finally {
      await running.close();
      dir.remove();
    }
  });
});
