// Deterministic accounts for the workloads: secp256k1 keys derived from the seed, a role and an index
// (keccak256 of all three, reduced into [1, n-1]), and keyless addresses for recipients that never sign.
// Keys are memoized: deriving the public key is the slow part (~1 ms each with @noble/curves).
import { bigIntToBytes, bytesToBigInt } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { privateKeyToAddress, SECP256K1_N } from "../../src/primitives/secp256k1.js";
import { seedBytes } from "./rng.js";

export interface Account {
  privateKey: Uint8Array;
  address: bigint;
}

const cache = new Map<string, Account>();

function indexBytes(index: number): Uint8Array {
  return bigIntToBytes(BigInt(index), 8);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The signing account `index` of `role` under `seed`. */
export function account(seed: number, role: string, index: number): Account {
  const id = `${seed}/${role}/${index}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const k =
    (bytesToBigInt(keccak256(concat(seedBytes(seed, `key/${role}`), indexBytes(index)))) %
      (SECP256K1_N - 1n)) +
    1n;
  const privateKey = bigIntToBytes(k, 32);
  const a = { privateKey, address: privateKeyToAddress(privateKey) };
  cache.set(id, a);
  return a;
}

/** `count` signing accounts of `role`, indices 0..count-1. */
export function accounts(seed: number, role: string, count: number): Account[] {
  return Array.from({ length: count }, (_, i) => account(seed, role, i));
}

/** A keyless address (a recipient that never sends): the low 20 bytes of a keccak. */
export function address(seed: number, role: string, index: number): bigint {
  const h = keccak256(concat(seedBytes(seed, `addr/${role}`), indexBytes(index)));
  return bytesToBigInt(h.subarray(12));
}
