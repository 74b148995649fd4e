// P256VERIFY precompile (0x100, EIP-7951): secp256r1 ECDSA signature verification; 6900 gas. The checks and
// the scalar arithmetic are ours; u1*G + u2*Q runs on mcl (p256-mcl.ts) when loaded, else the whole
// verification is noble's. Both follow the same rules on every input (cross-checked in the tests).
import { p256 } from "@noble/curves/nist.js";
import { mclP256, type P256Ops } from "./p256-mcl.js";
import type { Precompile } from "./types.js";
import { EMPTY, FAILURE, ok, readBigInt, rethrowStackOverflow } from "./util.js";

const GAS = 6900;
const INPUT_SIZE = 160;
const Fp = p256.Point.Fp;
const Fn = p256.Point.Fn;
const N = Fn.ORDER;
const P = Fp.ORDER;
const { a: A, b: B } = p256.Point.CURVE();
const VERIFY_OPTS = { prehash: false, lowS: false } as const;
// SEC1 uncompressed public key 0x04 || qx || qy, reused: calls are synchronous.
const publicKey = new Uint8Array(65);
publicKey[0] = 0x04;

/**
 * Input: h (32) || r (32) || s (32) || qx (32) || qy (32). Valid signature: 32-byte 1. Anything else,
 * including a malformed input, still succeeds and charges the gas, with empty output.
 */
function verify(input: Uint8Array, gasLimit: number, mcl: P256Ops | undefined) {
  if (GAS > gasLimit) return FAILURE;
  if (input.length !== INPUT_SIZE) return ok(GAS, EMPTY);
  const r = readBigInt(input, 32, 32);
  const s = readBigInt(input, 64, 32);
  if (r === 0n || r >= N || s === 0n || s >= N) return ok(GAS, EMPTY);
  const qx = readBigInt(input, 96, 32);
  const qy = readBigInt(input, 128, 32);
  // (0, 0) is the conventional encoding of infinity, which is not a valid key.
  if (qx >= P || qy >= P || (qx === 0n && qy === 0n)) return ok(GAS, EMPTY);
  let valid: boolean;
  if (mcl === undefined) {
    publicKey.set(input.subarray(96, 160), 1);
    // noble rejects a key off the curve, computes R' = (h/s)G + (r/s)Q with h taken mod n, fails on R' = O,
    // and compares R'.x mod n with r. lowS: false because EIP-7951 accepts malleable (high) s.
    valid = p256.verify(input.subarray(32, 96), input.subarray(0, 32), publicKey, VERIFY_OPTS);
  } else {
    // The same steps: the key on the curve, R' = u1*G + u2*Q with u1 = h/s, u2 = r/s (mod n), R' != O,
    // R'.x mod n = r.
    const rhs = Fp.add(Fp.add(Fp.mul(Fp.sqr(qx), qx), Fp.mul(A, qx)), B);
    if (!Fp.eql(Fp.sqr(qy), rhs)) return ok(GAS, EMPTY);
    const w = Fn.inv(s);
    const u1 = Fn.mul(Fn.create(readBigInt(input, 0, 32)), w);
    const u2 = Fn.mul(r, w);
    let x: bigint | undefined;
    try {
      x = mcl.combinedX(u1, u2, qx, qy);
    } catch (e) {
      // mcl never throws on a checked key; should it, noble answers the call
      rethrowStackOverflow(e);
      return verify(input, gasLimit, undefined);
    }
    valid = x !== undefined && Fn.create(x) === r;
  }
  if (!valid) return ok(GAS, EMPTY);
  const output = new Uint8Array(32);
  output[31] = 1;
  return ok(GAS, output);
}

export const p256verify: Precompile = (input, gasLimit) => verify(input, gasLimit, mclP256());
/** The noble code path, for the benchmark and the cross-check. */
export const p256verifyNoble: Precompile = (input, gasLimit) => verify(input, gasLimit, undefined);
