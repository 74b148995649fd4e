// Precompile registry: which precompiled contract lives at which address in a given fork.
import type { ForkRules } from "../forks.js";
import { blake2f } from "./blake2f.js";
import { blsG1Add, blsG2Add } from "./bls12-381-add.js";
import { blsMapFp2ToG2, blsMapFpToG1 } from "./bls12-381-map.js";
import { preloadBls12381Backend } from "./bls12-381-mcl.js";
import { blsG1Msm, blsG2Msm } from "./bls12-381-msm.js";
import { blsPairing } from "./bls12-381-pairing.js";
import { bn254Add, bn254Mul, bn254Pairing } from "./bn254.js";
import { preloadBn254Backend } from "./bn254-mcl.js";
import { ecrecover } from "./ecrecover.js";
import { identity } from "./identity.js";
import { kzgPointEvaluation } from "./kzg-point-evaluation.js";
import { modexp } from "./modexp.js";
import { preloadP256Backend } from "./p256-mcl.js";
import { p256verify } from "./p256verify.js";
import { ripemd160 } from "./ripemd160.js";
import { sha256 } from "./sha256.js";
import type { Precompile } from "./types.js";

export type { ContextualPrecompile, Precompile, PrecompileResult, PrecompileSet } from "./types.js";

// Each fork's Ethereum set is 0x01..rules.lastPrecompile: 4 (Frontier), 8 (Byzantium), 9 (Istanbul),
// 10 (Cancun), 0x11 (Prague, EIP-2537 BLS12-381).
const P256VERIFY_ADDRESS = 0x100n;

// Indexed by address; entry 0 is unused.
const BY_ADDRESS: readonly (Precompile | undefined)[] = [
  undefined,
  ecrecover, // 0x01
  sha256, // 0x02
  ripemd160, // 0x03
  identity, // 0x04
  modexp, // 0x05
  bn254Add, // 0x06
  bn254Mul, // 0x07
  bn254Pairing, // 0x08
  blake2f, // 0x09
  kzgPointEvaluation, // 0x0a
  blsG1Add, // 0x0b
  blsG1Msm, // 0x0c
  blsG2Add, // 0x0d
  blsG2Msm, // 0x0e
  blsPairing, // 0x0f
  blsMapFpToG1, // 0x10
  blsMapFp2ToG2, // 0x11
];

/** The precompile at `address` under `rules`, or undefined. Cheap: it is called on every CALL. */
export function getPrecompile(address: bigint, rules: ForkRules): Precompile | undefined {
  const table = rules.precompileTable;
  if (table !== undefined) return table.get(address);
  if (address <= 0x11n) {
    if (address <= 0n) return undefined;
    const index = Number(address);
    if (index > rules.lastPrecompile) return undefined;
    return BY_ADDRESS[index];
  }
  if (address === P256VERIFY_ADDRESS && rules.eip7951) return p256verify;
  return rules.extraPrecompiles?.get(address);
}

function addressRange(first: number, last: number): bigint[] {
  const out: bigint[] = [];
  for (let a = first; a <= last; a++) out.push(BigInt(a));
  return out;
}

/** Every precompile address active under `rules`, ascending (they are warm from the start, EIP-2929). */
export function precompileAddresses(rules: ForkRules): bigint[] {
  const out = addressRange(1, rules.lastPrecompile);
  if (rules.eip7951) out.push(P256VERIFY_ADDRESS);
  if (rules.extraPrecompiles !== undefined) out.push(...rules.extraPrecompiles.addresses);
  return out;
}

/** Builds and warms the KZG verifier now rather than on the first point evaluation (e.g. at start-up). */
export { preloadKzg } from "./kzg-point-evaluation.js";

/**
 * Loads every WebAssembly precompile backend of this thread (mcl for BN254, BLS12-381 and P-256) and
 * resolves when they are ready. They also load on their own in the background on first use, answering on
 * noble until then; an embedder that runs blocks in a synchronous loop (the event loop never turns) should
 * await this once at start. Resolves even when mcl-wasm is absent (noble answers then).
 */
export async function preloadPrecompileBackends(): Promise<void> {
  await Promise.all([preloadBn254Backend(), preloadBls12381Backend(), preloadP256Backend()]);
}
