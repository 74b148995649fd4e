// BLS12-381 map-to-curve (EIP-2537): MAP_FP_TO_G1 0x10 (5500 gas) and MAP_FP2_TO_G2 0x11 (23800 gas).
// The field elements are checked here; the map runs on mcl (its RFC 9380 mode) when loaded, else on noble.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { decodeFp, encodeG1, encodeG2, FP_SIZE, type G1Point, type G2Point } from "./bls12-381-codec.js";
import { type Bls12381Ops, onMclOrNoble } from "./bls12-381-mcl.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok } from "./util.js";

const MAP_G1_GAS = 5500;
const MAP_G2_GAS = 23800;

// RFC 9380 map_to_curve (simplified SWU + isogeny) followed by cofactor clearing, with no hashing. noble's
// hasher typings describe mapToCurve as bigint[] -> affine point, but at runtime the m = 1 (G1) map takes
// one bigint, the m = 2 (G2) map a [c0, c1] pair, and both return the cleared projective point.
const mapToG1 = bls12_381.G1.mapToCurve as unknown as (u: bigint) => G1Point;
const mapToG2 = bls12_381.G2.mapToCurve as unknown as (u: [bigint, bigint]) => G2Point;

function mapFpToG1(input: Uint8Array, gasLimit: number, mcl: Bls12381Ops | undefined) {
  if (MAP_G1_GAS > gasLimit || input.length !== FP_SIZE) return FAILURE;
  const u = decodeFp(input, 0);
  if (u < 0n) return FAILURE;
  return ok(MAP_G1_GAS, mcl === undefined ? encodeG1(mapToG1(u)) : mcl.mapToG1(u));
}

function mapFp2ToG2(input: Uint8Array, gasLimit: number, mcl: Bls12381Ops | undefined) {
  if (MAP_G2_GAS > gasLimit || input.length !== 2 * FP_SIZE) return FAILURE;
  const c0 = decodeFp(input, 0);
  const c1 = decodeFp(input, FP_SIZE);
  if (c0 < 0n || c1 < 0n) return FAILURE;
  return ok(MAP_G2_GAS, mcl === undefined ? encodeG2(mapToG2([c0, c1])) : mcl.mapToG2(c0, c1));
}

export const blsMapFpToG1Noble: Precompile = (input, gasLimit) => mapFpToG1(input, gasLimit, undefined);
export const blsMapFp2ToG2Noble: Precompile = (input, gasLimit) => mapFp2ToG2(input, gasLimit, undefined);
export const blsMapFpToG1 = onMclOrNoble(
  (mcl, input, gasLimit) => mapFpToG1(input, gasLimit, mcl),
  blsMapFpToG1Noble,
);
export const blsMapFp2ToG2 = onMclOrNoble(
  (mcl, input, gasLimit) => mapFp2ToG2(input, gasLimit, mcl),
  blsMapFp2ToG2Noble,
);
