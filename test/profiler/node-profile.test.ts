// `lanes node` serves the profiler: lanes_profileBlock(blockNumber) answers with the JSON report of a mined
// block (re-executed on its parent's state, reproducing the header's state root) and GET /profile/<n> with
// the HTML report; `lanes profile --rpc`'s client reads it. The block: 8 senders, two transfers each (the
// second depends on the first through the sender's nonce and balance), so the report's edges are known.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_MNEMONIC, devAccounts } from "../../src/node/index.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { fetchProfile } from "../../src/profiler/rpc-client.js";
import type { BlockProfile } from "../../src/profiler/types.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import { call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";

describe("lanes node serves profiles", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  const senders = devAccounts(DEFAULT_MNEMONIC, 8);
  let number: string;

  before(async () => {
    running = await startTestNode(dir.path, { blockTime: 3_600_000, threads: 2 });
    for (let nonce = 0n; nonce < 2n; nonce++) {
      for (const [i, a] of senders.entries()) {
        const signed = signTransaction(
          {
            type: 2,
            chainId: 31337n,
            nonce,
            gasLimit: 30_000n,
            to: 0xbeef0000n + BigInt(i),
            value: 1_000n,
            data: new Uint8Array(0),
            gasPrice: 0n,
            maxFeePerGas: 10n ** 10n,
            maxPriorityFeePerGas: 1n,
            accessList: [],
            maxFeePerBlobGas: 0n,
            blobVersionedHashes: [],
            authorizationList: [],
          },
          a.privateKey,
        );
        await call(running.url, "eth_sendRawTransaction", [bytesToHex(signed.raw)]);
      }
    }
    await call(running.url, "evm_mine");
    number = ((await call(running.url, "eth_getBlockByNumber", ["latest", false])) as { number: string })
      .number;
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  /** Edges expected: each sender's first transfer -> its second. */
  function checkReport(p: BlockProfile): void {
    assert.equal(p.txs, 16);
    assert.equal(p.block.number, BigInt(number).toString());
    const bySender = new Map<string, number[]>();
    for (const t of p.transactions) bySender.set(t.from, [...(bySender.get(t.from) ?? []), t.index]);
    assert.equal(bySender.size, 8);
    const expected = [...bySender.values()].map(([a, b]) => `${a}->${b}`).sort();
    assert.deepEqual(p.edges.map((e) => `${e.from}->${e.to}`).sort(), expected);
    for (const e of p.edges) {
      assert.equal(e.location.address, p.transactions[e.from]!.from);
      assert.ok(["nonce", "balance"].includes(e.location.kind), e.location.kind);
    }
    assert.equal(p.criticalPath.txs.length, 2);
    assert.deepEqual(Object.keys(p.speedupBound).sort(), ["16", "2", "32", "4", "8"]);
  }

  it("lanes_profileBlock answers with the JSON report; unknown blocks are null, bad ones errors", async () => {
    const p = (await call(running.url, "lanes_profileBlock", [number])) as BlockProfile;
    checkReport(p);
    // The same through `lanes profile --rpc`'s client.
    checkReport(await fetchProfile(running.url, BigInt(number)));
    assert.equal(await call(running.url, "lanes_profileBlock", ["0x99"]), null);
    const genesis = await rpc(running.url, "lanes_profileBlock", ["0x0"]);
    assert.match(JSON.stringify(genesis.error), /genesis/);
    const missing = await rpc(running.url, "lanes_profileBlock", []);
    assert.match(JSON.stringify(missing.error), /missing block number/);
    const bad = await rpc(running.url, "lanes_profileBlock", ["0xzz"]);
    assert.equal((bad.error as { code: number }).code, -32602);
  });

  it("GET /profile/<n> serves the self-contained HTML report", async () => {
    for (const path of [`/profile/${BigInt(number)}`, `/profile/${number}`, "/profile/latest"]) {
      const res = await fetch(`${running.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'none'/);
      const html = await res.text();
      const json = /<script type="application\/json" id="profile-data">(.*?)<\/script>/s.exec(html);
      assert.ok(json !== null, "no report data in the page");
      checkReport(JSON.parse(json[1]!) as BlockProfile);
      // Self-contained: no external script or stylesheet (the browser test checks that nothing loads).
      assert.ok(!/<script[^>]+src=|<link[^>]+stylesheet/i.test(html), "the page links resources");
    }
    const notFound = await fetch(`${running.url}/profile/153`);
    assert.equal(notFound.status, 404);
    assert.match(await notFound.text(), /block 153 not found/);
    const badPath = await fetch(`${running.url}/profile/abc`);
    assert.equal(badPath.status, 400);
    await badPath.text();
    const genesis = await fetch(`${running.url}/profile/0`);
    assert.equal(genesis.status, 422);
    assert.match(await genesis.text(), /genesis/);
  });
});
