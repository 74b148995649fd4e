// Two-round FROST signing with noble's BIP340 ciphersuite, for either key of a group: "plain" signs under
// the untweaked group key (x-only), "taproot" under the BIP86 output key (a key-path spend). The result is
// always a 64-byte BIP340 signature. Every signature share is verified against its signer's verifying
// share before aggregation, so a bad share names its signer (RFC 9591 section 5.4).
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { BlameError } from "../errors.js";
import { type GroupKey, indexOfIdentifier, type SecretShare, toFrostPublic, toFrostSecret } from "./keys.js";
import { type FrostPublic, type FrostSecret, type NonceCommitments, Point, SIGN_SUITE } from "./suite.js";
import { taprootOutputKey, tweakPublic, tweakSecret, xOnly } from "./taproot.js";

export type SignMode = "plain" | "taproot";

export function signingPublic(group: GroupKey, mode: SignMode): FrostPublic {
  const pub = toFrostPublic(group);
  return mode === "taproot" ? tweakPublic(pub) : pub;
}

export function signingSecret(group: GroupKey, share: SecretShare, mode: SignMode): FrostSecret {
  const secret = toFrostSecret(share);
  return mode === "taproot" ? tweakSecret(secret, toFrostPublic(group)) : secret;
}

/** The 32-byte x-only key a signature of this mode verifies under. */
export function signingKey(group: GroupKey, mode: SignMode): Uint8Array {
  const p = Point.fromHex(group.commitments[0]!);
  return mode === "taproot" ? taprootOutputKey(p.toBytes(true)) : xOnly(p);
}

/** Indices of the signers whose shares do not verify. */
export function invalidShares(
  pub: FrostPublic,
  commitments: NonceCommitments[],
  message: Uint8Array,
  shares: ReadonlyMap<number, Uint8Array>,
): number[] {
  const bad: number[] = [];
  for (const c of commitments) {
    const index = indexOfIdentifier(c.identifier);
    const share = shares.get(index);
    let ok = false;
    try {
      ok =
        share !== undefined &&
        share.length === 32 &&
        SIGN_SUITE.verifyShare(pub, commitments, message, c.identifier, share);
    } catch {
      ok = false;
    }
    if (!ok) bad.push(index);
  }
  return bad;
}

/** Aggregates verified shares into a BIP340 signature; throws BlameError naming bad signers. */
export function aggregateSignature(
  pub: FrostPublic,
  commitments: NonceCommitments[],
  message: Uint8Array,
  shares: ReadonlyMap<number, Uint8Array>,
): Uint8Array {
  const bad = invalidShares(pub, commitments, message, shares);
  if (bad.length > 0) throw new BlameError("invalid signature share", bad);
  const byId: Record<string, Uint8Array> = {};
  for (const c of commitments) byId[c.identifier] = shares.get(indexOfIdentifier(c.identifier))!;
  const sig = SIGN_SUITE.aggregate(pub, commitments, message, byId);
  // Defence in depth: the aggregate must be an ordinary BIP340 signature under the advertised key.
  if (!schnorr.verify(sig, message, xOnly(Point.fromBytes(pub.commitments[0]!)))) {
    throw new Error(`aggregated signature does not verify (${bytesToHex(sig)})`);
  }
  return sig;
}
