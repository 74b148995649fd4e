// `--code-size-limit N` and `--disable-code-size-limit` (anvil's options, issue 22): a node started with a
// raised limit deploys code above EIP-170's 24,576 bytes up to its limit, with initcode up to twice it; with
// the limit disabled, neither size is limited. The default (EIP-170) is checked in devnet.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MAX_CODE_SIZE_LIMIT } from "../../src/node/index.js";
import { deployment } from "../../tools/heavy-code.js";
import { ANVIL_ADDRESSES, call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";

const A = ANVIL_ADDRESSES[0]!;

type Receipt = { status: string; contractAddress: string | null };

async function create(url: string, size: number): Promise<Receipt> {
  const hash = (await call(url, "eth_sendTransaction", [
    { from: A, data: deployment(new Uint8Array(size).fill(0x5b)), gas: "0xf00000" },
  ])) as string;
  return (await call(url, "eth_getTransactionReceipt", [hash])) as Receipt;
}

for (const [name, limit] of [
  ["--code-size-limit 30000", 30_000],
  ["--disable-code-size-limit", MAX_CODE_SIZE_LIMIT],
] as const) {
  describe(`lanes node ${name}`, () => {
    const dir = tempDir();
    let running: Awaited<ReturnType<typeof startTestNode>>;
    before(async () => {
      running = await startTestNode(dir.path, { codeSizeLimit: limit, threads: 1 });
    });
    after(async () => {
      await running?.close();
      dir.remove();
    });

    it("deploys code above EIP-170's limit", async () => {
      const r = await create(running.url, 25_000);
      assert.equal(r.status, "0x1");
      const code = (await call(running.url, "eth_getCode", [r.contractAddress, "latest"])) as string;
      assert.equal((code.length - 2) / 2, 25_000);
    });

    if (limit === 30_000) {
      it("refuses code above its own limit, and initcode above twice it at admission", async () => {
        assert.equal((await create(running.url, 30_001)).status, "0x0");
        assert.equal((await create(running.url, 30_000)).status, "0x1");
        const big = (await rpc(running.url, "eth_sendTransaction", [
          { from: A, data: `0x${"00".repeat(60_001)}`, gas: "0xf00000" },
        ])) as { error?: { message: string } };
        assert.match(big.error?.message ?? "", /initcode|max initcode size/i);
      });
    } else {
      it("deploys code above twice EIP-170's limit (initcode above EIP-3860's 49,152 bytes)", async () => {
        const r = await create(running.url, 50_000);
        assert.equal(r.status, "0x1");
      });
    }
  });
}
