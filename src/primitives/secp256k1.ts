// secp256k1 signature recovery and key-to-address, on @noble/curves.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToBigInt } from "./hex.js";
import { keccak256 } from "./keccak.js";

export const SECP256K1_N = secp256k1.Point.CURVE().n;
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

/** The address of an uncompressed public key (65 bytes with the 0x04 prefix). */
export function publicKeyToAddress(publicKey: Uint8Array): bigint {
  return bytesToBigInt(keccak256(publicKey.subarray(1)).subarray(12));
}

export function privateKeyToAddress(privateKey: Uint8Array): bigint {
  return publicKeyToAddress(secp256k1.getPublicKey(privateKey, false));
}

/**
 * Recovers the signer's address, or undefined for an invalid signature. Range checks (r, s in [1, n-1],
 * recovery 0 or 1) are done here; callers add their own rules such as low-s.
 */
export function recoverAddress(hash: Uint8Array, r: bigint, s: bigint, recovery: number): bigint | undefined {
  if (r <= 0n || r >= SECP256K1_N || s <= 0n || s >= SECP256K1_N) return undefined;
  if (recovery !== 0 && recovery !== 1) return undefined;
  try {
    const point = new secp256k1.Signature(r, s, recovery).recoverPublicKey(hash);
    return publicKeyToAddress(point.toBytes(false));
  } catch {
    return undefined;
  }
}
