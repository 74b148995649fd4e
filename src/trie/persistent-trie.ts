// A persistent (immutable, path-copying) Merkle-Patricia trie: lookup, update and bulk construction over the
// nodes of persistent-nodes.ts.
//
// `update` never modifies a node: it copies the nodes on the key's path and shares every other subtree with
// the trie it started from, so an old root stays valid (a block's pre-state trie is the base of its post-state
// trie, and a clone of a state shares its tries). Since nodes memoise their references, after an update only
// the copied path (O(depth) nodes) is re-encoded and re-hashed.
import { compareBytes, sortByKey, sortedDistinctEntries, type TrieEntry } from "./builder.js";
import {
  BranchNode,
  ExtensionNode,
  LeafNode,
  nibbleAt,
  type TrieNode,
  trieRootHash,
} from "./persistent-nodes.js";

export {
  BranchNode,
  ExtensionNode,
  encodeNode,
  LeafNode,
  nodeReference,
  type TrieNode,
  trieRootHash,
} from "./persistent-nodes.js";

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
  sortByKey(updates);
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
  const { keys, values } = sortedDistinctEntries(entries);
  return keys.length === 0 ? undefined : buildRange(keys, values, 0, keys.length, 0);
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
