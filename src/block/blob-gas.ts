// EIP-4844 blob gas pricing: the blob base fee a block charges, derived from its excess blob gas.
import type { ForkRules } from "../evm/forks.js";

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
