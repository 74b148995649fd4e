// EIP-2537 BLS12-381 encodings: 64-byte field elements, 128-byte G1 and 256-byte G2 points, 32-byte scalars.
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import type { G1Coords, G2Coords } from "./bls12-381-mcl.js";
import { isZeroRange, readBigInt, rethrowStackOverflow, writeBigInt } from "./util.js";

export type G1Point = WeierstrassPoint<bigint>;
export type G2Point = WeierstrassPoint<Fp2>;

export const G1 = bls12_381.G1.Point;
export const G2 = bls12_381.G2.Point;
const { Fp, Fp2: F2 } = bls12_381.fields;
const P = Fp.ORDER;
const B1 = G1.CURVE().b;
const B2 = G2.CURVE().b;

export const FP_SIZE = 64;
export const G1_SIZE = 128;
export const G2_SIZE = 256;
export const SCALAR_SIZE = 32;

/**
 * Field element at data[offset, offset+64): the top 16 bytes must be zero and the value below p.
 * Returns -1n for an invalid encoding (cheaper than throwing on the failure path).
 */
export function decodeFp(data: Uint8Array, offset: number): bigint {
  if (!isZeroRange(data, offset, offset + 16)) return -1n;
  const value = readBigInt(data, offset + 16, 48);
  return value < P ? value : -1n;
}

/**
 * G1 point (x || y) as affine coordinates: null for infinity (all zeros), undefined unless both coordinates
 * are valid field elements and the point is on the curve. No subgroup check.
 */
export function readG1(data: Uint8Array, offset: number): G1Coords | null | undefined {
  const x = decodeFp(data, offset);
  const y = decodeFp(data, offset + FP_SIZE);
  if (x < 0n || y < 0n) return undefined;
  if (x === 0n && y === 0n) return null;
  if (!Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), B1))) return undefined;
  return { x, y };
}

/** G2 point (x.c0 || x.c1 || y.c0 || y.c1), same rules as readG1. */
export function readG2(data: Uint8Array, offset: number): G2Coords | null | undefined {
  const x0 = decodeFp(data, offset);
  const x1 = decodeFp(data, offset + FP_SIZE);
  const y0 = decodeFp(data, offset + 2 * FP_SIZE);
  const y1 = decodeFp(data, offset + 3 * FP_SIZE);
  if (x0 < 0n || x1 < 0n || y0 < 0n || y1 < 0n) return undefined;
  if (x0 === 0n && x1 === 0n && y0 === 0n && y1 === 0n) return null;
  const x = F2.fromBigTuple([x0, x1]);
  const y = F2.fromBigTuple([y0, y1]);
  if (!F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), B2))) return undefined;
  return { x, y };
}

/**
 * G1 point as a noble point: undefined unless on the curve and, when `subgroupCheck`, in the order-q
 * subgroup (required for MSM and pairing, not for addition). Noble's constructor would throw on y = 0, which
 * (the group orders being odd) no curve point has, so readG1's curve check comes first.
 */
export function decodeG1(data: Uint8Array, offset: number, subgroupCheck: boolean): G1Point | undefined {
  const coords = readG1(data, offset);
  if (coords === undefined) return undefined;
  if (coords === null) return G1.ZERO;
  const point = G1.fromAffine(coords);
  return subgroupCheck ? inSubgroup(point) : point;
}

/** G2 point as a noble point, same rules as decodeG1. */
export function decodeG2(data: Uint8Array, offset: number, subgroupCheck: boolean): G2Point | undefined {
  const coords = readG2(data, offset);
  if (coords === undefined) return undefined;
  if (coords === null) return G2.ZERO;
  const point = G2.fromAffine(coords);
  return subgroupCheck ? inSubgroup(point) : point;
}

/**
 * The point if it is in the order-q subgroup. Uses assertValidity rather than isTorsionFree because noble
 * caches its success, so pairingBatch's own validation of the same point is then free.
 */
function inSubgroup<P extends G1Point | G2Point>(point: P): P | undefined {
  try {
    point.assertValidity();
    return point;
  } catch (e) {
    rethrowStackOverflow(e);
    return undefined;
  }
}

export function encodeG1(point: G1Point): Uint8Array {
  const output = new Uint8Array(G1_SIZE);
  if (point.is0()) return output;
  const { x, y } = point.toAffine();
  writeBigInt(output, 16, 48, x);
  writeBigInt(output, FP_SIZE + 16, 48, y);
  return output;
}

export function encodeG2(point: G2Point): Uint8Array {
  const output = new Uint8Array(G2_SIZE);
  if (point.is0()) return output;
  const { x, y } = point.toAffine();
  writeBigInt(output, 16, 48, x.c0);
  writeBigInt(output, FP_SIZE + 16, 48, x.c1);
  writeBigInt(output, 2 * FP_SIZE + 16, 48, y.c0);
  writeBigInt(output, 3 * FP_SIZE + 16, 48, y.c1);
  return output;
}
