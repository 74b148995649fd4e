// Derives a transaction sender from the fixture's secret key, for fixtures that do not state `sender`.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";

/** The address of a secp256k1 secret key: the last 20 bytes of keccak256 of the 64-byte public key. */
export function addressFromSecretKey(secretKey: Uint8Array): bigint {
  const uncompressed = secp256k1.getPublicKey(secretKey, false);
  // Drop the 0x04 SEC1 prefix: Ethereum hashes only the X and Y coordinates.
  return bytesToBigInt(keccak256(uncompressed.subarray(1)).subarray(12));
}
