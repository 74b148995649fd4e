// BLS12-381 point addition precompiles (EIP-2537): G1ADD 0x0b (375 gas) and G2ADD 0x0d (600 gas).
// Input checks are ours (bls12-381-codec.ts); the addition runs on mcl when loaded, else on noble.
import {
  decodeG1,
  decodeG2,
  encodeG1,
  encodeG2,
  G1_SIZE,
  G2_SIZE,
  readG1,
  readG2,
} from "./bls12-381-codec.js";
import { onMclOrNoble } from "./bls12-381-mcl.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok } from "./util.js";

const G1ADD_GAS = 375;
const G2ADD_GAS = 600;

// Addition takes any curve points (no subgroup check): the complete addition formulas are valid on the
// whole curve, and the EIP leaves the subgroup check to the operations whose security depends on it.
export const blsG1AddNoble: Precompile = (input, gasLimit) => {
  if (G1ADD_GAS > gasLimit || input.length !== 2 * G1_SIZE) return FAILURE;
  const a = decodeG1(input, 0, false);
  const b = decodeG1(input, G1_SIZE, false);
  if (!a || !b) return FAILURE;
  return ok(G1ADD_GAS, encodeG1(a.add(b)));
};

export const blsG2AddNoble: Precompile = (input, gasLimit) => {
  if (G2ADD_GAS > gasLimit || input.length !== 2 * G2_SIZE) return FAILURE;
  const a = decodeG2(input, 0, false);
  const b = decodeG2(input, G2_SIZE, false);
  if (!a || !b) return FAILURE;
  return ok(G2ADD_GAS, encodeG2(a.add(b)));
};

export const blsG1Add: Precompile = onMclOrNoble((mcl, input, gasLimit) => {
  if (G1ADD_GAS > gasLimit || input.length !== 2 * G1_SIZE) return FAILURE;
  const a = readG1(input, 0);
  const b = readG1(input, G1_SIZE);
  if (a === undefined || b === undefined) return FAILURE;
  return ok(G1ADD_GAS, mcl.g1Add(input, a === null ? -1 : 0, b === null ? -1 : G1_SIZE));
}, blsG1AddNoble);

export const blsG2Add: Precompile = onMclOrNoble((mcl, input, gasLimit) => {
  if (G2ADD_GAS > gasLimit || input.length !== 2 * G2_SIZE) return FAILURE;
  const a = readG2(input, 0);
  const b = readG2(input, G2_SIZE);
  if (a === undefined || b === undefined) return FAILURE;
  return ok(G2ADD_GAS, mcl.g2Add(input, a === null ? -1 : 0, b === null ? -1 : G2_SIZE));
}, blsG2AddNoble);
