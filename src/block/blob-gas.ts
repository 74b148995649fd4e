// EIP-4844 blob gas pricing: the blob base fee a block charges, derived from its excess blob gas.
import type { ForkRules } from "../evm/forks.js";
import { G_PER_BLOB } from "../evm/gas-constants.js";

/** The floor of the blob base fee (EIP-4844 MIN_BASE_FEE_PER_BLOB_GAS). */
export const MIN_BASE_FEE_PER_BLOB_GAS = 1n;

/**
 * Approximates factor * e ** (numerator / denominator) with integer arithmetic, exactly as EIP-4844 specifies
 * (a Taylor series summed until a term rounds to zero). Consensus depends on this rounding, so it must not be
 * replaced by floating point.
 */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("fakeExponential: denominator must be positive");
  let i = 1n;
  let output = 0n;
  let numeratorAccum = factor * denominator;
  while (numeratorAccum > 0n) {
    output += numeratorAccum;
    numeratorAccum = (numeratorAccum * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

/** The price of one unit of blob gas given the block's excess blob gas and the fork's update fraction. */
export function blobBaseFee(excessBlobGas: bigint, rules: ForkRules): bigint {
  return fakeExponential(MIN_BASE_FEE_PER_BLOB_GAS, excessBlobGas, rules.blobSchedule.baseFeeUpdateFraction);
}

/** Blob gas per blob (EIP-4844 GAS_PER_BLOB): the EVM's G_PER_BLOB, the one definition, as a bigint. */
export const GAS_PER_BLOB = BigInt(G_PER_BLOB);
/** EIP-7918: execution gas a blob is floored at, priced at the parent's base fee. */
export const BLOB_BASE_COST = 1n << 13n;

/** The most blob gas one block may use under `rules` (blob schedule max times GAS_PER_BLOB). */
export function maxBlobGasPerBlock(rules: ForkRules): bigint {
  return BigInt(rules.blobSchedule.max) * GAS_PER_BLOB;
}

export function targetBlobGasPerBlock(rules: ForkRules): bigint {
  return BigInt(rules.blobSchedule.target) * GAS_PER_BLOB;
}

/** What calcExcessBlobGas needs of the parent header (Cancun+ fields, so never undefined there). */
export interface BlobGasParent {
  excessBlobGas?: bigint;
  blobGasUsed?: bigint;
  baseFeePerGas?: bigint;
}

/**
 * The excess blob gas a child of `parent` must carry, under the child's `rules` (the schedule of the block
 * being validated prices the parent's excess, as execution-specs and geth do at fork boundaries).
 * EIP-4844 subtracts the target; from Osaka, EIP-7918 stops the decay while the blob base fee sits below the
 * execution-gas reserve price and grows the excess by the used share above target instead.
 */
export function calcExcessBlobGas(parent: BlobGasParent, rules: ForkRules): bigint {
  const excess = parent.excessBlobGas ?? 0n;
  const used = parent.blobGasUsed ?? 0n;
  const target = targetBlobGasPerBlock(rules);
  if (excess + used < target) return 0n;
  if (rules.eip7918) {
    const reservePrice = BLOB_BASE_COST * (parent.baseFeePerGas ?? 0n);
    if (reservePrice > GAS_PER_BLOB * blobBaseFee(excess, rules)) {
      const { max, target: targetBlobs } = rules.blobSchedule;
      return excess + (used * BigInt(max - targetBlobs)) / BigInt(max);
    }
  }
  return excess + used - target;
}
