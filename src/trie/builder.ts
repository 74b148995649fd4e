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

/** Index bits of a sort key in sortByKey: its high bits are the first four key bytes, so 32 + 21 <= 53. */
const INDEX_LIMIT = 1 << 21;
/** Reused sort keys of sortByKey (grown on demand). */
let sortKeys = new Float64Array(1024);

function byKey(a: { key: Uint8Array }, b: { key: Uint8Array }): number {
  return compareBytes(a.key, b.key);
}

/**
 * Sorts `items` in place by `key` (compareBytes order), stably: among equal keys the first given stays first.
 * Same result as `items.sort(byKey)`, without a comparator call per comparison: each item gets one number,
 * its first four key bytes (zero-padded) times 2^21 plus its index, and a Float64Array of those sorts
 * natively. A zero-padded prefix never orders two keys against their byte order (where the prefixes
 * differ, the first differing byte or a proper prefix decides the same way), so only runs of equal
 * prefixes (rare for hashed keys) are ordered by the full key afterwards, still in index order.
 */
export function sortByKey<T extends { key: Uint8Array }>(items: T[]): void {
  const n = items.length;
  if (n < 2) return;
  if (n >= INDEX_LIMIT) {
    items.sort(byKey);
    return;
  }
  if (sortKeys.length < n) sortKeys = new Float64Array(Math.max(n, sortKeys.length * 2));
  const order = sortKeys.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const k = items[i]!.key;
    const prefix =
      (k.length > 0 ? k[0]! * 0x1000000 : 0) +
      (k.length > 1 ? k[1]! << 16 : 0) +
      (k.length > 2 ? k[2]! << 8 : 0) +
      (k.length > 3 ? k[3]! : 0);
    order[i] = prefix * INDEX_LIMIT + i;
  }
  order.sort();
  const given = items.slice();
  let runStart = 0;
  let runPrefix = -1;
  for (let i = 0; i < n; i++) {
    const o = order[i]!;
    const index = o % INDEX_LIMIT;
    const prefix = (o - index) / INDEX_LIMIT;
    items[i] = given[index]!;
    if (prefix !== runPrefix) {
      if (i - runStart > 1) sortRun(items, runStart, i);
      runStart = i;
      runPrefix = prefix;
    }
  }
  if (n - runStart > 1) sortRun(items, runStart, n);
}

/** Sorts items[lo..hi) (in given order) by key, stably. */
function sortRun<T extends { key: Uint8Array }>(items: T[], lo: number, hi: number): void {
  if (hi - lo > 8) {
    const run = items.slice(lo, hi).sort(byKey);
    for (let i = 0; i < run.length; i++) items[lo + i] = run[i]!;
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const item = items[i]!;
    let j = i - 1;
    while (j >= lo && compareBytes(items[j]!.key, item.key) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
}

/** How a parent refers to the leaf of path `index` when that leaf starts `depth` nibbles down. */
type LeafRef = (index: number, depth: number) => Uint8Array;

/**
 * Encodes the node holding paths[lo..hi) below `depth` nibbles, for hi - lo >= 2 (a single path is a leaf,
 * which `leafRef` refers to). Preconditions: the paths are sorted, distinct and share their first `depth`
 * nibbles. `leafRef` also serves a path that ends exactly at a branch, as the branch's value: builders whose
 * keys can be prefixes of others pass values through `branchValue`.
 */
function buildNode(
  paths: Uint8Array[],
  lo: number,
  hi: number,
  depth: number,
  leafRef: LeafRef,
  branchValue?: (index: number) => Uint8Array,
): Uint8Array {
  const first = paths[lo]!;
  // Sorted input: the prefix shared by the first and last path is shared by every path in between.
  const end = commonPrefixEnd(first, paths[hi - 1]!, depth);
  if (end > depth) {
    return encodeExtension(first, depth, end, nodeRef(buildNode(paths, lo, hi, end, leafRef, branchValue)));
  }
  const children: (Uint8Array | undefined)[] = new Array(16);
  let value: Uint8Array | undefined;
  let i = lo;
  // Only the first path can end here: it is a prefix of the others and sorts before them.
  if (first.length === depth) {
    if (branchValue === undefined) throw new Error("trie: a key is a prefix of another");
    value = branchValue(i++);
  }
  while (i < hi) {
    const nibble = paths[i]![depth]!;
    let j = i + 1;
    while (j < hi && paths[j]![depth] === nibble) j++;
    children[nibble] =
      j - i === 1 ? leafRef(i, depth + 1) : nodeRef(buildNode(paths, i, j, depth + 1, leafRef, branchValue));
    i = j;
  }
  return encodeBranch(children, value);
}

/** The root node's RLP over sorted distinct paths with their values. */
function encodeRoot(paths: Uint8Array[], values: Uint8Array[]): Uint8Array {
  if (paths.length === 1) return encodeLeaf(paths[0]!, 0, paths[0]!.length, values[0]!);
  const leafRef: LeafRef = (i, depth) => nodeRef(encodeLeaf(paths[i]!, depth, paths[i]!.length, values[i]!));
  return buildNode(paths, 0, paths.length, 0, leafRef, (i) => values[i]!);
}

/**
 * The root hash of a trie whose leaves were encoded elsewhere (on worker threads): `paths` sorted and
 * distinct, none a prefix of another, and `leafRefs[i]` the reference (nodeRef) to the leaf of `paths[i]`
 * at the depth the trie puts it (see leafDepths).
 */
export function rootOfLeafRefs(paths: Uint8Array[], leafRefs: readonly Uint8Array[]): Uint8Array {
  if (paths.length === 0) return EMPTY_TRIE_ROOT.slice();
  // The root is always hashed: a lone leaf's reference is its hash, or (under 32 bytes) its RLP itself.
  if (paths.length === 1) return refToHash(leafRefs[0]!);
  return hashNode(buildNode(paths, 0, paths.length, 0, (i) => leafRefs[i]!));
}

/** The hash a node reference stands for. */
function refToHash(ref: Uint8Array): Uint8Array {
  return ref.length === 33 && ref[0] === 0x80 + 32 ? ref.slice(1) : hashNode(ref);
}

/**
 * For sorted distinct paths none of which is a prefix of another: how many nibbles down each one's leaf
 * starts (one past where it parts from its closest neighbour; 0 for a lone path).
 */
export function leafDepths(paths: readonly Uint8Array[]): Uint8Array {
  const depths = new Uint8Array(paths.length);
  for (let i = 0; i + 1 < paths.length; i++) {
    const split = commonPrefixEnd(paths[i]!, paths[i + 1]!, 0) + 1;
    if (split > depths[i]!) depths[i] = split;
    depths[i + 1] = split;
  }
  return depths;
}

/**
 * The keys and values a batch of entries stands for: sorts `entries` in place by key; a key given more than
 * once keeps its last value (like applying puts in order); an empty value means "absent". Every builder of a
 * trie from entries (roots, proofs, the persistent trie) starts here, so they agree on those rules.
 */
export function sortedDistinctEntries(entries: TrieEntry[]): { keys: Uint8Array[]; values: Uint8Array[] } {
  // A stable sort: among equal keys the last one given stays last.
  sortByKey(entries);
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
  return encodeRoot(keys.map(bytesToNibbles), values);
}

/** Root hash over `entries` (sorted in place); EMPTY_TRIE_ROOT when nothing is left. */
export function rootOfEntries(entries: TrieEntry[]): Uint8Array {
  const root = encodeRootNode(entries);
  // The root is always hashed, even when its RLP is under 32 bytes (only children are embedded).
  return root === undefined ? EMPTY_TRIE_ROOT.slice() : hashNode(root);
}
