// BLS12-381 pairing check precompile (EIP-2537): PAIRING_CHECK 0x0f, 32600 * k + 37700 gas.
// Input checks are ours (the subgroup check on mcl is mcl's own); the pairing runs on mcl when loaded.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import {
  decodeG1,
  decodeG2,
  G1_SIZE,
  type G1Point,
  G2_SIZE,
  type G2Point,
  readG1,
  readG2,
} from "./bls12-381-codec.js";
import { type G1Coords, type G2Coords, onMclOrNoble } from "./bls12-381-mcl.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok } from "./util.js";

const BASE_GAS = 37700;
const PER_PAIR_GAS = 32600;
const PAIR_SIZE = G1_SIZE + G2_SIZE;
const { Fp12 } = bls12_381.fields;

export const blsPairingNoble: Precompile = (input, gasLimit) => {
  const k = input.length / PAIR_SIZE;
  if (k === 0 || !Number.isInteger(k)) return FAILURE;
  const gas = BASE_GAS + PER_PAIR_GAS * k;
  if (gas > gasLimit) return FAILURE;
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  for (let offset = 0; offset < input.length; offset += PAIR_SIZE) {
    const g1 = decodeG1(input, offset, true);
    const g2 = decodeG2(input, offset + G1_SIZE, true);
    if (!g1 || !g2) return FAILURE;
    // e(O, Q) = e(P, O) = 1: such pairs do not change the product (and noble rejects them).
    if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
  }
  const product = pairs.length === 0 ? Fp12.ONE : bls12_381.pairingBatch(pairs);
  const output = new Uint8Array(32);
  if (Fp12.eql(product, Fp12.ONE)) output[31] = 1;
  return ok(gas, output);
};

export const blsPairing: Precompile = onMclOrNoble((mcl, input, gasLimit) => {
  const k = input.length / PAIR_SIZE;
  if (k === 0 || !Number.isInteger(k)) return FAILURE;
  const gas = BASE_GAS + PER_PAIR_GAS * k;
  if (gas > gasLimit) return FAILURE;
  const pairs: { g1: G1Coords; g2: G2Coords }[] = [];
  for (let offset = 0; offset < input.length; offset += PAIR_SIZE) {
    const g1 = readG1(input, offset);
    const g2 = readG2(input, offset + G1_SIZE);
    if (g1 === undefined || g2 === undefined) return FAILURE;
    // Every point is subgroup-checked, also one paired with infinity; infinity is in both subgroups.
    if (g1 !== null && !mcl.g1InSubgroup(g1)) return FAILURE;
    if (g2 !== null && !mcl.g2InSubgroup(g2)) return FAILURE;
    if (g1 !== null && g2 !== null) pairs.push({ g1, g2 });
  }
  const output = new Uint8Array(32);
  if (mcl.pairingIsOne(pairs)) output[31] = 1;
  return ok(gas, output);
}, blsPairingNoble);
