// BLS12-381 multi-scalar multiplication (EIP-2537): G1MSM 0x0c, G2MSM 0x0e and their discount-table pricing.
// Input checks are ours (bls12-381-codec.ts; the subgroup check on mcl is mcl's own); the sum runs on mcl
// when loaded, else on noble.
import { pippenger } from "@noble/curves/abstract/curve.js";
import {
  decodeG1,
  decodeG2,
  encodeG1,
  encodeG2,
  G1,
  G1_SIZE,
  type G1Point,
  G2,
  G2_SIZE,
  type G2Point,
  readG1,
  readG2,
  SCALAR_SIZE,
} from "./bls12-381-codec.js";
import { type G1Coords, type G2Coords, onMclOrNoble } from "./bls12-381-mcl.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, readBigInt } from "./util.js";

// EIP-2537 discount per mille for k = 1..128 pairs; past the table the last entry (max discount) applies.
// biome-ignore format: a table is easier to check against the EIP as rows of 16
const G1_DISCOUNT: readonly number[] = [
  1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677,
  673, 669, 665, 661, 658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627,
  625, 623, 621, 619, 617, 615, 613, 611, 609, 608, 606, 604, 603, 601, 599, 598,
  596, 595, 593, 592, 591, 589, 588, 586, 585, 584, 582, 581, 580, 579, 577, 576,
  575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563, 562, 561, 560, 559,
  558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545, 544,
  543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531,
  530, 529, 528, 528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519,
];
// biome-ignore format: a table is easier to check against the EIP as rows of 16
const G2_DISCOUNT: readonly number[] = [
  1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717,
  711, 704, 699, 693, 688, 683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646,
  643, 640, 637, 634, 632, 629, 627, 624, 622, 620, 618, 615, 613, 611, 609, 607,
  606, 604, 602, 600, 598, 597, 595, 593, 592, 590, 589, 587, 586, 584, 583, 582,
  580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568, 567, 566, 565, 563, 562,
  561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548, 547,
  546, 545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535,
  534, 533, 532, 532, 531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524,
];

const G1_MUL_GAS = 12000;
const G2_MUL_GAS = 22500;
const G1_PAIR_SIZE = SCALAR_SIZE + G1_SIZE;
const G2_PAIR_SIZE = SCALAR_SIZE + G2_SIZE;
const Q = G1.Fn.ORDER;

/** floor(k * multiplication cost * discount(k) / 1000), the EIP-2537 MSM price for k pairs. */
export function msmGas(k: number, mulGas: number, discounts: readonly number[]): number {
  const discount = k <= discounts.length ? discounts[k - 1]! : discounts[discounts.length - 1]!;
  return Math.floor((k * mulGas * discount) / 1000);
}

export function blsG1MsmGas(k: number): number {
  return msmGas(k, G1_MUL_GAS, G1_DISCOUNT);
}

export function blsG2MsmGas(k: number): number {
  return msmGas(k, G2_MUL_GAS, G2_DISCOUNT);
}

// Pair layout is point || scalar. Points are subgroup-checked, so scalars (any 256-bit value) can be
// reduced mod q; pairs with a zero point or zero scalar add nothing and are dropped.
export const blsG1MsmNoble: Precompile = (input, gasLimit) => {
  const k = input.length / G1_PAIR_SIZE;
  if (k === 0 || !Number.isInteger(k)) return FAILURE;
  const gas = blsG1MsmGas(k);
  if (gas > gasLimit) return FAILURE;
  const points: G1Point[] = [];
  const scalars: bigint[] = [];
  for (let offset = 0; offset < input.length; offset += G1_PAIR_SIZE) {
    const point = decodeG1(input, offset, true);
    if (!point) return FAILURE;
    const scalar = readBigInt(input, offset + G1_SIZE, SCALAR_SIZE) % Q;
    if (scalar !== 0n && !point.is0()) {
      points.push(point);
      scalars.push(scalar);
    }
  }
  let result: G1Point;
  if (points.length === 0) result = G1.ZERO;
  else if (points.length === 1) result = points[0]!.multiplyUnsafe(scalars[0]!);
  else result = pippenger(G1, points, scalars);
  return ok(gas, encodeG1(result));
};

export const blsG2MsmNoble: Precompile = (input, gasLimit) => {
  const k = input.length / G2_PAIR_SIZE;
  if (k === 0 || !Number.isInteger(k)) return FAILURE;
  const gas = blsG2MsmGas(k);
  if (gas > gasLimit) return FAILURE;
  const points: G2Point[] = [];
  const scalars: bigint[] = [];
  for (let offset = 0; offset < input.length; offset += G2_PAIR_SIZE) {
    const point = decodeG2(input, offset, true);
    if (!point) return FAILURE;
    const scalar = readBigInt(input, offset + G2_SIZE, SCALAR_SIZE) % Q;
    if (scalar !== 0n && !point.is0()) {
      points.push(point);
      scalars.push(scalar);
    }
  }
  let result: G2Point;
  if (points.length === 0) result = G2.ZERO;
  else if (points.length === 1) result = points[0]!.multiplyUnsafe(scalars[0]!);
  else result = pippenger(G2, points, scalars);
  return ok(gas, encodeG2(result));
};

// The mcl path: every point checked (curve, then subgroup unless infinity) before any arithmetic, so the
// failures are the noble path's; infinity pairs add nothing and are dropped, zero scalars are dropped by mcl.
export const blsG1Msm: Precompile = onMclOrNoble((mcl, input, gasLimit) => {
  const k = input.length / G1_PAIR_SIZE;
  if (k === 0 || !Number.isInteger(k)) return FAILURE;
  const gas = blsG1MsmGas(k);
  if (gas > gasLimit) return FAILURE;
  const points: G1Coords[] = [];
  const scalars: Uint8Array[] = [];
  for (let offset = 0; offset < input.length; offset += G1_PAIR_SIZE) {
    const point = readG1(input, offset);
    if (point === undefined) return FAILURE;
    if (point === null) continue;
    if (!mcl.g1InSubgroup(point)) return FAILURE;
    points.push(point);
    scalars.push(input.subarray(offset + G1_SIZE, offset + G1_PAIR_SIZE));
  }
  return ok(gas, mcl.g1Msm(points, scalars));
}, blsG1MsmNoble);

export const blsG2Msm: Precompile = onMclOrNoble((mcl, input, gasLimit) => {
  const k = input.length / G2_PAIR_SIZE;
  if (k === 0 || !Number.isInteger(k)) return FAILURE;
  const gas = blsG2MsmGas(k);
  if (gas > gasLimit) return FAILURE;
  const points: G2Coords[] = [];
  const scalars: Uint8Array[] = [];
  for (let offset = 0; offset < input.length; offset += G2_PAIR_SIZE) {
    const point = readG2(input, offset);
    if (point === undefined) return FAILURE;
    if (point === null) continue;
    if (!mcl.g2InSubgroup(point)) return FAILURE;
    points.push(point);
    scalars.push(input.subarray(offset + G2_SIZE, offset + G2_PAIR_SIZE));
  }
  return ok(gas, mcl.g2Msm(points, scalars));
}, blsG2MsmNoble);
