// Specification vectors: RFC 9591 FROST(secp256k1, SHA-256) through noble's suite, BIP340 Schnorr, and
// BIP341 key-path tweaks and sighashes, with the files under test/custody/vectors (sources noted there).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { __TEST, schnorr, secp256k1_FROST } from "@noble/curves/secp256k1.js";
import { Transaction } from "@scure/btc-signer";
import { identifierOf } from "../../src/custody/frost/keys.js";
import { DKG_SUITE, SIGN_SUITE } from "../../src/custody/frost/suite.js";
import {
  taprootAddresses,
  taprootOutputKey,
  taprootScript,
  tapTweak,
  tweakPublic,
  tweakSecret,
} from "../../src/custody/frost/taproot.js";
import { bytes, hex, localSign } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
// The vector files are not compiled: read them from the source tree beside this test.
function vectorFile(name: string): string {
  for (const dir of [join(here, "vectors"), join(here, "../../../test/custody/vectors")]) {
    try {
      return readFileSync(join(dir, name), "utf8");
    } catch {
      // try the next location
    }
  }
  throw new Error(`vector file ${name} not found`);
}

describe("RFC 9591 FROST(secp256k1, SHA-256) vectors", () => {
  const v = JSON.parse(vectorFile("rfc9591-secp256k1.json"));
  const F = secp256k1_FROST;
  it("dealer shares, nonces, signature shares and the final signature match", () => {
    const secret = bytes(v.inputs.group_secret_key);
    const coeffs = v.inputs.share_polynomial_coefficients.map((c: string) => BigInt(`0x${c}`));
    const poly = F.utils.generateSecretPolynomial({ min: 2, max: 3 }, secret, coeffs);
    assert.equal(hex(poly.commitment[0]!), v.inputs.group_public_key);
    const pub = {
      signers: { min: 2, max: 3 },
      commitments: poly.commitment,
      verifyingShares: {} as Record<string, Uint8Array>,
    };
    const shares = new Map<number, { identifier: string; signingShare: Uint8Array }>();
    for (const s of v.inputs.participant_shares) {
      const share = {
        identifier: F.Identifier.fromNumber(s.identifier),
        signingShare: bytes(s.participant_share),
      };
      F.validateSecret(share, pub);
      shares.set(s.identifier, share);
      pub.verifyingShares[share.identifier] = schnorr.Point.BASE.multiply(
        BigInt(`0x${s.participant_share}`),
      ).toBytes(true);
    }
    const msg = bytes(v.inputs.message);
    const rounds = v.round_one_outputs.outputs.map((o: Record<string, string | number>) => {
      const rand = [bytes(o.hiding_nonce_randomness as string), bytes(o.binding_nonce_randomness as string)];
      let k = 0;
      const nonce = F.commit(shares.get(o.identifier as number)!, () => rand[k++]!);
      assert.equal(hex(nonce.nonces.hiding), o.hiding_nonce);
      assert.equal(hex(nonce.nonces.binding), o.binding_nonce);
      assert.equal(hex(nonce.commitments.hiding), o.hiding_nonce_commitment);
      assert.equal(hex(nonce.commitments.binding), o.binding_nonce_commitment);
      return { id: o.identifier as number, nonce };
    });
    const commitments = rounds.map((r: { nonce: { commitments: unknown } }) => r.nonce.commitments);
    const sigShares: Record<string, Uint8Array> = {};
    for (const [i, r] of rounds.entries()) {
      const share = F.signShare(shares.get(r.id)!, pub, r.nonce.nonces, commitments, msg);
      assert.equal(hex(share), v.round_two_outputs.outputs[i].sig_share);
      sigShares[F.Identifier.fromNumber(r.id)] = share;
    }
    const sig = F.aggregate(pub, commitments, msg, sigShares);
    assert.equal(hex(sig), v.final_output.sig);
    assert.ok(F.verify(sig, msg, bytes(v.inputs.group_public_key)));
    assert.equal(
      hex(F.combineSecret([shares.get(1)!, shares.get(3)!], { min: 2, max: 3 })),
      v.inputs.group_secret_key,
    );
  });
});

describe("BIP340 vectors", () => {
  const rows = vectorFile("bip340.csv").trim().split("\n").slice(1);
  for (const row of rows) {
    const [index, sk, pk, aux, msg, sig, result, comment] = row.split(",");
    it(`vector ${index}${comment ? ` (${comment})` : ""}`, () => {
      if (sk !== "") {
        assert.equal(hex(schnorr.getPublicKey(bytes(sk!))).toUpperCase(), pk);
        assert.equal(hex(schnorr.sign(bytes(msg!), bytes(sk!), bytes(aux!))).toUpperCase(), sig);
      }
      let ok: boolean;
      try {
        ok = schnorr.verify(bytes(sig!), bytes(msg!), bytes(pk!));
      } catch {
        ok = false;
      }
      assert.equal(ok, result === "TRUE");
      // The FROST TR suite's verifier agrees with plain BIP340 on every vector.
      let frostOk: boolean;
      try {
        frostOk = SIGN_SUITE.verify(bytes(sig!), bytes(msg!), bytes(pk!));
      } catch {
        frostOk = false;
      }
      assert.equal(frostOk, result === "TRUE");
    });
  }
});

describe("BIP341 vectors", () => {
  const v = JSON.parse(vectorFile("bip341-wallet.json"));
  it("TapTweak, output keys and scriptPubKeys", () => {
    for (const s of v.scriptPubKey) {
      const root = s.merkleRoot === null ? undefined : bytes(s.merkleRoot);
      assert.equal(tapTweak(bytes(s.internalPubkey), root).toString(16).padStart(64, "0"), s.tweak);
      assert.equal(hex(taprootOutputKey(bytes(s.internalPubkey), root)), s.tweakedPubkey);
    }
    const first = v.scriptPubKey[0];
    assert.equal(hex(taprootScript(bytes(first.internalPubkey))), first.scriptPubKey);
    assert.equal(taprootAddresses(first.internalPubkey).mainnet, v.mainnetAddress0);
  });

  it("key-path sighashes (scure) and signatures", () => {
    const k = v.keyPathSpending;
    const tx = Transaction.fromRaw(bytes(k.rawUnsignedTx), {
      allowUnknownOutputs: true,
      allowUnknownInputs: true,
      disableScriptCheck: true,
    });
    const scripts = k.utxosSpent.map((u: { scriptPubKey: string }) => bytes(u.scriptPubKey));
    const amounts = k.utxosSpent.map((u: { amountSats: number }) => BigInt(u.amountSats));
    for (const input of k.inputSpending) {
      const sighash = tx.preimageWitnessV1(input.txinIndex, scripts, input.hashType, amounts);
      assert.equal(hex(sighash), input.sigHash);
      const sig = bytes(input.witness).subarray(0, 64);
      const q = schnorr.getPublicKey(bytes(input.tweakedPrivkey));
      assert.ok(schnorr.verify(sig, sighash, q));
      assert.equal(hex(q), hex(scripts[input.txinIndex].subarray(2)));
    }
  });

  it("a FROST 2-of-3 key set holding a vector's internal key signs its key-path sighash", () => {
    const input = v.keyPathSpending.inputSpending[0];
    const ids = [1, 2, 3].map(identifierOf);
    const deal = DKG_SUITE.trustedDealer({ min: 2, max: 3 }, ids, bytes(input.internalPrivkey));
    const group = {
      threshold: 2,
      signers: [1, 2, 3],
      commitments: deal.public.commitments.map((c) => hex(c)),
      verifyingShares: Object.fromEntries(
        ids.map((id, i) => [String(i + 1), hex(deal.public.verifyingShares[id]!)]),
      ),
      epoch: 0,
    };
    const shares = ids.map((id, i) => ({
      index: i + 1,
      signingShare: hex(deal.secretShares[id]!.signingShare),
      epoch: 0,
    }));
    const sig = localSign(group, [shares[0]!, shares[2]!], bytes(input.sigHash), "taproot");
    assert.ok(schnorr.verify(sig, bytes(input.sigHash), bytes(v.scriptPubKey[0].tweakedPubkey)));
  });

  it("the explicit tweak equals noble's TR-suite DKG tweak", () => {
    for (let i = 0; i < 4; i++) {
      const deal = DKG_SUITE.trustedDealer({ min: 2, max: 3 });
      const mine = tweakPublic(deal.public);
      const theirs = __TEST.frostTweakPublic(deal.public, new Uint8Array(0));
      assert.deepEqual(mine.commitments.map(hex), theirs.commitments.map(hex));
      for (const [id, s] of Object.entries(deal.secretShares)) {
        assert.equal(
          hex(tweakSecret(s, deal.public).signingShare),
          hex(__TEST.frostTweakSecret(s, deal.public, new Uint8Array(0)).signingShare),
        );
        assert.equal(hex(mine.verifyingShares[id]!), hex(theirs.verifyingShares[id]!));
      }
    }
  });
});
