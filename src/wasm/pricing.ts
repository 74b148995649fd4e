// Ink prices of the host functions (Stylus's schedule: a base per call, per pointer, per byte read or
// written) and the memory model (pages priced per transaction). EVM-equivalent work (storage, calls, logs,
// account access) is charged in gas by the host functions themselves, with the EVM's own constants.
import { WASM_PARAMS } from "./params.js";

/** Every host call. */
export const HOSTIO_INK = 8400;
/** Each pointer argument. */
export const PTR_INK = 13440 - HOSTIO_INK;
/** Host calls that reach the state or the call stack. */
export const EVM_API_INK = 59673;
export const DIV_INK = 20000;
export const MUL_MOD_INK = 24100;
export const ADD_MOD_INK = 21000;

/** Ink to copy `bytes` out of the contract's memory. */
export function readPrice(bytes: number): number {
  return 16381 + 55 * Math.max(0, bytes - 32);
}

/** Ink to copy `bytes` into the contract's memory. */
export function writePrice(bytes: number): number {
  return 5040 + 30 * Math.max(0, bytes - 32);
}

/** Ink of native_keccak256 over `bytes` (KECCAK256's 30 + 6/word gas, scaled and discounted as in Stylus). */
export function keccakPrice(bytes: number): number {
  const words = Math.ceil(bytes / 32);
  return 121800 + 21000 * Math.max(0, words - 2);
}

/** Ink of math_pow: cheaper for exponents with leading zero bytes. */
export function powPrice(exponent: Uint8Array): number {
  let significant = 33;
  for (const b of exponent) {
    if (b !== 0) break;
    significant--;
  }
  return 3000 + significant * 17500;
}

/** The convex part of the memory price: 0 up to the free pages, then 15 gas per (extra page)^3. */
function ramp(pages: number): number {
  const extra = Math.max(0, pages - WASM_PARAMS.freePages);
  return 15 * extra * extra * extra;
}

/**
 * Gas for `added` pages when `open` pages are in use by the transaction's live WASM frames and `ever` is
 * the most it has had open at once: linear per page beyond the free ones, plus the growth of the convex
 * ramp when the transaction's high-water mark rises (so nested frames pay for their memory, and one huge
 * memory costs much more than many small ones in turn).
 */
export function memoryGas(added: number, open: number, ever: number): number {
  const newOpen = open + added;
  const newEver = Math.max(ever, newOpen);
  const free = WASM_PARAMS.freePages;
  const adding = Math.max(0, newOpen - free) - Math.max(0, open - free);
  return adding * WASM_PARAMS.pageGas + ramp(newEver) - ramp(ever);
}
