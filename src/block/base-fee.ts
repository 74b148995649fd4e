// EIP-1559: the gas limit's allowed drift from the parent and the base fee a block must carry. The first
// London block (INITIAL_BASE_FEE, doubled gas target) is handled by the header check.

/** The gas limit may move by strictly less than parent/1024 per block (Yellow Paper, EIP-1559). */
export const GAS_LIMIT_BOUND_DIVISOR = 1024n;
export const MIN_GAS_LIMIT = 5000n;
/** geth rejects gas limits above 2^63-1 (its MaxGasLimit) before anything else. */
export const MAX_GAS_LIMIT = (1n << 63n) - 1n;
export const ELASTICITY_MULTIPLIER = 2n;
/** The base fee of the first London block (1 gwei). */
export const INITIAL_BASE_FEE = 1_000_000_000n;
export const BASE_FEE_MAX_CHANGE_DENOMINATOR = 8n;

/** Whether `gasLimit` is a valid successor of `parentGasLimit`. */
export function isValidGasLimit(gasLimit: bigint, parentGasLimit: bigint): boolean {
  const delta = parentGasLimit / GAS_LIMIT_BOUND_DIVISOR;
  return gasLimit < parentGasLimit + delta && gasLimit > parentGasLimit - delta && gasLimit >= MIN_GAS_LIMIT;
}

export interface BaseFeeParent {
  gasLimit: bigint;
  gasUsed: bigint;
  baseFeePerGas?: bigint;
}

/** The base fee of the child of `parent` (execution-specs `calculate_base_fee_per_gas`). */
export function calcBaseFee(parent: BaseFeeParent): bigint {
  const parentBaseFee = parent.baseFeePerGas;
  if (parentBaseFee === undefined) throw new RangeError("calcBaseFee: parent has no base fee (pre-London)");
  const target = parent.gasLimit / ELASTICITY_MULTIPLIER;
  // A zero target only happens with absurd gas limits (< 2); treat it as "no change" rather than divide by 0.
  if (parent.gasUsed === target || target === 0n) return parentBaseFee;
  if (parent.gasUsed > target) {
    const delta = (parentBaseFee * (parent.gasUsed - target)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
    return parentBaseFee + (delta > 1n ? delta : 1n);
  }
  const delta = (parentBaseFee * (target - parent.gasUsed)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
  return parentBaseFee - delta;
}
