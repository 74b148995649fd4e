// A persistent (immutable, path-copying) Merkle-Patricia trie with memoised node references.
//
// `update` never modifies a node: it copies the nodes on the key's path and shares every other subtree with
// the trie it started from, so an old root stays valid (a block's pre-state trie is the base of its post-state
// trie, and a clone of a state shares its tries). Each node caches its reference (its RLP when under 32
// bytes, else 0xa0 ‖ keccak(RLP)) the first time it is hashed; since nodes are immutable the cache never goes
// stale, and after an update only the copied path (O(depth) nodes) is re-encoded and re-hashed.
//
// Paths are not stored as nibble arrays: a leaf keeps the whole key (shared, never copied or modified) and
// the nibble index where its remaining path starts; an extension keeps some key of its subtree and the nibble
// range [start, end) of its segment. Encodings are written straight to bytes and agree byte for byte with
// node.ts (and so with builder.ts); the tests cross-check every root against rootOfEntries.
import { EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import { compareBytes, type TrieEntry } from "./builder.js";

/** A leaf: the value of `key`, whose path below this node is nibbles [start, 2 * key.length) of `key`. */
export class LeafNode {
  /** Memoised reference (see `nodeReference`). */
  ref: Uint8Array | undefined = undefined;
  constructor(
    readonly key: Uint8Array,
    readonly start: number,
    readonly value: Uint8Array,
  ) {}
}

/** An extension: nibbles [start, end) of `key` (any key below it), then `child` (always a branch). */
export class ExtensionNode {
  ref: Uint8Array | undefined = undefined;
  constructor(
    readonly key: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly child: TrieNode,
  ) {}
}

/**
 * A branch: up to 16 children by next nibble, and the value of a key that ends exactly here (`valueKey`, kept
 * so that the branch can collapse into a leaf). Secure tries (fixed 32-byte keys) never have branch values.
 * `children` is never modified after construction.
 */
export class BranchNode {
  ref: Uint8Array | undefined = undefined;
  constructor(
    readonly children: ReadonlyArray<TrieNode | undefined>,
    readonly value: Uint8Array | undefined,
    readonly valueKey: Uint8Array | undefined,
  ) {}
}

export type TrieNode = LeafNode | ExtensionNode | BranchNode;

/** Nibble `i` of `key` (high nibble of each byte first). */
function nibbleAt(key: Uint8Array, i: number): number {
  const b = key[i >> 1]!;
  return i & 1 ? b & 15 : b >> 4;
}

/** First nibble index at or after `from`, below `limit`, where a and b differ (`limit` if none). */
function commonEnd(a: Uint8Array, b: Uint8Array, from: number, limit: number): number {
  let i = from;
  while (i < limit && nibbleAt(a, i) === nibbleAt(b, i)) i++;
  return i;
}

// ---- lookup and update ----

/** The value stored under `key`, or undefined. */
export function trieGet(node: TrieNode | undefined, key: Uint8Array): Uint8Array | undefined {
  const length = key.length * 2;
  let depth = 0;
  while (node !== undefined) {
    if (node instanceof LeafNode) {
      const leafLength = node.key.length * 2;
      if (leafLength !== length || leafLength - node.start !== length - depth) return undefined;
      return commonEnd(node.key, key, depth, length) === length ? node.value : undefined;
    }
    if (node instanceof ExtensionNode) {
      const segment = node.end - node.start;
      if (length - depth < segment) return undefined;
      for (let i = 0; i < segment; i++) {
        if (nibbleAt(node.key, node.start + i) !== nibbleAt(key, depth + i)) return undefined;
      }
      depth += segment;
      node = node.child;
      continue;
    }
    if (depth === length) return node.value;
    node = node.children[nibbleAt(key, depth)];
    depth++;
  }
  return undefined;
}

/** A branch at `depth` holding exactly the two given subtrees/values (keys a, b diverge at `depth` or end). */
function branchOfTwo(
  depth: number,
  aKey: Uint8Array,
  aNode: TrieNode | undefined,
  aValue: Uint8Array | undefined,
  bKey: Uint8Array,
  bNode: TrieNode | undefined,
  bValue: Uint8Array | undefined,
): BranchNode {
  const children: (TrieNode | undefined)[] = new Array(16).fill(undefined);
  let value: Uint8Array | undefined;
  let valueKey: Uint8Array | undefined;
  if (aNode !== undefined) children[nibbleAt(aKey, depth)] = aNode;
  else {
    value = aValue;
    valueKey = aKey;
  }
  if (bNode !== undefined) children[nibbleAt(bKey, depth)] = bNode;
  else {
    value = bValue;
    valueKey = bKey;
  }
  return new BranchNode(children, value, valueKey);
}

/** Wraps `node` (which starts at `end`) in an extension over nibbles [start, end) of `key`, if non-empty. */
function extend(key: Uint8Array, start: number, end: number, node: BranchNode): TrieNode {
  return end > start ? new ExtensionNode(key, start, end, node) : node;
}

/** `node` (rooted at nibble `depth`) with `key` set to `value` (non-empty). Never modifies `node`. */
function insert(node: TrieNode | undefined, key: Uint8Array, depth: number, value: Uint8Array): TrieNode {
  const length = key.length * 2;
  if (node === undefined) return new LeafNode(key, depth, value);
  if (node instanceof LeafNode) {
    const leafLength = node.key.length * 2;
    const end = commonEnd(node.key, key, depth, Math.min(leafLength, length));
    if (end === length && end === leafLength) {
      return node.value === value ? node : new LeafNode(key, depth, value);
    }
    // Split: a branch at `end` with the old leaf and the new one (either may end there, as the branch value).
    const old = end === leafLength ? undefined : new LeafNode(node.key, end + 1, node.value);
    const added = end === length ? undefined : new LeafNode(key, end + 1, value);
    return extend(key, depth, end, branchOfTwo(end, node.key, old, node.value, key, added, value));
  }
  if (node instanceof ExtensionNode) {
    const limit = Math.min(node.end, length);
    const end = commonEnd(node.key, key, node.start, limit);
    if (end === node.end) {
      const child = insert(node.child, key, end, value);
      return new ExtensionNode(node.key, node.start, node.end, child);
    }
    // The key leaves the segment at `end`: a branch there, the rest of the segment below it.
    const rest =
      end + 1 === node.end
        ? node.child
        : new ExtensionNode(node.key, end + 1, node.end, node.child as BranchNode);
    const added = end === length ? undefined : new LeafNode(key, end + 1, value);
    return extend(key, depth, end, branchOfTwo(end, node.key, rest, undefined, key, added, value));
  }
  if (depth === length) {
    if (node.value === value) return node;
    return new BranchNode(node.children, value, key);
  }
  const n = nibbleAt(key, depth);
  const child = node.children[n];
  const updated = insert(child, key, depth + 1, value);
  if (updated === child) return node;
  const children = node.children.slice();
  children[n] = updated;
  return new BranchNode(children, node.value, node.valueKey);
}

/** Any key stored below `node` (every node below a point shares the path to it). */
function someKey(node: TrieNode): Uint8Array {
  for (;;) {
    if (node instanceof LeafNode || node instanceof ExtensionNode) return node.key;
    if (node.valueKey !== undefined) return node.valueKey;
    let next: TrieNode | undefined;
    for (let i = 0; i < 16 && next === undefined; i++) next = node.children[i];
    node = next!;
  }
}

/** `child` (rooted at `depth + 1`) pulled up under one more nibble at `depth`: the canonical form. */
function prefixNibble(child: TrieNode, depth: number): TrieNode {
  if (child instanceof LeafNode) return new LeafNode(child.key, depth, child.value);
  if (child instanceof ExtensionNode) return new ExtensionNode(child.key, depth, child.end, child.child);
  return new ExtensionNode(someKey(child), depth, depth + 1, child);
}

/** A branch (at `depth`) after a removal: collapsed when it has one child and no value, or only a value. */
function normaliseBranch(
  children: (TrieNode | undefined)[],
  value: Uint8Array | undefined,
  valueKey: Uint8Array | undefined,
  depth: number,
): TrieNode | undefined {
  let count = 0;
  let only = -1;
  for (let i = 0; i < 16; i++) {
    if (children[i] !== undefined) {
      count++;
      only = i;
    }
  }
  if (value !== undefined) {
    if (count === 0) return new LeafNode(valueKey!, depth, value);
    return new BranchNode(children, value, valueKey);
  }
  if (count === 0) return undefined;
  if (count === 1) return prefixNibble(children[only]!, depth);
  return new BranchNode(children, undefined, undefined);
}

/** `node` (rooted at `depth`) without `key`. Returns `node` itself when the key is absent. */
function remove(node: TrieNode, key: Uint8Array, depth: number): TrieNode | undefined {
  const length = key.length * 2;
  if (node instanceof LeafNode) {
    const leafLength = node.key.length * 2;
    if (leafLength !== length || commonEnd(node.key, key, depth, length) !== length) return node;
    return undefined;
  }
  if (node instanceof ExtensionNode) {
    if (length < node.end || commonEnd(node.key, key, node.start, node.end) !== node.end) return node;
    const child = remove(node.child, key, node.end);
    if (child === node.child) return node;
    // The child was a branch; what is left of it is a branch, a leaf or an extension (a branch under an
    // extension has at least two entries, so one removal leaves at least one).
    if (child === undefined) return undefined;
    if (child instanceof BranchNode) return new ExtensionNode(node.key, node.start, node.end, child);
    if (child instanceof LeafNode) return new LeafNode(child.key, node.start, child.value);
    return new ExtensionNode(child.key, node.start, child.end, child.child);
  }
  if (depth === length) {
    if (node.value === undefined) return node;
    return normaliseBranch(node.children.slice(), undefined, undefined, depth);
  }
  const n = nibbleAt(key, depth);
  const child = node.children[n];
  if (child === undefined) return node;
  const updated = remove(child, key, depth + 1);
  if (updated === child) return node;
  const children = node.children.slice();
  children[n] = updated;
  return normaliseBranch(children, node.value, node.valueKey, depth);
}

/** `root` with `key` set to `value`, or removed when `value` is undefined or empty. */
export function trieUpdate(
  root: TrieNode | undefined,
  key: Uint8Array,
  value: Uint8Array | undefined,
): TrieNode | undefined {
  if (value === undefined || value.length === 0) return root === undefined ? undefined : remove(root, key, 0);
  return insert(root, key, 0, value);
}

/** One change for trieUpdateMany: `value` undefined (or empty) removes the key. */
export interface TrieUpdate {
  key: Uint8Array;
  value: Uint8Array | undefined;
}

/** A node holding only the present values of keys[lo..hi) (sorted, distinct), rooted at `depth`. */
function buildPresent(
  keys: Uint8Array[],
  values: (Uint8Array | undefined)[],
  lo: number,
  hi: number,
  depth: number,
): TrieNode | undefined {
  const k: Uint8Array[] = [];
  const v: Uint8Array[] = [];
  for (let i = lo; i < hi; i++) {
    const value = values[i];
    if (value === undefined) continue;
    k.push(keys[i]!);
    v.push(value);
  }
  return k.length === 0 ? undefined : buildRange(k, v, 0, k.length, depth);
}

/** `child` (what is left below an extension over [start, end) of `key`) with the extension put back. */
function reattach(
  key: Uint8Array,
  start: number,
  end: number,
  child: TrieNode | undefined,
): TrieNode | undefined {
  if (child === undefined) return undefined;
  if (child instanceof BranchNode) return new ExtensionNode(key, start, end, child);
  if (child instanceof LeafNode) return new LeafNode(child.key, start, child.value);
  return new ExtensionNode(child.key, start, child.end, child.child);
}

/** keys[lo..hi) (sorted, distinct, sharing nibbles [0, depth)) applied to `node`, each node copied once. */
function applyRange(
  node: TrieNode | undefined,
  keys: Uint8Array[],
  values: (Uint8Array | undefined)[],
  lo: number,
  hi: number,
  depth: number,
): TrieNode | undefined {
  if (hi - lo === 1) {
    const value = values[lo];
    if (value === undefined) return node === undefined ? undefined : remove(node, keys[lo]!, depth);
    return insert(node, keys[lo]!, depth, value);
  }
  if (node === undefined) return buildPresent(keys, values, lo, hi, depth);
  if (node instanceof LeafNode) {
    // Merge the leaf's own entry (unless overridden) into the updates and build the range afresh.
    const k: Uint8Array[] = [];
    const v: Uint8Array[] = [];
    let placed = false;
    for (let i = lo; i < hi; i++) {
      const key = keys[i]!;
      if (!placed) {
        const c = compareBytes(node.key, key);
        if (c <= 0) {
          placed = true;
          if (c < 0) {
            k.push(node.key);
            v.push(node.value);
          }
        }
      }
      const value = values[i];
      if (value === undefined) continue;
      k.push(key);
      v.push(value);
    }
    if (!placed) {
      k.push(node.key);
      v.push(node.value);
    }
    return k.length === 0 ? undefined : buildRange(k, v, 0, k.length, depth);
  }
  if (node instanceof ExtensionNode) {
    let through = true;
    for (let i = lo; i < hi && through; i++) {
      const key = keys[i]!;
      through = key.length * 2 >= node.end && commonEnd(node.key, key, node.start, node.end) === node.end;
    }
    if (through) {
      const child = applyRange(node.child, keys, values, lo, hi, node.end);
      return child === node.child ? node : reattach(node.key, node.start, node.end, child);
    }
    // Some key leaves the segment (the extension splits): one key at a time.
    let out: TrieNode | undefined = node;
    for (let i = lo; i < hi; i++) out = applyRange(out, keys, values, i, i + 1, depth);
    return out;
  }
  const children = node.children.slice();
  let value = node.value;
  let valueKey = node.valueKey;
  let i = lo;
  // Sorted and distinct: only the first key can end at this branch.
  if (keys[i]!.length * 2 === depth) {
    value = values[i];
    valueKey = value === undefined ? undefined : keys[i];
    i++;
  }
  while (i < hi) {
    const n = nibbleAt(keys[i]!, depth);
    let j = i + 1;
    while (j < hi && nibbleAt(keys[j]!, depth) === n) j++;
    children[n] = applyRange(children[n], keys, values, i, j, depth + 1);
    i = j;
  }
  return normaliseBranch(children, value, valueKey, depth);
}

/**
 * `root` with every update applied (sorts `updates` in place; a key given twice keeps its last value). Same
 * result as applying them one by one with trieUpdate, but each node on the touched paths is copied once.
 */
export function trieUpdateMany(root: TrieNode | undefined, updates: TrieUpdate[]): TrieNode | undefined {
  if (updates.length === 0) return root;
  if (updates.length === 1) return trieUpdate(root, updates[0]!.key, updates[0]!.value);
  updates.sort((a, b) => compareBytes(a.key, b.key));
  const keys: Uint8Array[] = [];
  const values: (Uint8Array | undefined)[] = [];
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i]!;
    const next = updates[i + 1];
    if (next !== undefined && compareBytes(u.key, next.key) === 0) continue;
    keys.push(u.key);
    values.push(u.value === undefined || u.value.length === 0 ? undefined : u.value);
  }
  return applyRange(root, keys, values, 0, keys.length, 0);
}

// ---- bulk construction ----

function buildRange(
  keys: Uint8Array[],
  values: Uint8Array[],
  lo: number,
  hi: number,
  depth: number,
): TrieNode {
  const first = keys[lo]!;
  if (hi - lo === 1) return new LeafNode(first, depth, values[lo]!);
  const firstLength = first.length * 2;
  const last = keys[hi - 1]!;
  const end = commonEnd(first, last, depth, Math.min(firstLength, last.length * 2));
  if (end > depth)
    return new ExtensionNode(first, depth, end, buildRange(keys, values, lo, hi, end) as BranchNode);
  const children: (TrieNode | undefined)[] = new Array(16).fill(undefined);
  let value: Uint8Array | undefined;
  let valueKey: Uint8Array | undefined;
  let i = lo;
  // Sorted input: only the first key can end here (it is a prefix of the others and sorts before them).
  if (firstLength === depth) {
    value = values[i];
    valueKey = first;
    i++;
  }
  while (i < hi) {
    const n = nibbleAt(keys[i]!, depth);
    let j = i + 1;
    while (j < hi && nibbleAt(keys[j]!, depth) === n) j++;
    children[n] = buildRange(keys, values, i, j, depth + 1);
    i = j;
  }
  return new BranchNode(children, value, valueKey);
}

/**
 * A trie over `entries` in one pass (sorts `entries` in place). Same semantics as rootOfEntries: a key given
 * twice keeps its last value, an empty value means absent. Keys are kept by reference and must not change.
 */
export function trieFromEntries(entries: TrieEntry[]): TrieNode | undefined {
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
  return keys.length === 0 ? undefined : buildRange(keys, values, 0, keys.length, 0);
}

// ---- encoding and hashing ----

function headerLength(length: number): number {
  if (length < 56) return 1;
  let n = 1;
  for (let l = length; l > 255; l = Math.floor(l / 256)) n++;
  return 1 + n;
}

function writeHeader(out: Uint8Array, pos: number, length: number, offset: number): number {
  if (length < 56) {
    out[pos] = offset + length;
    return pos + 1;
  }
  const lenOfLen = headerLength(length) - 1;
  out[pos] = offset + 55 + lenOfLen;
  for (let i = lenOfLen, l = length; i >= 1; i--, l = Math.floor(l / 256)) out[pos + i] = l % 256;
  return pos + 1 + lenOfLen;
}

function stringLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < 0x80) return 1;
  return headerLength(bytes.length) + bytes.length;
}

function writeString(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < 0x80) {
    out[pos] = bytes[0]!;
    return pos + 1;
  }
  const p = writeHeader(out, pos, bytes.length, 0x80);
  out.set(bytes, p);
  return p + bytes.length;
}

/** RLP length of the hex-prefix encoding of `n` nibbles (its first byte is always below 0x80). */
function pathStringLength(n: number): number {
  const bytes = (n >> 1) + 1;
  return bytes === 1 ? 1 : headerLength(bytes) + bytes;
}

/** Writes the RLP string of HP(nibbles [start, end) of key, leaf). */
function writePath(out: Uint8Array, pos: number, key: Uint8Array, start: number, end: number, leaf: boolean) {
  const n = end - start;
  const odd = n & 1;
  const bytes = (n >> 1) + 1;
  let p = bytes === 1 ? pos : writeHeader(out, pos, bytes, 0x80);
  const flag = (leaf ? 2 : 0) | odd;
  let i = start;
  out[p++] = odd ? (flag << 4) | nibbleAt(key, i++) : flag << 4;
  while (i < end) {
    out[p++] = (nibbleAt(key, i) << 4) | nibbleAt(key, i + 1);
    i += 2;
  }
  return p;
}

/** Scratch space for node encodings that are hashed straight away (grown on demand, never shared out). */
let scratch = new Uint8Array(1024);

function scratchOf(length: number): Uint8Array {
  if (scratch.length < length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
  return scratch;
}

/** Length of a child reference inside its parent's RLP (a 32-byte hash is written as 0xa0 ‖ hash). */
function referenceLength(ref: Uint8Array): number {
  return ref.length === 32 ? 33 : ref.length;
}

function writeReference(out: Uint8Array, pos: number, ref: Uint8Array): number {
  if (ref.length === 32) out[pos++] = 0xa0;
  out.set(ref, pos);
  return pos + ref.length;
}

/**
 * The RLP of `node`, written into the shared scratch buffer: valid only until the next encoding. Children's
 * references are computed (and memoised) before anything is written, since they use the buffer too.
 */
function encodeScratch(node: TrieNode): Uint8Array {
  if (node instanceof LeafNode) {
    const keyLength = node.key.length * 2;
    const payload = pathStringLength(keyLength - node.start) + stringLength(node.value);
    const total = headerLength(payload) + payload;
    const out = scratchOf(total);
    const pos = writePath(out, writeHeader(out, 0, payload, 0xc0), node.key, node.start, keyLength, true);
    writeString(out, pos, node.value);
    return out.subarray(0, total);
  }
  if (node instanceof ExtensionNode) {
    const child = nodeReference(node.child);
    const payload = pathStringLength(node.end - node.start) + referenceLength(child);
    const total = headerLength(payload) + payload;
    const out = scratchOf(total);
    const pos = writePath(out, writeHeader(out, 0, payload, 0xc0), node.key, node.start, node.end, false);
    writeReference(out, pos, child);
    return out.subarray(0, total);
  }
  let payload = node.value === undefined ? 1 : stringLength(node.value);
  const children = node.children;
  for (let i = 0; i < 16; i++) {
    const child = children[i];
    payload += child === undefined ? 1 : referenceLength(nodeReference(child));
  }
  const total = headerLength(payload) + payload;
  const out = scratchOf(total);
  let pos = writeHeader(out, 0, payload, 0xc0);
  for (let i = 0; i < 16; i++) {
    const child = children[i];
    // Already memoised by the loop above.
    if (child === undefined) out[pos++] = 0x80;
    else pos = writeReference(out, pos, child.ref!);
  }
  if (node.value === undefined) out[pos] = 0x80;
  else writeString(out, pos, node.value);
  return out.subarray(0, total);
}

/** The RLP of `node` (a fresh array; children's references are computed, and memoised, on the way). */
export function encodeNode(node: TrieNode): Uint8Array {
  return encodeScratch(node).slice();
}

/**
 * How a parent refers to `node`, memoised on it: the node's RLP when under 32 bytes (embedded as is), else
 * the 32-byte keccak of the RLP (written into the parent as 0xa0 ‖ hash). Shared: must not be modified.
 */
export function nodeReference(node: TrieNode): Uint8Array {
  const cached = node.ref;
  if (cached !== undefined) return cached;
  const encoded = encodeScratch(node);
  const ref = encoded.length < 32 ? encoded.slice() : keccak256(encoded);
  node.ref = ref;
  return ref;
}

/** The root hash of the trie at `root` (a fresh array): the root is always hashed, even when small. */
export function trieRootHash(root: TrieNode | undefined): Uint8Array {
  if (root === undefined) return EMPTY_TRIE_ROOT.slice();
  const ref = nodeReference(root);
  return ref.length === 32 ? ref.slice() : keccak256(ref);
}

/**
 * An immutable trie: `update` returns a new trie sharing every untouched subtree with this one, `hash` is
 * memoised per node. Keys are raw bytes (hash them first for a secure trie) and are kept by reference.
 */
export class PersistentTrie {
  static readonly EMPTY = new PersistentTrie(undefined);

  private constructor(readonly root: TrieNode | undefined) {}

  static fromRoot(root: TrieNode | undefined): PersistentTrie {
    return root === undefined ? PersistentTrie.EMPTY : new PersistentTrie(root);
  }

  /** Built in one pass from `entries` (sorted in place; last value of a key wins; empty value = absent). */
  static fromEntries(entries: TrieEntry[]): PersistentTrie {
    return PersistentTrie.fromRoot(trieFromEntries(entries));
  }

  get isEmpty(): boolean {
    return this.root === undefined;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return trieGet(this.root, key);
  }

  /** This trie with `key` set to `value`, or removed when `value` is undefined or empty. */
  update(key: Uint8Array, value: Uint8Array | undefined): PersistentTrie {
    const root = trieUpdate(this.root, key, value);
    return root === this.root ? this : PersistentTrie.fromRoot(root);
  }

  /** This trie with every update applied (see trieUpdateMany; sorts `updates` in place). */
  updateMany(updates: TrieUpdate[]): PersistentTrie {
    const root = trieUpdateMany(this.root, updates);
    return root === this.root ? this : PersistentTrie.fromRoot(root);
  }

  /** The root hash (EMPTY_TRIE_ROOT for an empty trie), a fresh array. */
  hash(): Uint8Array {
    return trieRootHash(this.root);
  }
}
