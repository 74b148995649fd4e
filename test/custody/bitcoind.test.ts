// The bitcoind adapter against replayed bitcoind JSON-RPC answers on loopback (no Bitcoin node can run
// here): deposits found at the group's Taproot address with their depth, a withdrawal spending them signed
// 2-of-3 by FROST and broadcast, bitcoind's error for a bad transaction surfaced as one clear error.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { BitcoindAdapter, btcToSats } from "../../src/custody/bitcoin/bitcoind-adapter.js";
import { buildWithdrawalPsbt, signWithdrawal } from "../../src/custody/bitcoin/withdrawal.js";
import { identifierOf } from "../../src/custody/frost/keys.js";
import { DKG_SUITE } from "../../src/custody/frost/suite.js";
import { taprootAddresses } from "../../src/custody/frost/taproot.js";
import { localSign } from "./helpers.js";
import { type Exchange, type ReplayServer, replayBitcoind } from "./replay-bitcoind.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../../test/custody/fixtures/bitcoind-regtest.json", import.meta.url), "utf8"),
) as { address: string; exchanges: Exchange[] };

describe("custody: bitcoind adapter (replayed responses)", () => {
  let server: ReplayServer;
  let adapter: BitcoindAdapter;
  before(async () => {
    server = await replayBitcoind(fixture.exchanges);
    adapter = new BitcoindAdapter({ url: server.url, username: "lanes", password: "rpc-secret" });
  });
  after(() => server.close());

  it("converts bitcoind amounts to satoshis exactly", () => {
    assert.equal(btcToSats(0.0015), 150_000n);
    assert.equal(btcToSats(20999999.97690001), 2_099_999_997_690_001n);
    assert.equal(btcToSats("0.00000001"), 1n);
  });

  it("finds deposits with their confirmations, then signs and broadcasts a withdrawal", async () => {
    // A 2-of-3 key set holding BIP341's first internal key, so the recorded address is the group's.
    const secret = hexToBytes("6b973d88838f27366ed61c9ad6367663045cb456e28335c109e30717ae0c6baa");
    const ids = [1, 2, 3].map(identifierOf);
    const deal = DKG_SUITE.trustedDealer({ min: 2, max: 3 }, ids, secret);
    const group = {
      threshold: 2,
      signers: [1, 2, 3],
      commitments: deal.public.commitments.map((c) => bytesToHex(c)),
      verifyingShares: Object.fromEntries(
        ids.map((id, i) => [String(i + 1), bytesToHex(deal.public.verifyingShares[id]!)]),
      ),
      epoch: 0,
    };
    const shares = ids.map((id, i) => ({
      index: i + 1,
      signingShare: bytesToHex(deal.secretShares[id]!.signingShare),
      epoch: 0,
    }));
    const internal = hexToBytes(group.commitments[0]!);
    assert.equal(taprootAddresses(internal).regtest, fixture.address);

    const all = await adapter.deposits(fixture.address, 1);
    assert.deepEqual(
      all.map((d) => [d.amount, d.confirmations]),
      [
        [150_000n, 8],
        [60_000n, 1],
      ],
    );
    const deep = await adapter.deposits(fixture.address, 6);
    assert.equal(deep.length, 1);

    const psbt = buildWithdrawalPsbt(internal, {
      utxos: all,
      to: taprootAddresses(internal).regtest,
      amount: 200_000n,
      fee: 2_000n,
      network: "regtest",
    });
    const signed = await signWithdrawal(psbt, async (h) =>
      localSign(group, [shares[0]!, shares[2]!], h, "taproot"),
    );
    const txid = await adapter.broadcast(signed.rawTx);
    assert.equal(txid, signed.txid);
    assert.equal(await adapter.confirmations(txid), 1);
    // Credentials go as HTTP basic auth; the adapter itself never prints them.
    assert.equal(server.calls[0]!.auth, `Basic ${Buffer.from("lanes:rpc-secret").toString("base64")}`);
  });

  it("surfaces bitcoind's rejection as one clear error", async () => {
    await assert.rejects(adapter.broadcast("00"), /bitcoind sendrawtransaction: .*TX decode failed/);
  });
});
