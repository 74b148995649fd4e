// Reads the chain id out of a fixture's signed `txbytes`. The JSON template cannot say whether a legacy
// transaction is EIP-155 protected (EEST has "unprotected" variants), so the signature's `v` decides.
import { bytesToBigInt } from "../primitives/hex.js";
import { rlpDecode } from "../primitives/rlp.js";

/**
 * The chain id the signed transaction commits to: `undefined` for a pre-EIP-155 legacy signature
 * (v = 27 or 28), or `fallback` when the bytes cannot be decoded.
 */
export function chainIdFromTxBytes(txbytes: Uint8Array, fallback: bigint): bigint | undefined {
  try {
    if (txbytes.length === 0) return fallback;
    if (txbytes[0]! >= 0xc0) {
      const fields = rlpDecode(txbytes);
      const v = Array.isArray(fields) ? fields[6] : undefined;
      if (!(v instanceof Uint8Array)) return fallback;
      const vNum = bytesToBigInt(v);
      if (vNum === 27n || vNum === 28n) return undefined;
      return vNum >= 35n ? (vNum - 35n) / 2n : fallback;
    }
    // Typed envelope: type byte, then an RLP list whose first field is the chain id.
    const fields = rlpDecode(txbytes.subarray(1));
    const chainId = Array.isArray(fields) ? fields[0] : undefined;
    return chainId instanceof Uint8Array ? bytesToBigInt(chainId) : fallback;
  } catch {
    return fallback;
  }
}
