// BN254 (alt_bn128) precompiles: ECADD 0x06, ECMUL 0x07, pairing check 0x08 (EIP-196, EIP-197, gas from the fork's schedule: Byzantium prices, EIP-1108 from Istanbul).
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import { bn254 } from "@noble/curves/bn254.js";
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

/** G1 point from two 32-byte coordinates; (0, 0) is infinity. Undefined if not a curve point. */
function decodeG1(data: Uint8Array, offset: number): G1Point | undefined {
  const x = readBigInt(data, offset, 32);
  const y = readBigInt(data, offset + 32, 32);
  if (x >= P || y >= P) return undefined;
  if (x === 0n && y === 0n) return G1.ZERO;
  // The cofactor is 1, so on the curve means in the group.
  if (!Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), B))) return undefined;
  return G1.fromAffine({ x, y });
}

/** G2 point; EIP-197 orders each Fp2 coordinate imaginary part first. Undefined unless in the subgroup. */
function decodeG2(data: Uint8Array, offset: number): G2Point | undefined {
  const xi = readBigInt(data, offset, 32);
  const xr = readBigInt(data, offset + 32, 32);
  const yi = readBigInt(data, offset + 64, 32);
  const yr = readBigInt(data, offset + 96, 32);
  if (xi >= P || xr >= P || yi >= P || yr >= P) return undefined;
  if (xi === 0n && xr === 0n && yi === 0n && yr === 0n) return G2.ZERO;
  const x = F2.fromBigTuple([xr, xi]);
  const y = F2.fromBigTuple([yr, yi]);
  // On the twist first: noble's point constructor throws on y = 0, which no twist point has.
  if (!F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), B2))) return undefined;
  return validated(G2.fromAffine({ x, y }));
}

/**
 * The point if it is in the order-r subgroup (the twist has a large cofactor). Uses assertValidity rather
 * than isTorsionFree because noble caches its success, so pairingBatch's own check is then free.
 */
function validated(point: G2Point): G2Point | undefined {
  try {
    point.assertValidity();
    return point;
  } catch (e) {
    rethrowStackOverflow(e);
    return undefined;
  }
}

function encodeG1(point: G1Point): Uint8Array {
  const output = new Uint8Array(64);
  if (point.is0()) return output;
  const { x, y } = point.toAffine();
  writeBigInt(output, 0, 32, x);
  writeBigInt(output, 32, 32, y);
  return output;
}

export const bn254Add: Precompile = (input, gasLimit, rules) => {
  const gas = rules.gas.bn254Add;
  if (gas > gasLimit) return FAILURE;
  const data = padInto(addScratch, input);
  const a = decodeG1(data, 0);
  const b = decodeG1(data, 64);
  if (!a || !b) return FAILURE;
  return ok(gas, encodeG1(a.add(b)));
};

export const bn254Mul: Precompile = (input, gasLimit, rules) => {
  const gas = rules.gas.bn254Mul;
  if (gas > gasLimit) return FAILURE;
  const data = padInto(mulScratch, input);
  const point = decodeG1(data, 0);
  if (!point) return FAILURE;
  // Every point has order r, so reducing the 256-bit scalar mod r does not change the product.
  const scalar = readBigInt(data, 64, 32) % R;
  return ok(gas, encodeG1(point.multiplyUnsafe(scalar)));
};

export const bn254Pairing: Precompile = (input, gasLimit, rules) => {
  if (input.length % PAIR_SIZE !== 0) return FAILURE;
  const k = input.length / PAIR_SIZE;
  const gas = rules.gas.bn254PairingBase + rules.gas.bn254PairingPerPair * k;
  if (gas > gasLimit) return FAILURE;
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  for (let offset = 0; offset < input.length; offset += PAIR_SIZE) {
    const g1 = decodeG1(input, offset);
    const g2 = decodeG2(input, offset + 64);
    if (!g1 || !g2) return FAILURE;
    // e(O, Q) = e(P, O) = 1: such pairs do not change the product (and noble rejects them).
    if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
  }
  const product = pairs.length === 0 ? Fp12.ONE : bn254.pairingBatch(pairs);
  const output = new Uint8Array(32);
  if (Fp12.eql(product, Fp12.ONE)) output[31] = 1;
  return ok(gas, output);
};
