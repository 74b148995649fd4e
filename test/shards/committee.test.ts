// The verifier committee (issue 18): a 2-of-3 FROST committee whose member 1 signs garbage (and approves
// whatever ShardHub holds) still finalizes honest superblocks (its share fails verification, it is blamed and
// replaced); a wrong state root committed to ShardHub is refused by the honest majority, gets no signature,
// and a forged proof does not finalize it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { type Address, parseEther } from "viem";
import { L1Error } from "../../src/shards/l1/wallet.js";
import { type ChainClients, startNetwork, tempDir, until } from "./helpers.js";

describe("verifier committee with a byzantine member", () => {
  const dir = tempDir();
  let net: Awaited<ReturnType<typeof startNetwork>>;
  let s0: ChainClients;

  before(async () => {
    net = await startNetwork(dir.path, { shards: 1, committee: { threshold: 2, size: 3, garbage: [1] } });
    s0 = net.shards[0]!;
  });

  after(async () => {
    await net?.net.close();
    dir.remove();
  });

  it("finalizes honest superblocks although member 1 signs garbage", async () => {
    const hash = await s0.wallet.sendTransaction({
      to: "0x0000000000000000000000000000000000001234" as Address,
      value: parseEther("1"),
      account: s0.wallet.account!,
      chain: s0.chain,
    });
    const r = await s0.pub.waitForTransactionReceipt({ hash });
    const hub = net.net.hubClient;
    await until(
      () => hub.lastFinalized(),
      (v) => v >= Number(r.blockNumber),
      60_000,
      "finalization",
    );
    const k = await hub.lastFinalized();
    const att = await net.net.committee.attest(k, await hub.digest(k));
    assert.ok(att.signature !== undefined);
    assert.deepEqual(att.approved, [1, 2, 3]);
    assert.deepEqual(att.blamed, [1]);
  });

  it("never finalizes a wrong state root: the honest majority refuses, a forged proof is rejected", async () => {
    await net.net.sequencer.stop(); // from here on the test is the (byzantine) sequencer on the L1
    const hub = net.net.hubClient;
    const finalized = await hub.lastFinalized();
    const k = (await hub.lastCommitted()) + 1;
    await hub.commitSuperblock(net.net.l1Wallet, k, {
      blockHashes: [randomBytes(32)],
      stateRoots: [randomBytes(32)],
      messageRoots: [new Uint8Array(32)],
      witnessHashes: [new Uint8Array(32)],
    });
    assert.equal(await hub.lastCommitted(), k);
    const att = await net.net.committee.attest(k, await hub.digest(k));
    assert.equal(att.signature, undefined);
    assert.deepEqual(att.approved, [1]);
    assert.deepEqual(
      att.refused.map((r) => r.index),
      [2, 3],
    );
    await assert.rejects(hub.finalize(net.net.l1Wallet, k, randomBytes(64)), L1Error);
    assert.equal(await hub.lastFinalized(), finalized);
  });
});
