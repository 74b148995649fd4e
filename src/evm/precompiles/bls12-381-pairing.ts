// BLS12-381 pairing check precompile (EIP-2537): PAIRING_CHECK 0x0f, 32600 * k + 37700 gas.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { decodeG1, decodeG2, G1_SIZE, type G1Point, G2_SIZE, type G2Point } from "./bls12-381-codec.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok } from "./util.js";

const BASE_GAS = 37700;
const PER_PAIR_GAS = 32600;
const PAIR_SIZE = G1_SIZE + G2_SIZE;
const { Fp12 } = bls12_381.fields;

export const blsPairing: Precompile = (input, gasLimit) => {
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
