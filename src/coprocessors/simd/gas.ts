// The SIMD co-processor's gas schedule. Calibrated against the EVM's cost of the same arithmetic (see
// docs/coprocessors.md, "Calibration", and bench/coprocessors/calibrate.ts): the co-processor charges the
// gas the EVM would charge for the same wall-clock time at the EVM's own gas rate on int8 arithmetic, times
// a safety factor, and never less than the copying cost of its operands.

/** Every call: selector dispatch, ABI decoding, a WebAssembly call. */
export const SIMD_BASE_GAS = 60;
/** Per 32-byte word of call data and of return data (as the identity precompile charges). */
export const SIMD_WORD_GAS = 3;
/** Multiply-accumulates per unit of gas (int8 x int8 -> int32). */
export const MACS_PER_GAS = 8;
/** Elementwise int32 operations (add, ReLU, requantize, argmax) per unit of gas. */
export const ELEMENTS_PER_GAS = 8;

export function words(bytes: number): number {
  return Math.ceil(bytes / 32);
}

export function simdGas(inputBytes: number, outputBytes: number, macs: number, elements: number): number {
  return (
    SIMD_BASE_GAS +
    SIMD_WORD_GAS * (words(inputBytes) + words(outputBytes)) +
    Math.ceil(macs / MACS_PER_GAS) +
    Math.ceil(elements / ELEMENTS_PER_GAS)
  );
}
