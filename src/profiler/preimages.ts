// keccak256 preimages by hash: what turns a mapping entry's or a dynamic array's slot back into its variable
// and key. Built from the inputs of KECCAK256 recorded during a profiled block (src/parallel/preimage-
// recorder.ts), or from a report's `keccakPreimages` (a report decoded later, e.g. by `lanes profile --rpc`).
import { bytesToBigInt, bytesToHex, hexToBytes } from "../primitives/hex.js";
import { keccak256Word } from "../primitives/keccak.js";

/** A struct or array element lies at most this many slots past its region's hashed start. */
export const MAX_REGION_OFFSET = 256;

export interface PreimageHit {
  /** keccak256(preimage): the region start. */
  hash: bigint;
  preimage: Uint8Array;
  /** slot - hash. */
  offset: number;
}

const word = (n: bigint) => `0x${n.toString(16).padStart(64, "0")}`;

export class PreimageIndex {
  private readonly byHash = new Map<bigint, Uint8Array>();

  static fromRecorded(preimages: readonly Uint8Array[]): PreimageIndex {
    const index = new PreimageIndex();
    const seen = new Set<string>();
    for (const p of preimages) {
      const text = bytesToHex(p);
      if (seen.has(text)) continue;
      seen.add(text);
      index.byHash.set(keccak256Word(p), p);
    }
    return index;
  }

  /** From a report's `keccakPreimages`; each pair is checked (a hash that does not match is ignored). */
  static fromJson(record: Readonly<Record<string, string>>): PreimageIndex {
    const index = new PreimageIndex();
    for (const value of Object.values(record)) {
      if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value) || value.length > 2 + 2 * 1024)
        continue;
      const p = hexToBytes(value);
      index.byHash.set(keccak256Word(p), p);
    }
    return index;
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The region `slot` lies in: slot = keccak256(p) + offset with the smallest offset, if one was seen. */
  find(slot: bigint): PreimageHit | undefined {
    for (let k = 0; k < MAX_REGION_OFFSET; k++) {
      const hash = slot - BigInt(k);
      if (hash < 0n) return undefined;
      const preimage = this.byHash.get(hash);
      if (preimage !== undefined) return { hash, preimage, offset: k };
    }
    return undefined;
  }

  /** The preimages behind `slots` (every level of nested mappings), as a report's hash -> preimage record. */
  subsetFor(slots: Iterable<bigint>): Record<string, string> {
    const out: Record<string, string> = {};
    const pending = [...slots];
    const done = new Set<bigint>();
    while (pending.length > 0) {
      const slot = pending.pop()!;
      if (done.has(slot)) continue;
      done.add(slot);
      const hit = this.find(slot);
      if (hit === undefined) continue;
      out[word(hit.hash)] = bytesToHex(hit.preimage);
      if (hit.preimage.length >= 32)
        pending.push(bytesToBigInt(hit.preimage.subarray(hit.preimage.length - 32)));
    }
    return out;
  }
}

export interface MappingPath {
  /** The declared slot the path starts from (a state variable's slot). */
  root: bigint;
  /** Keys (32-byte words or byte strings), outermost first; -1 entries mark array elements. */
  keys: Uint8Array[];
  /** The slot's offset past the innermost region's start. */
  offset: number;
}

/**
 * Without a layout: follows mapping preimages (key . base) down to a small declared slot. A 32-byte preimage
 * (a dynamic array or string's data) ends the walk with no key. Undefined when the slot is not hashed.
 */
export function mappingPath(slot: bigint, preimages: PreimageIndex, depth = 0): MappingPath | undefined {
  if (depth > 8) return undefined;
  const hit = preimages.find(slot);
  if (hit === undefined || hit.preimage.length < 64) return undefined;
  const p = hit.preimage;
  const base = bytesToBigInt(p.subarray(p.length - 32));
  const key = p.subarray(0, p.length - 32);
  const inner = mappingPath(base, preimages, depth + 1);
  if (inner !== undefined) {
    if (inner.offset !== 0) return undefined;
    return { root: inner.root, keys: [...inner.keys, key], offset: hit.offset };
  }
  return { root: base, keys: [key], offset: hit.offset };
}

/** A 32-byte key as people read it: an address when it looks like one, else a number or hex. */
export function formatRawKey(key: Uint8Array): string {
  if (key.length !== 32) return bytesToHex(key);
  const value = bytesToBigInt(key);
  if (value < 1n << 64n) return value.toString();
  if (value < 1n << 160n) return `0x${value.toString(16).padStart(40, "0")}`;
  return word(value);
}
