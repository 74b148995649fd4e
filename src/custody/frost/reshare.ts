// Resharing: a quorum Q of the current signers moves the same key to a new signer set with a new
// threshold t' (and new indices). Dealer i in Q holds w_i = lambda_i,Q * s_i (so sum w_i is the group
// secret) and deals g_i(x) = w_i + b_i1 x + ... of degree t'-1 with commitments D_ik = [b_ik]G, D_i0 =
// [w_i]G. Everyone can check D_i0 = lambda_i,Q * VS_i against the old verifying share, which binds each
// dealer to its real share (no rogue constant terms and no proof of possession needed), and that the D_i0
// sum to the group key. New signer j's share is sum_i g_i(j); the new commitments are sum_i D_ik.

import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { BlameError } from "../errors.js";
import { type GroupKey, groupFromCommitments, type SecretShare } from "./keys.js";
import {
  evaluateCommitment,
  evaluatePolynomial,
  lagrangeAtZero,
  randomPolynomial,
  scalarBase,
} from "./polynomial.js";
import { Fn, Point } from "./suite.js";

export interface ReshareDealing {
  /** D_i0..D_i,t'-1. */
  commitments: Point[];
  /** New signer index -> g_i(j). */
  shares: Map<number, bigint>;
}

export interface ReshareTarget {
  threshold: number;
  signers: number[];
}

export function validateReshare(old: GroupKey, quorum: readonly number[], target: ReshareTarget): void {
  const q = new Set(quorum);
  if (q.size !== quorum.length) throw new Error("duplicate signer in the resharing quorum");
  if (quorum.length < old.threshold)
    throw new Error(`resharing needs ${old.threshold} current signers, got ${quorum.length}`);
  for (const i of quorum)
    if (!old.signers.includes(i)) throw new Error(`signer ${i} is not in the current group`);
  const n = new Set(target.signers);
  if (n.size !== target.signers.length || target.signers.some((j) => !Number.isSafeInteger(j) || j < 1)) {
    throw new Error("new signer indices must be distinct positive integers");
  }
  if (target.threshold < 2 || target.threshold > target.signers.length) {
    throw new Error(`invalid new threshold ${target.threshold} of ${target.signers.length}`);
  }
}

export function dealReshare(
  old: GroupKey,
  share: SecretShare,
  quorum: readonly number[],
  target: ReshareTarget,
): ReshareDealing {
  validateReshare(old, quorum, target);
  const ids = quorum.map(BigInt);
  const w = Fn.mul(lagrangeAtZero(ids, BigInt(share.index)), Fn.fromBytes(hexToBytes(share.signingShare)));
  const coefficients = randomPolynomial(w, target.threshold - 1);
  const commitments = coefficients.map((c) => scalarBase(c));
  const shares = new Map<number, bigint>();
  for (const j of target.signers) shares.set(j, evaluatePolynomial(coefficients, BigInt(j)));
  coefficients.fill(0n);
  return { commitments, shares };
}

/** Whether dealer i's constant commitment matches lambda_i * VS_i of the old group. */
export function reshareConstantValid(
  old: GroupKey,
  quorum: readonly number[],
  dealer: number,
  d0: Point,
): boolean {
  const vs = old.verifyingShares[String(dealer)];
  if (vs === undefined) return false;
  const lambda = lagrangeAtZero(quorum.map(BigInt), BigInt(dealer));
  return Point.fromHex(vs).multiply(lambda).equals(d0);
}

/** New signer `receiver`'s share and the new group; throws BlameError naming bad dealers. */
export function completeReshare(
  old: GroupKey,
  quorum: readonly number[],
  target: ReshareTarget,
  receiver: number,
  dealings: ReadonlyMap<number, { commitments: readonly Point[]; share: bigint }>,
): { group: GroupKey; share: SecretShare } {
  validateReshare(old, quorum, target);
  if (!target.signers.includes(receiver)) throw new Error(`signer ${receiver} is not in the new set`);
  const bad: number[] = [];
  for (const dealer of quorum) {
    const d = dealings.get(dealer);
    if (
      d === undefined ||
      d.commitments.length !== target.threshold ||
      !Fn.isValid(d.share) ||
      !reshareConstantValid(old, quorum, dealer, d.commitments[0]!) ||
      !scalarBase(d.share).equals(evaluateCommitment(d.commitments, BigInt(receiver)))
    ) {
      bad.push(dealer);
    }
  }
  if (bad.length > 0) throw new BlameError("invalid reshare dealing", bad);
  const commitments: Point[] = [];
  for (let k = 0; k < target.threshold; k++) {
    let acc = Point.ZERO;
    for (const dealer of quorum) acc = acc.add(dealings.get(dealer)!.commitments[k]!);
    commitments.push(acc);
  }
  if (!commitments[0]!.equals(Point.fromHex(old.commitments[0]!))) {
    throw new Error("reshared key differs from the group key; aborted");
  }
  if (commitments[commitments.length - 1]!.is0())
    throw new Error("reshare would lower the threshold; aborted");
  let s = Fn.ZERO;
  for (const dealer of quorum) s = Fn.add(s, dealings.get(dealer)!.share);
  const epoch = old.epoch + 1;
  return {
    group: groupFromCommitments(target.threshold, target.signers, commitments, epoch),
    share: { index: receiver, signingShare: bytesToHex(Fn.toBytes(s)), epoch },
  };
}
