// Shamir polynomials over the secp256k1 scalar field and their Feldman commitments, for refresh and
// reshare (noble's FROST exposes DKG and signing but not these steps). Only noble's field and point
// operations are used; no curve arithmetic is written here.
import { Fn, Point, SIGN_SUITE } from "./suite.js";

/** f(x) = c0 + c1 x + ... (Horner). */
export function evaluatePolynomial(coefficients: readonly bigint[], x: bigint): bigint {
  let acc = Fn.ZERO;
  for (let i = coefficients.length - 1; i >= 0; i--) acc = Fn.add(Fn.mul(acc, x), coefficients[i]!);
  return acc;
}

/** [c_k]G for each coefficient; a zero coefficient commits to the identity. */
export function commitPolynomial(coefficients: readonly bigint[]): Point[] {
  return coefficients.map((c) => (Fn.is0(c) ? Point.ZERO : Point.BASE.multiply(c)));
}

/** sum_k C_k x^k: the public image [f(x)]G of a committed polynomial (public data, variable time). */
export function evaluateCommitment(commitments: readonly Point[], x: bigint): Point {
  let acc = Point.ZERO;
  for (let i = commitments.length - 1; i >= 0; i--) {
    acc = acc.multiplyUnsafe(x).add(commitments[i]!);
  }
  return acc;
}

/** [s]G for a scalar that may be zero. */
export function scalarBase(s: bigint): Point {
  return Fn.is0(s) ? Point.ZERO : Point.BASE.multiply(s);
}

/** Random coefficients c1..c_{degree} (c0 given), each a uniform non-zero scalar. */
export function randomPolynomial(constant: bigint, degree: number): bigint[] {
  const coefficients = [constant];
  for (let i = 0; i < degree; i++) coefficients.push(randomScalar());
  return coefficients;
}

/** A uniform scalar in 1..n-1 from the CSPRNG (noble's FROST utility). */
export function randomScalar(): bigint {
  return Fn.fromBytes(SIGN_SUITE.utils.randomScalar());
}

/** The Lagrange coefficient at 0 of participant `i` in the set `ids` (all distinct, non-zero). */
export function lagrangeAtZero(ids: readonly bigint[], i: bigint): bigint {
  let num = Fn.ONE;
  let den = Fn.ONE;
  let seen = false;
  for (const j of ids) {
    if (j === i) {
      if (seen) throw new Error("duplicate identifier in Lagrange set");
      seen = true;
      continue;
    }
    num = Fn.mul(num, j);
    den = Fn.mul(den, Fn.sub(j, i));
  }
  if (!seen) throw new Error("identifier not in Lagrange set");
  return Fn.div(num, den);
}
