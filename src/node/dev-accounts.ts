// Dev accounts from a BIP-39 mnemonic along BIP-44's Ethereum path m/44'/60'/0'/0/i, as anvil and hardhat
// derive them (with the default mnemonic the addresses and keys are anvil's). BIP-39's seed is
// PBKDF2-HMAC-SHA512 of the phrase and BIP-32 is HMAC-SHA512 plus scalar addition, both on node:crypto; the
// only curve operation (the parent's compressed public key) comes from @noble/curves.
import { createHmac, pbkdf2Sync } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bigIntToBytes, bytesToBigInt } from "../primitives/hex.js";
import { privateKeyToAddress, SECP256K1_N } from "../primitives/secp256k1.js";

export const DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";

export interface DevAccount {
  address: bigint;
  privateKey: Uint8Array;
}

const HARDENED = 0x80000000;

export function mnemonicToSeed(mnemonic: string, passphrase = ""): Uint8Array {
  const phrase = mnemonic.normalize("NFKD");
  const salt = `mnemonic${passphrase}`.normalize("NFKD");
  return new Uint8Array(pbkdf2Sync(phrase, salt, 2048, 64, "sha512"));
}

interface ExtendedKey {
  key: bigint;
  chainCode: Uint8Array;
}

function hmacSha512(key: Uint8Array | string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac("sha512", key).update(data).digest());
}

function masterKey(seed: Uint8Array): ExtendedKey {
  const i = hmacSha512("Bitcoin seed", seed);
  const key = bytesToBigInt(i.subarray(0, 32));
  if (key === 0n || key >= SECP256K1_N) throw new Error("BIP-32: invalid master key");
  return { key, chainCode: i.slice(32) };
}

function childKey(parent: ExtendedKey, index: number): ExtendedKey {
  const data = new Uint8Array(37);
  const parentKey = bigIntToBytes(parent.key, 32);
  if (index >= HARDENED) data.set(parentKey, 1);
  else data.set(secp256k1.getPublicKey(parentKey, true), 0);
  new DataView(data.buffer).setUint32(33, index);
  const i = hmacSha512(parent.chainCode, data);
  const tweak = bytesToBigInt(i.subarray(0, 32));
  const key = (tweak + parent.key) % SECP256K1_N;
  // Probability ~2^-127; BIP-32 says to skip to the next index, which no dev chain will ever meet.
  if (tweak >= SECP256K1_N || key === 0n) throw new Error(`BIP-32: invalid child key at index ${index}`);
  return { key, chainCode: i.slice(32) };
}

/** Parses "m/44'/60'/0'/0/0" into child indices. */
function parsePath(path: string): number[] {
  const parts = path.split("/");
  if (parts[0] !== "m") throw new Error(`BIP-32: path must start with m: ${path}`);
  return parts.slice(1).map((p) => {
    const hardened = p.endsWith("'");
    const n = Number(hardened ? p.slice(0, -1) : p);
    if (!Number.isInteger(n) || n < 0 || n >= HARDENED) throw new Error(`BIP-32: bad path segment ${p}`);
    return hardened ? n + HARDENED : n;
  });
}

export function derivePrivateKey(seed: Uint8Array, path: string): Uint8Array {
  let k = masterKey(seed);
  for (const index of parsePath(path)) k = childKey(k, index);
  return bigIntToBytes(k.key, 32);
}

/** The first `count` accounts of the mnemonic (m/44'/60'/0'/0/0 onwards). */
export function devAccounts(mnemonic: string, count: number): DevAccount[] {
  const seed = mnemonicToSeed(mnemonic);
  const base = masterKeyAt(seed, "m/44'/60'/0'/0");
  const out: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const privateKey = bigIntToBytes(childKey(base, i).key, 32);
    out.push({ address: privateKeyToAddress(privateKey), privateKey });
  }
  return out;
}

function masterKeyAt(seed: Uint8Array, path: string): ExtendedKey {
  let k = masterKey(seed);
  for (const index of parsePath(path)) k = childKey(k, index);
  return k;
}
