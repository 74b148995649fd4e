// `--throw-on-transaction-failures` (Hardhat's throwOnTransactionFailures, opt-in): a sent transaction that
// is mined and fails is answered with an error carrying its revert data; it stays mined. The default answer
// is anvil's: the hash, with a status-0 receipt.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { ANVIL_ADDRESSES, call, post, signDevTx, startTestNode, tempDir } from "../../tools/node-client.js";

// Init code that reverts with the 4 bytes 0xdeadbeef (a custom error's selector).
const REVERTS = "0x63deadbeef60e01b60005260046000fd";
const A = ANVIL_ADDRESSES[0]!;

function rawCreate(nonce: bigint): string {
  return bytesToHex(signDevTx({ nonce, to: undefined, data: hexToBytes(REVERTS), gasLimit: 100_000n }).raw);
}

type ErrorBody = {
  error?: { code: number; message: string; data?: { message: string; txHash: string; data: string } };
};

async function send(url: string, method: string, param: unknown): Promise<ErrorBody & { result?: string }> {
  const reply = await post(url, JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [param] }));
  return reply.body as ErrorBody & { result?: string };
}

describe("--throw-on-transaction-failures", () => {
  it("answers a mined failing transaction with its revert data; it stays mined", async () => {
    const dir = tempDir();
    const running = await startTestNode(dir.path, { threads: 1, throwOnTransactionFailures: true });
    try {
      for (const [method, param] of [
        ["eth_sendTransaction", { from: A, data: REVERTS, gas: "0x186a0" }],
        ["eth_sendRawTransaction", rawCreate(1n)],
      ] as const) {
        const body = await send(running.url, method, param);
        assert.equal(body.result, undefined, method);
        assert.equal(body.error?.code, -32603);
        assert.match(
          body.error!.message,
          new RegExp(
            "^VM Exception while processing transaction: " +
              "reverted with an unrecognized custom error \\(return data: 0xdeadbeef\\)$",
          ),
        );
        assert.equal(body.error?.data?.data, "0xdeadbeef");
        assert.equal(body.error?.data?.message, body.error?.message);
        const receipt = (await call(running.url, "eth_getTransactionReceipt", [
          body.error!.data!.txHash,
        ])) as {
          status: string;
        };
        assert.equal(receipt.status, "0x0", "the failed transaction is mined");
      }
      // A transaction that succeeds is answered with its hash.
      const ok = await send(running.url, "eth_sendTransaction", {
        from: A,
        to: ANVIL_ADDRESSES[1],
        value: "0x1",
      });
      assert.match(ok.result ?? "", /^0x[0-9a-f]{64}$/);
    } finally {
      await running.close();
      dir.remove();
    }
  });

  it("is off by default: the hash, and a status-0 receipt (anvil's answer)", async () => {
    const dir = tempDir();
    const running = await startTestNode(dir.path, { threads: 1 });
    try {
      const body = await send(running.url, "eth_sendTransaction", { from: A, data: REVERTS, gas: "0x186a0" });
      assert.equal(body.error, undefined);
      const receipt = (await call(running.url, "eth_getTransactionReceipt", [body.result])) as {
        status: string;
      };
      assert.equal(receipt.status, "0x0");
    } finally {
      await running.close();
      dir.remove();
    }
  });
});
