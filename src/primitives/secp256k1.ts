// secp256k1 signature recovery and key-to-address, on @noble/curves. Recovery (every transaction's sender)
// runs on libsecp256k1 through the optional `secp256k1` package's native binding when it loads: 0.3 ms
// against 12 ms for noble per recovery, measured on the loaded 2-core VM (docs/node.md, "Devnet speed").
// Both backends are given only (r, s, recovery) in range, and each fails exactly when r is not the x of a
// curve point or the key is the point at infinity (as the ECRECOVER precompile's note says).
import { createRequire } from "node:module";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bigIntToBytes, bytesToBigInt } from "./hex.js";
import { keccak256 } from "./keccak.js";

type NativeRecover = (signature64: Uint8Array, recovery: number, hash: Uint8Array) => Uint8Array;

function loadNative(): NativeRecover | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The binding itself, not the package's entry point (which falls back to a pure-JS library).
    const lib = require("secp256k1/bindings") as {
      ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
    };
    return (sig, recovery, hash) => lib.ecdsaRecover(sig, recovery, hash, false);
  } catch {
    return undefined;
  }
}

const nativeRecover = loadNative();

/** Which library recovers senders in this process. */
export const RECOVERY_BACKEND = nativeRecover !== undefined ? "libsecp256k1 (native)" : "noble";

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
  if (nativeRecover !== undefined && hash.length === 32) {
    const signature = new Uint8Array(64);
    signature.set(bigIntToBytes(r, 32), 0);
    signature.set(bigIntToBytes(s, 32), 32);
    let publicKey: Uint8Array;
    try {
      publicKey = nativeRecover(signature, recovery, hash);
    } catch {
      return undefined;
    }
    return publicKeyToAddress(publicKey);
  }
  return recoverWithNoble(hash, r, s, recovery);
}

/** recoverAddress on @noble/curves alone (the fallback; tests compare the two). */
export function recoverWithNoble(
  hash: Uint8Array,
  r: bigint,
  s: bigint,
  recovery: number,
): bigint | undefined {
  if (r <= 0n || r >= SECP256K1_N || s <= 0n || s >= SECP256K1_N) return undefined;
  if (recovery !== 0 && recovery !== 1) return undefined;
  try {
    const point = new secp256k1.Signature(r, s, recovery).recoverPublicKey(hash);
    return publicKeyToAddress(point.toBytes(false));
  } catch {
    return undefined;
  }
}
