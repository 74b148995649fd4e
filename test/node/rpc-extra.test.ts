// Issue 22's RPC additions and corrections: raw encodings (debug_getRaw*), the block `size` as the RLP size,
// transactions with blockTimestamp and blocks without totalDifficulty, a bare block hash as a block
// parameter, eth_getBlockReceipts of an unknown block, polling filters, the newPendingTransactions
// subscription, txpool_content, eth_getStorageValues, and a JSON body for a malformed HTTP request.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { deploy } from "../../tools/heavy-code.js";
import { ANVIL_ADDRESSES, call, startTestNode, tempDir } from "../../tools/node-client.js";
import { asm } from "../evm/helpers.js";

const [A, B] = ANVIL_ADDRESSES;

describe("RPC additions of issue 22", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let url: string;
  let txHash: string;
  let emitter: string;

  before(async () => {
    running = await startTestNode(dir.path);
    url = running.url;
    // Stores 5 in slot 1 and emits LOG1(topic 0x77) when called.
    emitter = await deploy(url, A, asm("PUSH1 5 PUSH1 1 SSTORE PUSH1 0x77 PUSH0 PUSH0 LOG1 STOP"));
    txHash = (await call(url, "eth_sendTransaction", [{ from: A, to: emitter }])) as string;
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("serves raw encodings that match the block, and reports the RLP size", async () => {
    const block = (await call(url, "eth_getBlockByNumber", ["latest", true])) as {
      hash: string;
      size: string;
      totalDifficulty?: string;
      transactions: { blockTimestamp: string }[];
      timestamp: string;
    };
    const rawHeader = (await call(url, "debug_getRawHeader", ["latest"])) as string;
    assert.equal(bytesToHex(keccak256(hexToBytes(rawHeader))), block.hash);
    const rawBlock = (await call(url, "debug_getRawBlock", ["latest"])) as string;
    assert.equal(BigInt(block.size), BigInt((rawBlock.length - 2) / 2));
    assert.equal(block.totalDifficulty, undefined);
    assert.equal(block.transactions[0]!.blockTimestamp, block.timestamp);
    const receipts = (await call(url, "debug_getRawReceipts", ["latest"])) as string[];
    assert.equal(receipts.length, 1);
    assert.equal(
      await call(url, "debug_getRawTransaction", [txHash]),
      await call(url, "eth_getRawTransactionByHash", [txHash]),
    );
  });

  it("takes a bare block hash as a block parameter; eth_getBlockReceipts of an unknown block is null", async () => {
    const block = (await call(url, "eth_getBlockByNumber", ["latest", false])) as { hash: string };
    assert.equal(
      await call(url, "eth_getStorageAt", [emitter, "0x1", block.hash]),
      `0x${"05".padStart(64, "0")}`,
    );
    assert.equal(await call(url, "eth_getBlockReceipts", [`0x${"ab".repeat(32)}`]), null);
    const values = (await call(url, "eth_getStorageValues", [
      { [emitter]: ["0x1", "0x2"] },
      "latest",
    ])) as Record<string, string[]>;
    assert.deepEqual(values[emitter], [`0x${"05".padStart(64, "0")}`, `0x${"0".repeat(64)}`]);
  });

  it("creates an access list with the slots a call touches (eth_createAccessList)", async () => {
    const r = (await call(url, "eth_createAccessList", [{ from: A, to: emitter }])) as {
      accessList: { address: string; storageKeys: string[] }[];
      gasUsed: string;
    };
    assert.deepEqual(r.accessList, [{ address: emitter, storageKeys: [`0x${"01".padStart(64, "0")}`] }]);
    assert.ok(BigInt(r.gasUsed) > 21_000n);
  });

  it("keeps polling filters: blocks, logs and pending transactions since the last poll", async () => {
    const blocks = (await call(url, "eth_newBlockFilter")) as string;
    const logs = (await call(url, "eth_newFilter", [{ address: emitter, fromBlock: "earliest" }])) as string;
    const pending = (await call(url, "eth_newPendingTransactionFilter")) as string;
    const hash = (await call(url, "eth_sendTransaction", [{ from: A, to: emitter }])) as string;
    const block = (await call(url, "eth_getBlockByNumber", ["latest", false])) as { hash: string };
    assert.deepEqual(await call(url, "eth_getFilterChanges", [blocks]), [block.hash]);
    assert.deepEqual(await call(url, "eth_getFilterChanges", [blocks]), []);
    const changes = (await call(url, "eth_getFilterChanges", [logs])) as { transactionHash: string }[];
    assert.deepEqual(
      changes.map((l) => l.transactionHash),
      [hash],
    );
    assert.equal(((await call(url, "eth_getFilterLogs", [logs])) as unknown[]).length, 2);
    assert.deepEqual(await call(url, "eth_getFilterChanges", [pending]), [hash]);
    assert.equal(await call(url, "eth_uninstallFilter", [blocks]), true);
    assert.equal(await call(url, "eth_uninstallFilter", [blocks]), false);
  });

  it("lists the pool with txpool_content and pushes newPendingTransactions", async () => {
    const ws = new WebSocket(url.replace("http", "ws"));
    await new Promise((resolve) => ws.once("open", resolve));
    const messages: { id?: number; params?: { result: string } }[] = [];
    ws.on("message", (m) => messages.push(JSON.parse(m.toString())));
    ws.send(
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newPendingTransactions"] }),
    );
    while (!messages.some((m) => m.id === 1)) await new Promise((r) => setTimeout(r, 5));
    await call(url, "evm_setAutomine", [false]);
    const hash = (await call(url, "eth_sendTransaction", [{ from: B, to: A, value: "0x1" }])) as string;
    while (!messages.some((m) => m.params?.result === hash)) await new Promise((r) => setTimeout(r, 5));
    ws.close();
    const content = (await call(url, "txpool_content")) as {
      pending: Record<string, Record<string, { hash: string }>>;
    };
    const mine = Object.values(content.pending[B]!);
    assert.deepEqual(
      mine.map((t) => t.hash),
      [hash],
    );
    const from = (await call(url, "txpool_contentFrom", [B])) as {
      pending: Record<string, { hash: string }>;
    };
    assert.equal(Object.keys(from.pending).length, 1);
    await call(url, "evm_mine");
    await call(url, "evm_setAutomine", [true]);
  });

  it("answers a malformed HTTP request with a JSON-RPC error body", async () => {
    const port = running.server.address.port;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write("THIS IS NOT HTTP\r\n\r\n"));
      let out = "";
      socket.on("data", (d) => {
        out += d.toString();
      });
      socket.on("end", () => resolve(out));
      socket.on("error", reject);
    });
    assert.match(text, /^HTTP\/1\.1 400 Bad Request/);
    const body = JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)) as { error: { code: number } };
    assert.equal(body.error.code, -32600);
  });
});
