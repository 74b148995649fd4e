// BN254 (alt_bn128) precompiles: ECADD 0x06, ECMUL 0x07, pairing check 0x08 (EIP-196, EIP-197, gas from the fork's schedule: Byzantium prices, EIP-1108 from Istanbul).
// Inputs are decoded and checked here (coordinates below p, points on the curve or twist); the group
// operations run on mcl (bn254-mcl.ts) once it has loaded, else on @noble/curves. Both backends agree on
// every checked input, including the G2 subgroup check; the tests run the vectors through both.
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import { bn254 } from "@noble/curves/bn254.js";
import { type G1Affine, type G2Coordinates, mclBn254 } from "./bn254-mcl.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, padInto, readBigInt, rethrowStackOverflow, writeBigInt } from "./util.js";

type G1Point = WeierstrassPoint<bigint>;
type G2Point = WeierstrassPoint<Fp2>;

const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const { Fp, Fp2: F2, Fp12 } = bn254.fields;
const P = Fp.ORDER;
const R = G1.Fn.ORDER;
const B = G1.CURVE().b;
const B2 = G2.CURVE().b;

const PAIR_SIZE = 192;

// ECADD and ECMUL read fixed-size right-padded input.
const addScratch = new Uint8Array(128);
const mulScratch = new Uint8Array(96);

/** A pairing input pair; undefined members are the point at infinity. */
export interface PairInput {
  g1: G1Affine;
  g2: G2Coordinates | undefined;
}

/** The group operations a backend provides on checked inputs. */
export interface Bn254Backend {
  add(a: G1Affine, b: G1Affine): G1Affine;
  /** ECADD's output straight from the checked encoding, when the backend can (else `add` is used). */
  addEncoded?(data: Uint8Array, aInfinity: boolean, bInfinity: boolean): Uint8Array | undefined;
  mul(a: G1Affine, scalar: Uint8Array): G1Affine;
  /** Whether the product of the pairings is one; undefined when some G2 point is not in the subgroup. */
  pairing(pairs: readonly PairInput[]): boolean | undefined;
}

/** Sentinel of an invalid encoding (undefined already means infinity). */
const INVALID = null;

/** G1 point from two 32-byte coordinates; (0, 0) is infinity. INVALID unless a curve point. */
function decodeG1(data: Uint8Array, offset: number): G1Affine | typeof INVALID {
  const x = readBigInt(data, offset, 32);
  const y = readBigInt(data, offset + 32, 32);
  if (x >= P || y >= P) return INVALID;
  if (x === 0n && y === 0n) return undefined;
  // The cofactor is 1, so on the curve means in the group.
  if (!Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), B))) return INVALID;
  return [x, y];
}

/** G2 point; EIP-197 orders each Fp2 coordinate imaginary part first. INVALID unless on the twist. */
function decodeG2(data: Uint8Array, offset: number): G2Coordinates | undefined | typeof INVALID {
  const xi = readBigInt(data, offset, 32);
  const xr = readBigInt(data, offset + 32, 32);
  const yi = readBigInt(data, offset + 64, 32);
  const yr = readBigInt(data, offset + 96, 32);
  if (xi >= P || xr >= P || yi >= P || yr >= P) return INVALID;
  if (xi === 0n && xr === 0n && yi === 0n && yr === 0n) return undefined;
  const x = F2.fromBigTuple([xr, xi]);
  const y = F2.fromBigTuple([yr, yi]);
  if (!F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), B2))) return INVALID;
  return [xi, xr, yi, yr];
}

const nobleG1 = (p: G1Affine): G1Point => (p === undefined ? G1.ZERO : G1.fromAffine({ x: p[0], y: p[1] }));
const affine = (p: G1Point): G1Affine => {
  if (p.is0()) return undefined;
  const { x, y } = p.toAffine();
  return [x, y];
};

/**
 * The G2 point if it is in the order-r subgroup (the twist has a large cofactor). Uses assertValidity rather
 * than isTorsionFree because noble caches its success, so pairingBatch's own check is then free. (On the
 * twist already: noble's point constructor throws on y = 0, which no twist point has.)
 */
function nobleG2(q: G2Coordinates): G2Point | undefined {
  const point = G2.fromAffine({ x: F2.fromBigTuple([q[1], q[0]]), y: F2.fromBigTuple([q[3], q[2]]) });
  try {
    point.assertValidity();
    return point;
  } catch (e) {
    rethrowStackOverflow(e);
    return undefined;
  }
}

/** @noble/curves, the fallback (and the backend until mcl has loaded). */
export const NOBLE_BN254: Bn254Backend = {
  add: (a, b) => affine(nobleG1(a).add(nobleG1(b))),
  mul: (a, scalar) => affine(nobleG1(a).multiplyUnsafe(readBigInt(scalar, 0, 32) % R)),
  pairing: (pairs) => {
    const points: { g1: G1Point; g2: G2Point }[] = [];
    for (const { g1, g2 } of pairs) {
      if (g2 === undefined) continue;
      const q = nobleG2(g2);
      if (q === undefined) return undefined;
      // e(O, Q) = e(P, O) = 1: such pairs do not change the product (and noble rejects them).
      if (g1 !== undefined) points.push({ g1: nobleG1(g1), g2: q });
    }
    return points.length === 0 || Fp12.eql(bn254.pairingBatch(points), Fp12.ONE);
  },
};

/**
 * mcl (WebAssembly) when it has loaded in this thread, else noble. ECADD goes through mcl's memory directly
 * (mcl-raw.ts): through its string interface one addition cost as much as noble's (docs/evm.md).
 */
export const ADOPTED_BN254: Bn254Backend = {
  add: NOBLE_BN254.add,
  addEncoded: (data, aInfinity, bInfinity) => {
    try {
      return mclBn254()?.addEncoded(data, aInfinity, bInfinity);
    } catch (e) {
      rethrowStackOverflow(e);
      return undefined; // mcl never throws on checked points; should it, noble answers
    }
  },
  mul: (a, scalar) => (mclBn254() ?? NOBLE_BN254).mul(a, scalar),
  pairing: (pairs) => {
    const mcl = mclBn254();
    if (mcl === undefined) return NOBLE_BN254.pairing(pairs);
    const nonTrivial: { g1: readonly [bigint, bigint]; g2: G2Coordinates }[] = [];
    for (const { g1, g2 } of pairs) {
      if (g2 === undefined) continue;
      if (!mcl.g2InSubgroup(g2)) return undefined;
      if (g1 !== undefined) nonTrivial.push({ g1, g2 });
    }
    return mcl.pairingIsOne(nonTrivial);
  },
};

function encodeG1(point: G1Affine): Uint8Array {
  const output = new Uint8Array(64);
  if (point === undefined) return output;
  writeBigInt(output, 0, 32, point[0]);
  writeBigInt(output, 32, 32, point[1]);
  return output;
}

/** The three precompiles on a backend (exported so the tests can run both). */
export function makeBn254(backend: Bn254Backend): { add: Precompile; mul: Precompile; pairing: Precompile } {
  const add: Precompile = (input, gasLimit, rules) => {
    const gas = rules.gas.bn254Add;
    if (gas > gasLimit) return FAILURE;
    const data = padInto(addScratch, input);
    const a = decodeG1(data, 0);
    const b = decodeG1(data, 64);
    if (a === INVALID || b === INVALID) return FAILURE;
    const encoded = backend.addEncoded?.(data, a === undefined, b === undefined);
    return ok(gas, encoded ?? encodeG1(backend.add(a, b)));
  };
  const mul: Precompile = (input, gasLimit, rules) => {
    const gas = rules.gas.bn254Mul;
    if (gas > gasLimit) return FAILURE;
    const data = padInto(mulScratch, input);
    const point = decodeG1(data, 0);
    if (point === INVALID) return FAILURE;
    return ok(gas, encodeG1(backend.mul(point, data.subarray(64, 96))));
  };
  const pairing: Precompile = (input, gasLimit, rules) => {
    if (input.length % PAIR_SIZE !== 0) return FAILURE;
    const k = input.length / PAIR_SIZE;
    const gas = rules.gas.bn254PairingBase + rules.gas.bn254PairingPerPair * k;
    if (gas > gasLimit) return FAILURE;
    const pairs: PairInput[] = [];
    for (let offset = 0; offset < input.length; offset += PAIR_SIZE) {
      const g1 = decodeG1(input, offset);
      const g2 = decodeG2(input, offset + 64);
      if (g1 === INVALID || g2 === INVALID) return FAILURE;
      pairs.push({ g1, g2 });
    }
    const isOne = backend.pairing(pairs);
    if (isOne === undefined) return FAILURE;
    const output = new Uint8Array(32);
    if (isOne) output[31] = 1;
    return ok(gas, output);
  };
  return { add, mul, pairing };
}

const adopted = makeBn254(ADOPTED_BN254);
export const bn254Add = adopted.add;
export const bn254Mul = adopted.mul;
export const bn254Pairing = adopted.pairing;

/** The noble precompiles (the fallback; exported for the tests and the benchmark). */
export const bn254Noble = makeBn254(NOBLE_BN254);
