// Groth16 verification over BN254 with @noble/curves: accepts iff
//   e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) = 1,  vk_x = IC[0] + sum(s_i * IC[i+1]),
// with the verdicts of the Solidity verifier snarkjs exports: a public signal >= r, a coordinate >= p, a
// point off its curve (or, for B, outside the order-r subgroup) makes the proof invalid (false), and
// (0, 0) is the point at infinity, as the EVM's BN254 precompiles read it. A malformed key throws.
// Keys are decoded and validated once per distinct key (a cache that changes time, never results or gas).
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import { bn254 } from "@noble/curves/bn254.js";
import { bytesToHex } from "../../primitives/hex.js";
import { CoprocessorInputError } from "../types.js";
import { IC_POINT_BYTES, KEY_HEADER_BYTES } from "./key.js";

type G1Point = WeierstrassPoint<bigint>;
type G2Point = WeierstrassPoint<Fp2>;
type Fp12 = ReturnType<typeof bn254.fields.Fp12.mul>;

const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const { Fp, Fp2: F2, Fp12: F12 } = bn254.fields;
const P = Fp.ORDER;
/** The scalar field order: public signals must be below it. */
export const R = G1.Fn.ORDER;
const B1 = G1.CURVE().b;
const B2 = G2.CURVE().b;

function readWord(data: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = offset; i < offset + 32; i++) v = (v << 8n) | BigInt(data[i]!);
  return v;
}

/** A G1 point from affine coordinates, or undefined if they are not one. */
export function g1(x: bigint, y: bigint): G1Point | undefined {
  if (x >= P || y >= P) return undefined;
  if (x === 0n && y === 0n) return G1.ZERO;
  if (!Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), B1))) return undefined;
  return G1.fromAffine({ x, y });
}

/** A G2 point (EIP-197 word order) in the order-r subgroup, or undefined. */
export function g2(xi: bigint, xr: bigint, yi: bigint, yr: bigint): G2Point | undefined {
  if (xi >= P || xr >= P || yi >= P || yr >= P) return undefined;
  if (xi === 0n && xr === 0n && yi === 0n && yr === 0n) return G2.ZERO;
  const x = F2.fromBigTuple([xr, xi]);
  const y = F2.fromBigTuple([yr, yi]);
  if (!F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), B2))) return undefined;
  const point = G2.fromAffine({ x, y });
  try {
    point.assertValidity();
  } catch {
    return undefined;
  }
  return point;
}

export interface PreparedKey {
  nPublic: number;
  gamma: G2Point;
  delta: G2Point;
  ic: G1Point[];
  /** e(alpha, beta)^-1: the proof's three Miller loops must, after the final exponentiation, equal it. */
  alphaBetaInverse: Fp12;
}

/** Number of public signals of an encoded key of `length` bytes (throws if the length is impossible). */
export function keyPublicCount(length: number): number {
  if (length < KEY_HEADER_BYTES + IC_POINT_BYTES || (length - KEY_HEADER_BYTES) % IC_POINT_BYTES !== 0) {
    throw new CoprocessorInputError("verification key length is not 448 + 64 * (nPublic + 1)");
  }
  return (length - KEY_HEADER_BYTES) / IC_POINT_BYTES - 1;
}

const prepared = new Map<string, PreparedKey>();
const MAX_CACHED_KEYS = 64;

function prepare(key: Uint8Array): PreparedKey {
  const nPublic = keyPublicCount(key.length);
  const w = (i: number): bigint => readWord(key, i * 32);
  const alpha = g1(w(0), w(1));
  const beta = g2(w(2), w(3), w(4), w(5));
  const gamma = g2(w(6), w(7), w(8), w(9));
  const delta = g2(w(10), w(11), w(12), w(13));
  if (!alpha || !beta || !gamma || !delta) throw new CoprocessorInputError("verification key point invalid");
  if (alpha.is0() || beta.is0() || gamma.is0() || delta.is0()) {
    throw new CoprocessorInputError("verification key point at infinity");
  }
  const ic: G1Point[] = [];
  for (let i = 0; i <= nPublic; i++) {
    const point = g1(w(14 + 2 * i), w(15 + 2 * i));
    if (!point) throw new CoprocessorInputError("verification key IC point invalid");
    ic.push(point);
  }
  const alphaBeta = bn254.pairing(alpha, beta);
  return { nPublic, gamma, delta, ic, alphaBetaInverse: F12.inv(alphaBeta) };
}

/** The prepared form of an encoded key (cached per key; throws CoprocessorInputError if malformed). */
export function preparedKey(key: Uint8Array): PreparedKey {
  const id = bytesToHex(key);
  let p = prepared.get(id);
  if (p === undefined) {
    p = prepare(key);
    if (prepared.size >= MAX_CACHED_KEYS) prepared.delete(prepared.keys().next().value!);
    prepared.set(id, p);
  }
  return p;
}

/** The verdict for `proof` (uint256[8]) and `signals` under `key` (their count must match the key's). */
export function verifyGroth16(
  key: PreparedKey,
  proof: readonly bigint[],
  signals: readonly bigint[],
): boolean {
  if (signals.length !== key.nPublic) {
    throw new CoprocessorInputError(`expected ${key.nPublic} public signals, got ${signals.length}`);
  }
  for (const s of signals) if (s >= R) return false;
  const a = g1(proof[0]!, proof[1]!);
  const b = g2(proof[2]!, proof[3]!, proof[4]!, proof[5]!);
  const c = g1(proof[6]!, proof[7]!);
  if (!a || !b || !c) return false;
  let vkx = key.ic[0]!;
  for (let i = 0; i < signals.length; i++) {
    const s = signals[i]!;
    if (s !== 0n) vkx = vkx.add(key.ic[i + 1]!.multiplyUnsafe(s));
  }
  // e(O, Q) = e(P, O) = 1: such pairs leave the product unchanged (and noble rejects them).
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  if (!a.is0() && !b.is0()) pairs.push({ g1: a.negate(), g2: b });
  if (!vkx.is0()) pairs.push({ g1: vkx, g2: key.gamma });
  if (!c.is0()) pairs.push({ g1: c, g2: key.delta });
  const miller = pairs.length === 0 ? F12.ONE : bn254.pairingBatch(pairs, false);
  const product = pairs.length === 0 ? F12.ONE : F12.finalExponentiate(miller);
  return F12.eql(product, key.alphaBetaInverse);
}
