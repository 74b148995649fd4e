// EIP-7702 delegation designators: code 0xef0100 || address makes an account run another account's code.
import { bytesToBigInt } from "../primitives/hex.js";

export const DELEGATION_PREFIX = Uint8Array.of(0xef, 0x01, 0x00);

/** The delegate address if `code` is a delegation designator, else undefined. */
export function delegationTarget(code: Uint8Array): bigint | undefined {
  if (code.length !== 23 || code[0] !== 0xef || code[1] !== 0x01 || code[2] !== 0x00) return undefined;
  return bytesToBigInt(code.subarray(3));
}

export function delegationDesignator(address: bigint): Uint8Array {
  const out = new Uint8Array(23);
  out.set(DELEGATION_PREFIX, 0);
  let a = address;
  for (let i = 22; i >= 3; i--) {
    out[i] = Number(a & 0xffn);
    a >>= 8n;
  }
  return out;
}
