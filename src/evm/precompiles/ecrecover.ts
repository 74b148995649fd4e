// ECRECOVER precompile (0x01): secp256k1 public-key recovery, returning the signer's address; 3000 gas.
// Recovery runs on libsecp256k1 through the `secp256k1` package's native binding when it loads (about 30x
// faster than noble here, docs/evm.md), else on @noble/curves; both give the same result on every input
// that reaches them (the checks below run first, and each backend fails exactly when r is not the x of a
// curve point or the key is the point at infinity). The tests run the vectors through both.
import { createRequire } from "node:module";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak256 } from "../../primitives/keccak.js";
import type { Precompile } from "./types.js";
import { EMPTY, FAILURE, isZeroRange, ok, padInto, readBigInt, rethrowStackOverflow } from "./util.js";

const GAS = 3000;
const N = secp256k1.Point.Fn.ORDER;
// Input is hash || v || r || s, right-padded with zeros when short.
const scratch = new Uint8Array(128);

/** Recovers the 65-byte uncompressed public key, or undefined when the signature recovers none. */
type Recover = (hash: Uint8Array, signature64: Uint8Array, recovery: number) => Uint8Array | undefined;

const recoverWithNoble: Recover = (hash, signature64, recovery) => {
  try {
    const r = readBigInt(signature64, 0, 32);
    const s = readBigInt(signature64, 32, 32);
    return new secp256k1.Signature(r, s, recovery).recoverPublicKey(hash).toBytes(false);
  } catch (e) {
    rethrowStackOverflow(e);
    return undefined;
  }
};

/** libsecp256k1's recovery, or undefined when the native binding does not load on this machine. */
function loadNative(): Recover | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The binding itself, not the package's entry point (which falls back to a pure-JS library).
    const lib = require("secp256k1/bindings") as {
      ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
    };
    return (hash, signature64, recovery) => {
      try {
        return lib.ecdsaRecover(signature64, recovery, hash, false);
      } catch (e) {
        rethrowStackOverflow(e);
        return undefined;
      }
    };
  } catch {
    return undefined;
  }
}

const recoverNative = loadNative();

/** Which library ECRECOVER runs on in this process ("libsecp256k1 (native)" or "noble"). */
export const ECRECOVER_BACKEND = recoverNative !== undefined ? "libsecp256k1 (native)" : "noble";

function makeEcrecover(recover: Recover): Precompile {
  return (input, gasLimit) => {
    if (GAS > gasLimit) return FAILURE;
    const data = padInto(scratch, input);
    // v is a full 32-byte word that must equal 27 or 28; anything else is an invalid signature, not a failure.
    const v = data[63]!;
    if ((v !== 27 && v !== 28) || !isZeroRange(data, 32, 63)) return ok(GAS, EMPTY);
    const r = readBigInt(data, 64, 32);
    const s = readBigInt(data, 96, 32);
    // Unlike transactions (EIP-2), the precompile accepts high s: only 1 <= r, s < n is required.
    if (r === 0n || r >= N || s === 0n || s >= N) return ok(GAS, EMPTY);
    // r is not the x of a curve point, or the recovered key is the point at infinity: empty output.
    const publicKey = recover(data.subarray(0, 32), data.subarray(64, 128), v - 27);
    if (publicKey === undefined) return ok(GAS, EMPTY);
    const output = new Uint8Array(32);
    output.set(keccak256(publicKey.subarray(1)).subarray(12), 12);
    return ok(GAS, output);
  };
}

/** ECRECOVER on noble only (the fallback; exported so the tests can check it against the native path). */
export const ecrecoverNoble: Precompile = makeEcrecover(recoverWithNoble);

export const ecrecover: Precompile =
  recoverNative !== undefined ? makeEcrecover(recoverNative) : ecrecoverNoble;
