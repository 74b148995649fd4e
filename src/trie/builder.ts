// One-pass root computation over a batch of keys: sort once, then recurse over ranges of keys that share a
// nibble prefix. No node objects are kept; each node is encoded, hashed if 32 bytes or more, and dropped.
//
// This is our own synchronous code on purpose: the library tries (@ethereumjs/trie and friends) are async and
// build a database of nodes, which is far too slow for a root per state-test case (tens of thousands of them).
import { EMPTY_TRIE_ROOT } from "../primitives/keccak.js";
import { bytesToNibbles, commonPrefixEnd } from "./nibbles.js";
import { encodeBranch, encodeExtension, encodeLeaf, hashNode, nodeRef } from "./node.js";

/** One key/value pair as it goes into the trie (the key already hashed for a secure trie). */
export interface TrieEntry {
  key: Uint8Array;
  value: Uint8Array;
}

/** Byte-wise lexicographic order, a prefix first: the same order as the keys' nibble paths. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Encodes the node holding paths[lo..hi) below `depth` nibbles. Preconditions: the paths are sorted, distinct,
 * share their first `depth` nibbles, and hi > lo.
 */
function buildNode(
  paths: Uint8Array[],
  values: Uint8Array[],
  lo: number,
  hi: number,
  depth: number,
): Uint8Array {
  const first = paths[lo]!;
  if (hi - lo === 1) return encodeLeaf(first, depth, first.length, values[lo]!);
  // Sorted input: the prefix shared by the first and last path is shared by every path in between.
  const end = commonPrefixEnd(first, paths[hi - 1]!, depth);
  if (end > depth) {
    return encodeExtension(first, depth, end, nodeRef(buildNode(paths, values, lo, hi, end)));
  }
  const children: (Uint8Array | undefined)[] = new Array(16);
  let value: Uint8Array | undefined;
  let i = lo;
  // Only the first path can end here: it is a prefix of the others and sorts before them.
  if (first.length === depth) value = values[i++];
  while (i < hi) {
    const nibble = paths[i]![depth]!;
    let j = i + 1;
    while (j < hi && paths[j]![depth] === nibble) j++;
    children[nibble] = nodeRef(buildNode(paths, values, i, j, depth + 1));
    i = j;
  }
  return encodeBranch(children, value);
}

/**
 * The keys and values a batch of entries stands for: sorts `entries` in place by key; a key given more than
 * once keeps its last value (like applying puts in order); an empty value means "absent". Every builder of a
 * trie from entries (roots, proofs, the persistent trie) starts here, so they agree on those rules.
 */
export function sortedDistinctEntries(entries: TrieEntry[]): { keys: Uint8Array[]; values: Uint8Array[] } {
  // Array.prototype.sort is stable, so among equal keys the last one given stays last.
  entries.sort((a, b) => compareBytes(a.key, b.key));
  const keys: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const next = entries[i + 1];
    if (next !== undefined && compareBytes(entry.key, next.key) === 0) continue;
    if (entry.value.length === 0) continue;
    keys.push(entry.key);
    values.push(entry.value);
  }
  return { keys, values };
}

/** RLP of the root node over `entries` (see sortedDistinctEntries), or undefined for an empty trie. */
export function encodeRootNode(entries: TrieEntry[]): Uint8Array | undefined {
  const { keys, values } = sortedDistinctEntries(entries);
  if (keys.length === 0) return undefined;
  return buildNode(keys.map(bytesToNibbles), values, 0, keys.length, 0);
}

/** Root hash over `entries` (sorted in place); EMPTY_TRIE_ROOT when nothing is left. */
export function rootOfEntries(entries: TrieEntry[]): Uint8Array {
  const root = encodeRootNode(entries);
  // The root is always hashed, even when its RLP is under 32 bytes (only children are embedded).
  return root === undefined ? EMPTY_TRIE_ROOT.slice() : hashNode(root);
}
