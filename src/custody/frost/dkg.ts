// One participant's side of the distributed key generation: noble's three-round FROST DKG (Pedersen DKG
// with proofs of possession, RFC 9591 secp256k1 suite) plus identifiable aborts, which noble's round
// functions do not give (they throw without naming the sender). Before round 2 each round-1 package is
// checked on its own (commitment count, proof of possession) and before round 3 each received share is
// checked against its sender's commitments (Feldman VSS), so a failure names the signer responsible.
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { BlameError } from "../errors.js";
import { type GroupKey, identifierOf, indexOfIdentifier, type SecretShare } from "./keys.js";
import { type DKG_Round1, DKG_SUITE } from "./suite.js";

type DkgSecret = ReturnType<typeof DKG_SUITE.DKG.round1>["secret"];

/** A round-1 broadcast as it travels (hex). */
export interface Round1Message {
  index: number;
  commitment: string[];
  proofOfKnowledge: string;
}

export function encodeRound1(p: DKG_Round1): Round1Message {
  return {
    index: indexOfIdentifier(p.identifier),
    commitment: p.commitment.map((c) => bytesToHex(c)),
    proofOfKnowledge: bytesToHex(p.proofOfKnowledge),
  };
}

export function decodeRound1(m: Round1Message): DKG_Round1 {
  return {
    identifier: identifierOf(m.index),
    commitment: m.commitment.map((c) => hexToBytes(c)),
    proofOfKnowledge: hexToBytes(m.proofOfKnowledge),
  } as DKG_Round1;
}

// Identifiers far above any signer index, for probe packages.
const PROBE_BASE = 1_000_000_000;

/**
 * Whether one round-1 package is acceptable on its own: noble's round 2 run by a throwaway participant
 * against this package and locally made honest ones (noble checks the proof of possession, the
 * commitment count and every point there).
 */
export function round1PackageValid(pkg: DKG_Round1, threshold: number): boolean {
  try {
    const signers = { min: threshold, max: threshold };
    const probe = DKG_SUITE.DKG.round1(identifierOf(PROBE_BASE), signers);
    const fillers: DKG_Round1[] = [];
    for (let k = 1; fillers.length < threshold - 2; k++) {
      fillers.push(DKG_SUITE.DKG.round1(identifierOf(PROBE_BASE + k), signers).public);
    }
    DKG_SUITE.DKG.round2(probe.secret, [pkg, ...fillers]);
    DKG_SUITE.DKG.clean(probe.secret);
    return true;
  } catch {
    return false;
  }
}

/** Whether `share` (sent by the owner of `commitment` to `receiver`) lies on the committed polynomial. */
export function dkgShareValid(
  receiver: number,
  share: Uint8Array,
  commitment: Uint8Array[],
  n: number,
): boolean {
  try {
    DKG_SUITE.validateSecret(
      { identifier: identifierOf(receiver), signingShare: share } as never,
      {
        signers: { min: commitment.length, max: Math.max(n, commitment.length) },
        commitments: commitment,
        verifyingShares: {},
      } as never,
    );
    return true;
  } catch {
    return false;
  }
}

export class DkgParticipant {
  private secret: DkgSecret;
  readonly round1: DKG_Round1;
  private received: DKG_Round1[] = [];

  constructor(
    readonly index: number,
    readonly threshold: number,
    readonly signers: readonly number[],
  ) {
    if (!signers.includes(index)) throw new Error(`signer ${index} is not among ${signers.join(",")}`);
    const r = DKG_SUITE.DKG.round1(identifierOf(index), { min: threshold, max: signers.length });
    this.secret = r.secret;
    this.round1 = r.public;
  }

  /** Checks every other participant's broadcast; returns this participant's share for each of them. */
  round2(others: DKG_Round1[]): Map<number, Uint8Array> {
    const expected = this.signers.filter((s) => s !== this.index);
    const got = others.map((p) => indexOfIdentifier(p.identifier)).sort((a, b) => a - b);
    if (got.join(",") !== expected.join(",")) {
      throw new Error(`round 1 packages from ${got.join(",")}, expected ${expected.join(",")}`);
    }
    let shares: ReturnType<typeof DKG_SUITE.DKG.round2>;
    try {
      shares = DKG_SUITE.DKG.round2(this.secret, others);
    } catch (e) {
      // noble names no one: find the packages that fail on their own (only on this failure path).
      const bad = others
        .filter((p) => !round1PackageValid(p, this.threshold))
        .map((p) => indexOfIdentifier(p.identifier));
      if (bad.length > 0) throw new BlameError("invalid DKG commitment or proof of possession", bad);
      throw e;
    }
    this.received = others;
    const out = new Map<number, Uint8Array>();
    for (const [id, pkg] of Object.entries(shares)) out.set(indexOfIdentifier(id), pkg.signingShare);
    return out;
  }

  /** Verifies each received share against its sender's commitments, then finishes the DKG. */
  round3(shares: Map<number, Uint8Array>): { group: GroupKey; share: SecretShare } {
    const bad: number[] = [];
    for (const p of this.received) {
      const from = indexOfIdentifier(p.identifier);
      const share = shares.get(from);
      if (
        share === undefined ||
        share.length !== 32 ||
        !dkgShareValid(this.index, share, p.commitment, this.signers.length)
      ) {
        bad.push(from);
      }
    }
    if (bad.length > 0) throw new BlameError("DKG share does not match its sender's commitments", bad);
    const round2 = this.received.map((p) => ({
      identifier: p.identifier,
      signingShare: shares.get(indexOfIdentifier(p.identifier))!,
    }));
    const key = DKG_SUITE.DKG.round3(this.secret, this.received, round2 as never);
    const verifyingShares: Record<string, string> = {};
    for (const [id, vs] of Object.entries(key.public.verifyingShares)) {
      verifyingShares[String(indexOfIdentifier(id))] = bytesToHex(vs);
    }
    return {
      group: {
        threshold: this.threshold,
        signers: [...this.signers].sort((a, b) => a - b),
        commitments: key.public.commitments.map((c) => bytesToHex(c)),
        verifyingShares,
        epoch: 0,
      },
      share: { index: this.index, signingShare: bytesToHex(key.secret.signingShare), epoch: 0 },
    };
  }

  /** Best-effort erasure of the polynomial (aborted or finished runs). */
  dispose(): void {
    try {
      DKG_SUITE.DKG.clean(this.secret);
    } catch {
      // already cleaned
    }
  }
}
