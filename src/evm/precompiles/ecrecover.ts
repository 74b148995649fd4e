// ECRECOVER precompile (0x01): secp256k1 public-key recovery, returning the signer's address; 3000 gas.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak256 } from "../../primitives/keccak.js";
import type { Precompile } from "./types.js";
import { EMPTY, FAILURE, isZeroRange, ok, padInto, readBigInt, rethrowStackOverflow } from "./util.js";

const GAS = 3000;
const N = secp256k1.Point.Fn.ORDER;
// Input is hash || v || r || s, right-padded with zeros when short.
const scratch = new Uint8Array(128);

export const ecrecover: Precompile = (input, gasLimit) => {
  if (GAS > gasLimit) return FAILURE;
  const data = padInto(scratch, input);
  // v is a full 32-byte word that must equal 27 or 28; anything else is an invalid signature, not a failure.
  const v = data[63]!;
  if ((v !== 27 && v !== 28) || !isZeroRange(data, 32, 63)) return ok(GAS, EMPTY);
  const r = readBigInt(data, 64, 32);
  const s = readBigInt(data, 96, 32);
  // Unlike transactions (EIP-2), the precompile accepts high s: only 1 <= r, s < n is required.
  if (r === 0n || r >= N || s === 0n || s >= N) return ok(GAS, EMPTY);
  let publicKey: Uint8Array;
  try {
    const point = new secp256k1.Signature(r, s, v - 27).recoverPublicKey(data.subarray(0, 32));
    publicKey = point.toBytes(false);
  } catch (e) {
    rethrowStackOverflow(e);
    // r is not the x of a curve point, or the recovered key is the point at infinity.
    return ok(GAS, EMPTY);
  }
  const output = new Uint8Array(32);
  output.set(keccak256(publicKey.subarray(1)).subarray(12), 12);
  return ok(GAS, output);
};
