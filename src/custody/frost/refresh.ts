// Proactive share refresh: every signer deals a random polynomial whose constant term is zero, and each
// signer adds the values it receives to its share. The group key (the constant term) is unchanged; every
// other coefficient is re-randomised, so shares from before and after a refresh lie on different
// polynomials and do not combine. All current signers take part, since a signer that misses a refresh
// keeps an old share that no longer works with anyone else's.
//
// Dealing: f_i(x) = a_i1 x + ... + a_i,t-1 x^(t-1), commitments A_ik = [a_ik]G for k >= 1 (the constant
// commitment is the identity and is not sent). Receiver j accepts f_i(j) iff [f_i(j)]G = sum_k A_ik j^k.
// New commitments C'_k = C_k + sum_i A_ik (C'_0 = C_0); the top one must not vanish (it would lower the
// threshold).

import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { BlameError } from "../errors.js";
import { commitmentPoints, type GroupKey, groupFromCommitments, type SecretShare } from "./keys.js";
import { evaluateCommitment, evaluatePolynomial, randomPolynomial, scalarBase } from "./polynomial.js";
import { Fn, Point } from "./suite.js";

export interface ZeroDealing {
  /** A_i1..A_i,t-1. */
  commitments: Point[];
  /** Receiver index -> f_i(receiver). */
  shares: Map<number, bigint>;
}

export function dealRefresh(group: GroupKey): ZeroDealing {
  const coefficients = randomPolynomial(Fn.ZERO, group.threshold - 1);
  const commitments = coefficients.slice(1).map((c) => Point.BASE.multiply(c));
  const shares = new Map<number, bigint>();
  for (const j of group.signers) shares.set(j, evaluatePolynomial(coefficients, BigInt(j)));
  coefficients.fill(0n);
  return { commitments, shares };
}

export function refreshShareValid(receiver: number, share: bigint, commitments: readonly Point[]): boolean {
  if (!Fn.isValid(share)) return false;
  return scalarBase(share).equals(evaluateCommitment([Point.ZERO, ...commitments], BigInt(receiver)));
}

/** The refreshed group and this signer's refreshed share; throws BlameError naming bad dealers. */
export function applyRefresh(
  group: GroupKey,
  share: SecretShare,
  dealings: ReadonlyMap<number, { commitments: readonly Point[]; share: bigint }>,
): { group: GroupKey; share: SecretShare } {
  const bad: number[] = [];
  for (const dealer of group.signers) {
    const d = dealings.get(dealer);
    if (
      d === undefined ||
      d.commitments.length !== group.threshold - 1 ||
      d.commitments.some((c) => c.is0()) ||
      !refreshShareValid(share.index, d.share, d.commitments)
    ) {
      bad.push(dealer);
    }
  }
  if (bad.length > 0) throw new BlameError("invalid refresh dealing", bad);
  const old = commitmentPoints(group);
  const next = old.map((c, k) => {
    if (k === 0) return c;
    let acc = c;
    for (const dealer of group.signers) acc = acc.add(dealings.get(dealer)!.commitments[k - 1]!);
    return acc;
  });
  if (next[next.length - 1]!.is0()) throw new Error("refresh would lower the threshold; aborted");
  let s = Fn.fromBytes(hexToBytes(share.signingShare));
  for (const dealer of group.signers) s = Fn.add(s, dealings.get(dealer)!.share);
  const newGroup = groupFromCommitments(group.threshold, group.signers, next, group.epoch + 1);
  const newShare: SecretShare = {
    index: share.index,
    signingShare: bytesToHex(Fn.toBytes(s)),
    epoch: group.epoch + 1,
  };
  return { group: newGroup, share: newShare };
}
