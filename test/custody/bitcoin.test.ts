// Taproot withdrawals signed by FROST, checked by an independent implementation: bitcoinjs-lib computes
// each input's BIP341 sighash and libsecp256k1 (tiny-secp256k1, WASM) verifies the key-path signature
// under the output key bitcoinjs derives from the group's internal key.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, describe, it } from "node:test";
import { bytesToHex, hexToBytes, randomBytes } from "@noble/hashes/utils.js";
import * as bitcoin from "bitcoinjs-lib";
import * as ecc from "tiny-secp256k1";
import {
  buildWithdrawalPsbt,
  signWithdrawal,
  withdrawalSighashes,
} from "../../src/custody/bitcoin/withdrawal.js";
import { signingKey } from "../../src/custody/frost/signing.js";
import { taprootAddresses } from "../../src/custody/frost/taproot.js";
import { serviceCluster } from "./helpers.js";

bitcoin.initEccLib(ecc);
const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function withdrawal(t: number, n: number, quorum: number[]) {
  const c = serviceCluster(n);
  roots.push(c.root);
  const { group } = await c.coordinator.keygen(t, c.indices);
  const internal = hexToBytes(group.commitments[0]!);
  // bitcoinjs derives the same Taproot output key and address from the internal key.
  const p2tr = bitcoin.payments.p2tr({
    internalPubkey: internal.subarray(1),
    network: bitcoin.networks.regtest,
  });
  assert.equal(bytesToHex(p2tr.pubkey!), bytesToHex(signingKey(group, "taproot")));
  assert.equal(p2tr.address, taprootAddresses(internal).regtest);
  const utxos = [
    { txid: bytesToHex(randomBytes(32)), vout: 0, amount: 150_000n },
    { txid: bytesToHex(randomBytes(32)), vout: 3, amount: 60_000n },
  ];
  const to = bitcoin.payments.p2wpkh({
    pubkey: ecc.pointFromScalar(randomBytes(32).fill(1, 0, 1))!,
    network: bitcoin.networks.regtest,
  }).address!;
  const psbt = buildWithdrawalPsbt(internal, {
    utxos,
    to,
    amount: 120_000n,
    fee: 1_000n,
    network: "regtest",
  });
  const ours = withdrawalSighashes(psbt);
  const signed = await signWithdrawal(
    psbt,
    async (sighash) => (await c.coordinator.sign(group, quorum, sighash, "taproot")).signature,
  );

  const tx = bitcoin.Transaction.fromHex(signed.rawTx);
  assert.equal(tx.getId(), signed.txid);
  assert.equal(tx.ins.length, 2);
  assert.equal(tx.outs.length, 2, "payment and change");
  assert.equal(tx.outs[0]!.value, 120_000n);
  assert.equal(bitcoin.address.fromOutputScript(tx.outs[0]!.script, bitcoin.networks.regtest), to);
  assert.equal(tx.outs[1]!.value, 89_000n);
  assert.equal(bytesToHex(tx.outs[1]!.script), bytesToHex(p2tr.output!));
  const scripts = utxos.map(() => p2tr.output!);
  const values = utxos.map((u) => u.amount);
  for (let i = 0; i < tx.ins.length; i++) {
    const hash = tx.hashForWitnessV1(i, scripts, values, bitcoin.Transaction.SIGHASH_DEFAULT);
    assert.equal(bytesToHex(hash), bytesToHex(ours[i]!), `input ${i} sighash`);
    const witness = tx.ins[i]!.witness;
    assert.equal(witness.length, 1, "key-path spend: one witness element");
    assert.equal(witness[0]!.length, 64, "SIGHASH_DEFAULT: 64-byte signature");
    assert.ok(ecc.verifySchnorr(hash, p2tr.pubkey!, witness[0]!), `input ${i} signature`);
    // A signature over another input's sighash does not verify here.
    const other = tx.hashForWitnessV1(1 - i, scripts, values, bitcoin.Transaction.SIGHASH_DEFAULT);
    assert.ok(!ecc.verifySchnorr(other, p2tr.pubkey!, witness[0]!));
  }
}

describe("custody: Taproot withdrawals verified by bitcoinjs-lib + libsecp256k1", () => {
  it("2-of-3 (signers 1 and 3)", async () => {
    await withdrawal(2, 3, [1, 3]);
  });
  it("3-of-5 (signers 2, 4, 5)", async () => {
    await withdrawal(3, 5, [2, 4, 5]);
  });
  it("rejects a withdrawal larger than the deposits and a foreign-network address", () => {
    const key = hexToBytes(`02${"79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"}`);
    const utxos = [{ txid: "11".repeat(32), vout: 0, amount: 1_000n }];
    assert.throws(
      () =>
        buildWithdrawalPsbt(key, {
          utxos,
          to: taprootAddresses(key).regtest,
          amount: 5_000n,
          fee: 100n,
          network: "regtest",
        }),
      /deposits hold/,
    );
    assert.throws(() =>
      buildWithdrawalPsbt(key, {
        utxos,
        to: taprootAddresses(key).mainnet,
        amount: 500n,
        fee: 100n,
        network: "regtest",
      }),
    );
  });
});
