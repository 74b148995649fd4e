// The group key and one signer's share as custody stores them, and their conversion to noble's FROST
// packages. Signers are numbered 1..n; signer i's FROST identifier is the scalar i (RFC 9591 allows any
// distinct non-zero scalars; small integers keep transcripts readable and match the CLI's --signers list).
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { evaluateCommitment } from "./polynomial.js";
import { DKG_SUITE, Fn, type FrostPublic, type FrostSecret, Point } from "./suite.js";

/** Public description of a key set: safe to publish. */
export interface GroupKey {
  threshold: number;
  /** Signer indices that hold a share (1-based). */
  signers: number[];
  /** Feldman commitments to the group polynomial, compressed points (hex); commitments[0] is the key. */
  commitments: string[];
  /** Signer index -> [share]G, compressed (hex). */
  verifyingShares: Record<string, string>;
  /** Bumped by each refresh or reshare; shares of different epochs never combine. */
  epoch: number;
}

/** One signer's secret: never logged, stored only encrypted (store/sealed-file.ts). */
export interface SecretShare {
  index: number;
  /** 32-byte scalar, hex. */
  signingShare: string;
  epoch: number;
}

export function identifierOf(index: number): string {
  if (!Number.isSafeInteger(index) || index < 1) throw new Error(`invalid signer index ${index}`);
  return DKG_SUITE.Identifier.fromNumber(index);
}

export function indexOfIdentifier(identifier: string): number {
  const n = Fn.fromBytes(hexToBytes(identifier));
  if (n < 1n || n > 0xffffn) throw new Error(`identifier ${identifier} is not a custody signer index`);
  return Number(n);
}

export function groupPublicKey(group: GroupKey): Uint8Array {
  return hexToBytes(group.commitments[0]!);
}

export function toFrostPublic(group: GroupKey): FrostPublic {
  const verifyingShares: Record<string, Uint8Array> = {};
  for (const [index, share] of Object.entries(group.verifyingShares)) {
    verifyingShares[identifierOf(Number(index))] = hexToBytes(share);
  }
  return {
    signers: { min: group.threshold, max: group.signers.length },
    commitments: group.commitments.map((c) => hexToBytes(c)),
    verifyingShares,
  } as FrostPublic;
}

export function toFrostSecret(share: SecretShare): FrostSecret {
  return {
    identifier: identifierOf(share.index),
    signingShare: hexToBytes(share.signingShare),
  } as FrostSecret;
}

/** The GroupKey for commitments (points) over the given signer set; verifying shares are derived. */
export function groupFromCommitments(
  threshold: number,
  signers: readonly number[],
  commitments: readonly Point[],
  epoch: number,
): GroupKey {
  if (commitments.length !== threshold) throw new Error("commitment count must equal the threshold");
  const verifyingShares: Record<string, string> = {};
  for (const index of signers) {
    verifyingShares[String(index)] = bytesToHex(evaluateCommitment(commitments, BigInt(index)).toBytes(true));
  }
  return {
    threshold,
    signers: [...signers].sort((a, b) => a - b),
    commitments: commitments.map((c) => bytesToHex(c.toBytes(true))),
    verifyingShares,
    epoch,
  };
}

export function commitmentPoints(group: GroupKey): Point[] {
  return group.commitments.map((c) => Point.fromHex(c));
}

/** Throws unless [share]G equals the group's verifying share for that signer. */
export function checkShare(group: GroupKey, share: SecretShare): void {
  const expected = group.verifyingShares[String(share.index)];
  if (expected === undefined) throw new Error(`signer ${share.index} is not in the group`);
  if (share.epoch !== group.epoch)
    throw new Error(`share epoch ${share.epoch} != group epoch ${group.epoch}`);
  const s = Fn.fromBytes(hexToBytes(share.signingShare));
  if (Fn.is0(s) || !Point.BASE.multiply(s).equals(Point.fromHex(expected))) {
    throw new Error(`signer ${share.index}'s share does not match its verifying share`);
  }
}
