// The legacy (type 0) `v` value: 27/28 before EIP-155, chainId*2 + 35/36 with it.
import { fail } from "./fields.js";

export interface LegacyV {
  /** undefined for an unprotected (pre-EIP-155) signature. */
  chainId: bigint | undefined;
  yParity: 0 | 1;
}

/**
 * Splits a legacy `v` into chain id and y-parity. Codes follow geth, which filled the TransactionTests: 0 and 1
 * count as unprotected values with an impossible parity (INVALID_SIGNATURE_VRS); any other value below 35
 * yields no chain id at all (INVALID_CHAINID).
 */
export function parseLegacyV(v: bigint): LegacyV {
  if (v === 27n || v === 28n) return { chainId: undefined, yParity: v === 28n ? 1 : 0 };
  if (v >= 35n) return { chainId: (v - 35n) >> 1n, yParity: (v - 35n) & 1n ? 1 : 0 };
  if (v === 0n || v === 1n) fail("INVALID_SIGNATURE_VRS", `legacy v ${v} (expected 27, 28 or >= 35)`);
  return fail("INVALID_CHAINID", `legacy v ${v} encodes no chain id`);
}

export function legacyV(chainId: bigint | undefined, yParity: 0 | 1): bigint {
  return chainId === undefined ? 27n + BigInt(yParity) : chainId * 2n + 35n + BigInt(yParity);
}
