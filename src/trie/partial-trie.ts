// A Merkle-Patricia trie of which only some nodes are known: the rest are hash references, loaded on demand
// through a NodeResolver (a witness's node list, or a full trie that records what is loaded). Lookup, one
// batch of updates, and the root hash. This is what a stateless verifier executes against and updates, and,
// run against a full trie, what decides which nodes an execution witness holds (src/witness/).
//
// Invariants:
// - A node is loaded only when a key's path goes through it, or when a branch left with a single child after
//   an update must be collapsed and that child is a hash reference (its type decides the collapsed shape:
//   the sibling a deletion needs). Nothing else is ever loaded, so the set of loaded nodes is a function of
//   the keys read and the batch of updates, not of their order.
// - Updates are applied as one sorted batch per trie and a branch is normalised only after every update
//   below it, so a branch emptied by one key and refilled by another is never collapsed (and no sibling is
//   loaded for it).
// - Nodes are never modified; an update returns new nodes along the changed paths and shares the rest.
//   Hash references memoise the node they load.
// - Paths are nibble arrays (one nibble per byte). Keys of one trie all have the same length (secure tries:
//   64 nibbles), or keys that end inside the trie are branch values.
import { EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, RlpError, rlpDecode } from "../primitives/rlp.js";
import { hexPrefixDecode } from "./nibbles.js";
import { encodeBranch, encodeExtension, encodeLeaf, nodeRef } from "./node.js";

/** A leaf: the rest of its key's path (nibbles below the node) and the value. */
export class PartialLeaf {
  /** Memoised reference as a parent embeds it (node.ts's nodeRef form). */
  ref: Uint8Array | undefined = undefined;
  constructor(
    readonly path: Uint8Array,
    readonly value: Uint8Array,
  ) {}
}

/** An extension: a shared path segment (never empty) and the node below it (always a branch). */
export class PartialExtension {
  ref: Uint8Array | undefined = undefined;
  constructor(
    readonly path: Uint8Array,
    readonly child: PartialNode,
  ) {}
}

/** A branch: up to 16 children by next nibble, and the value of a key that ends here (never in secure tries). */
export class PartialBranch {
  ref: Uint8Array | undefined = undefined;
  constructor(
    readonly children: ReadonlyArray<PartialNode | undefined>,
    readonly value: Uint8Array | undefined,
  ) {}
}

/**
 * A node known by its hash only, until it is loaded. `handle` is the resolver's own token for it (the full
 * trie's node object when generating a witness; unused when verifying one).
 */
export class HashRef {
  /** The node, once loaded. */
  node: PartialNode | undefined = undefined;
  /** The node's RLP when it is under 32 bytes: only a trie's root is referenced by hash and can be that small. */
  small: Uint8Array | undefined = undefined;
  private embedded: Uint8Array | undefined = undefined;
  constructor(
    readonly hash: Uint8Array,
    readonly handle: unknown = undefined,
  ) {}

  /** How a parent refers to this node: its RLP if small (a former root moved down), else 0xa0 ‖ hash. */
  parentRef(): Uint8Array {
    if (this.small !== undefined) return this.small;
    if (this.embedded === undefined) {
      const out = new Uint8Array(33);
      out[0] = 0xa0;
      out.set(this.hash, 1);
      this.embedded = out;
    }
    return this.embedded;
  }
}

export type PartialNode = PartialLeaf | PartialExtension | PartialBranch | HashRef;

/** What a trie is being read or updated for, formatted only when an error needs it. */
export type TrieContext = () => string;

export interface LoadedNode {
  /** The node decoded (never a HashRef). */
  node: PartialLeaf | PartialExtension | PartialBranch;
  /** Its RLP, whose keccak is the reference's hash. */
  encoded: Uint8Array;
}

export interface NodeResolver {
  /**
   * The node `ref` names. Throws when it is not available (a witness that lacks it); `why` says what the
   * node was needed for, `sibling` that it is the remaining child of a branch being collapsed.
   */
  load(ref: HashRef, why: TrieContext, sibling: boolean): LoadedNode;
}

/** A malformed node encoding. */
export class TrieNodeError extends Error {
  override name = "TrieNodeError";
}

function loadRef(ref: HashRef, resolver: NodeResolver, why: TrieContext, sibling: boolean): PartialNode {
  let node = ref.node;
  if (node === undefined) {
    const loaded = resolver.load(ref, why, sibling);
    node = loaded.node;
    ref.node = node;
    if (loaded.encoded.length < 32) ref.small = loaded.encoded;
  }
  return node;
}

function concatNibbles(a: Uint8Array | readonly number[], b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// ---- decoding ----

function decodeChild(item: RlpDecoded): PartialNode | undefined {
  if (Array.isArray(item)) return decodeItem(item);
  if (item.length === 0) return undefined;
  if (item.length !== 32) throw new TrieNodeError(`child reference of ${item.length} bytes (want 0 or 32)`);
  return new HashRef(item.slice());
}

function decodeItem(items: RlpDecoded[]): PartialLeaf | PartialExtension | PartialBranch {
  if (items.length === 17) {
    const children = new Array<PartialNode | undefined>(16);
    for (let i = 0; i < 16; i++) children[i] = decodeChild(items[i]!);
    const v = items[16]!;
    if (Array.isArray(v)) throw new TrieNodeError("branch value is a list");
    return new PartialBranch(children, v.length === 0 ? undefined : v.slice());
  }
  if (items.length !== 2) throw new TrieNodeError(`node with ${items.length} items (want 2 or 17)`);
  const pathItem = items[0]!;
  if (Array.isArray(pathItem)) throw new TrieNodeError("node path is a list");
  let decoded: { nibbles: Uint8Array; leaf: boolean };
  try {
    decoded = hexPrefixDecode(pathItem);
  } catch (e) {
    throw new TrieNodeError(e instanceof Error ? e.message : String(e));
  }
  const path = decoded.nibbles.slice();
  if (decoded.leaf) {
    const v = items[1]!;
    if (Array.isArray(v)) throw new TrieNodeError("leaf value is a list");
    if (v.length === 0) throw new TrieNodeError("leaf with an empty value");
    return new PartialLeaf(path, v.slice());
  }
  if (path.length === 0) throw new TrieNodeError("extension with an empty path");
  const child = decodeChild(items[1]!);
  if (child === undefined) throw new TrieNodeError("extension without a child");
  return new PartialExtension(path, child);
}

/** Decodes one node's RLP (embedded children decoded in place, hashed ones as HashRefs). */
export function decodeTrieNode(encoded: Uint8Array): PartialLeaf | PartialExtension | PartialBranch {
  let item: RlpDecoded;
  try {
    item = rlpDecode(encoded);
  } catch (e) {
    if (e instanceof RlpError) throw new TrieNodeError(`bad RLP: ${e.message}`);
    throw e;
  }
  if (!Array.isArray(item)) throw new TrieNodeError("node is an RLP string, not a list");
  return decodeItem(item);
}

// ---- lookup ----

/** The value stored under `key` (nibbles), or undefined when the trie proves it absent. */
export function partialGet(
  root: PartialNode | undefined,
  key: Uint8Array,
  resolver: NodeResolver,
  why: TrieContext,
): Uint8Array | undefined {
  let node = root;
  let pos = 0;
  for (;;) {
    if (node === undefined) return undefined;
    if (node instanceof HashRef) node = loadRef(node, resolver, why, false);
    if (node instanceof PartialLeaf) {
      const path = node.path;
      if (key.length - pos !== path.length) return undefined;
      for (let i = 0; i < path.length; i++) if (key[pos + i] !== path[i]) return undefined;
      return node.value;
    }
    if (node instanceof PartialExtension) {
      const path = node.path;
      if (key.length - pos < path.length) return undefined;
      for (let i = 0; i < path.length; i++) if (key[pos + i] !== path[i]) return undefined;
      pos += path.length;
      node = node.child;
      continue;
    }
    if (node instanceof PartialBranch) {
      if (pos === key.length) return node.value;
      node = node.children[key[pos]!];
      pos++;
    }
  }
}

/**
 * Whether the trie holds some key other than `excluded` (nibble paths, sorted, distinct). Loads only nodes on
 * the excluded keys' paths: any other subtree is non-empty by construction, so it answers "yes" unseen.
 */
export function partialHasKeyOutside(
  root: PartialNode | undefined,
  excluded: readonly Uint8Array[],
  resolver: NodeResolver,
  why: TrieContext,
): boolean {
  const walk = (node: PartialNode | undefined, lo: number, hi: number, depth: number): boolean => {
    if (node === undefined) return false;
    if (lo === hi) return true;
    if (node instanceof HashRef) node = loadRef(node, resolver, why, false);
    if (node instanceof PartialLeaf) {
      // The leaf's key is excluded only if some excluded key has exactly its path below `depth`.
      for (let k = lo; k < hi; k++) {
        const key = excluded[k]!;
        if (key.length - depth !== node.path.length) continue;
        let same = true;
        for (let i = 0; i < node.path.length && same; i++) same = key[depth + i] === node.path[i];
        if (same) return false;
      }
      return true;
    }
    if (node instanceof PartialExtension) {
      const path = node.path;
      let first = -1;
      let last = -1;
      for (let k = lo; k < hi; k++) {
        const key = excluded[k]!;
        let through = key.length - depth >= path.length;
        for (let i = 0; i < path.length && through; i++) through = key[depth + i] === path[i];
        if (through) {
          if (first < 0) first = k;
          last = k;
        }
      }
      if (first < 0) return true;
      return walk(node.child, first, last + 1, depth + path.length);
    }
    if (node instanceof PartialBranch) {
      let k = lo;
      let endsHere = false;
      while (k < hi && excluded[k]!.length === depth) {
        endsHere = true;
        k++;
      }
      if (node.value !== undefined && !endsHere) return true;
      for (let n = 0; n < 16; n++) {
        const child = node.children[n];
        let j = k;
        while (j < hi && excluded[j]![depth] === n) j++;
        if (child !== undefined && walk(child, k, j, depth + 1)) return true;
        k = j;
      }
    }
    return false;
  };
  return walk(root, 0, excluded.length, 0);
}

/**
 * Visits every leaf reachable from `root` through the nodes `load` knows (it returns undefined for a node it
 * does not have: that subtree is skipped), with the leaf's full path. Loads through `load` only, never
 * through a resolver, and memoises nothing in the references it meets.
 */
export function partialLeaves(
  root: PartialNode | undefined,
  load: (ref: HashRef) => PartialLeaf | PartialExtension | PartialBranch | undefined,
  visit: (path: Uint8Array, value: Uint8Array) => void,
): void {
  const prefix: number[] = [];
  const walk = (node: PartialNode | undefined): void => {
    if (node === undefined) return;
    if (node instanceof HashRef) {
      const loaded = node.node ?? load(node);
      if (loaded === undefined) return;
      node = loaded;
    }
    if (node instanceof PartialLeaf) {
      visit(concatNibbles(prefix, node.path), node.value);
      return;
    }
    if (node instanceof PartialExtension) {
      const depth = prefix.length;
      prefix.push(...node.path);
      walk(node.child);
      prefix.length = depth;
      return;
    }
    const branch = node as PartialBranch;
    if (branch.value !== undefined) visit(Uint8Array.from(prefix), branch.value);
    for (let n = 0; n < 16; n++) {
      prefix.push(n);
      walk(branch.children[n]);
      prefix.pop();
    }
  };
  walk(root);
}

// ---- batch update ----

/** One change: `value` undefined (or empty) removes `key` (nibbles). */
export interface PartialUpdate {
  key: Uint8Array;
  value: Uint8Array | undefined;
}

function compareNibbles(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** A node holding exactly keys[lo..hi) (sorted, distinct, sharing [0, depth)) with their values. */
function buildRange(
  keys: Uint8Array[],
  values: Uint8Array[],
  lo: number,
  hi: number,
  depth: number,
): PartialNode {
  const first = keys[lo]!;
  if (hi - lo === 1) return new PartialLeaf(first.slice(depth), values[lo]!);
  const last = keys[hi - 1]!;
  let end = depth;
  const limit = Math.min(first.length, last.length);
  while (end < limit && first[end] === last[end]) end++;
  if (end > depth)
    return new PartialExtension(first.slice(depth, end), buildRange(keys, values, lo, hi, end));
  const children = new Array<PartialNode | undefined>(16);
  let value: Uint8Array | undefined;
  let i = lo;
  if (first.length === depth) value = values[i++];
  while (i < hi) {
    const n = keys[i]![depth]!;
    let j = i + 1;
    while (j < hi && keys[j]![depth] === n) j++;
    children[n] = buildRange(keys, values, i, j, depth + 1);
    i = j;
  }
  return new PartialBranch(children, value);
}

class Updater {
  constructor(
    private readonly keys: Uint8Array[],
    private readonly values: (Uint8Array | undefined)[],
    private readonly resolver: NodeResolver,
    private readonly why: (index: number) => string,
  ) {}

  private context(lo: number): TrieContext {
    return () => this.why(lo);
  }

  private present(lo: number, hi: number, depth: number, extraKey?: Uint8Array, extraValue?: Uint8Array) {
    const k: Uint8Array[] = [];
    const v: Uint8Array[] = [];
    let placed = extraKey === undefined;
    for (let i = lo; i < hi; i++) {
      const key = this.keys[i]!;
      if (!placed) {
        const c = compareNibbles(extraKey!, key);
        if (c <= 0) {
          placed = true;
          // An update of the same key overrides the existing entry.
          if (c < 0) {
            k.push(extraKey!);
            v.push(extraValue!);
          }
        }
      }
      const value = this.values[i];
      if (value === undefined) continue;
      k.push(key);
      v.push(value);
    }
    if (!placed) {
      k.push(extraKey!);
      v.push(extraValue!);
    }
    return k.length === 0 ? undefined : buildRange(k, v, 0, k.length, depth);
  }

  apply(node: PartialNode | undefined, lo: number, hi: number, depth: number): PartialNode | undefined {
    if (node === undefined) return this.present(lo, hi, depth);
    if (node instanceof HashRef) {
      const loaded = loadRef(node, this.resolver, this.context(lo), false);
      const updated = this.apply(loaded, lo, hi, depth);
      return updated === loaded ? node : updated;
    }
    if (node instanceof PartialLeaf) {
      const full = concatNibbles(this.keys[lo]!.subarray(0, depth), node.path);
      if (hi - lo === 1) {
        const key = this.keys[lo]!;
        const value = this.values[lo];
        if (compareNibbles(key, full) === 0 && value !== undefined && sameBytes(value, node.value))
          return node;
        if (compareNibbles(key, full) !== 0 && value === undefined) return node; // deleting an absent key
      }
      return this.present(lo, hi, depth, full, node.value);
    }
    if (node instanceof PartialExtension) {
      const path = node.path;
      let through = true;
      for (let i = lo; i < hi && through; i++) {
        const key = this.keys[i]!;
        through = key.length - depth >= path.length;
        for (let p = 0; p < path.length && through; p++) through = key[depth + p] === path[p];
      }
      if (through) {
        const child = this.apply(node.child, lo, hi, depth + path.length);
        return child === node.child ? node : reattach(path, child);
      }
      // Some key leaves the segment: the same node as a branch with one child, then the branch rules apply.
      const children = new Array<PartialNode | undefined>(16);
      children[path[0]!] = path.length === 1 ? node.child : new PartialExtension(path.slice(1), node.child);
      const asBranch = new PartialBranch(children, undefined);
      const updated = this.apply(asBranch, lo, hi, depth);
      return updated === asBranch ? node : updated;
    }
    const branch = node as PartialBranch;
    const children = branch.children.slice();
    let value = branch.value;
    let i = lo;
    if (this.keys[i]!.length === depth) {
      value = this.values[i];
      i++;
    }
    let changed = value !== branch.value;
    while (i < hi) {
      const n = this.keys[i]![depth]!;
      let j = i + 1;
      while (j < hi && this.keys[j]![depth] === n) j++;
      const before = children[n];
      const after = this.apply(before, i, j, depth + 1);
      if (after !== before) {
        children[n] = after;
        changed = true;
      }
      i = j;
    }
    if (!changed) return branch;
    return this.normalise(children, value, lo);
  }

  /** A branch after its updates: collapsed when it has one child and no value, or a value only. */
  private normalise(
    children: (PartialNode | undefined)[],
    value: Uint8Array | undefined,
    lo: number,
  ): PartialNode | undefined {
    let count = 0;
    let only = -1;
    for (let n = 0; n < 16; n++) {
      if (children[n] !== undefined) {
        count++;
        only = n;
      }
    }
    if (value !== undefined) {
      if (count === 0) return new PartialLeaf(new Uint8Array(0), value);
      return new PartialBranch(children, value);
    }
    if (count === 0) return undefined;
    if (count > 1) return new PartialBranch(children, undefined);
    // One child left: it moves up one nibble, and its type decides the new shape, so a hashed one is loaded.
    const child = children[only]!;
    const resolved = child instanceof HashRef ? loadRef(child, this.resolver, this.context(lo), true) : child;
    if (resolved instanceof PartialLeaf)
      return new PartialLeaf(concatNibbles([only], resolved.path), resolved.value);
    if (resolved instanceof PartialExtension) {
      return new PartialExtension(concatNibbles([only], resolved.path), resolved.child);
    }
    // A branch stays where it is (still referenced by its hash when it was one), under a one-nibble extension.
    return new PartialExtension(Uint8Array.of(only), child);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `child` (what is left below an extension over `path`) with the extension put back. */
function reattach(path: Uint8Array, child: PartialNode | undefined): PartialNode | undefined {
  if (child === undefined) return undefined;
  if (child instanceof PartialLeaf) return new PartialLeaf(concatNibbles(path, child.path), child.value);
  if (child instanceof PartialExtension)
    return new PartialExtension(concatNibbles(path, child.path), child.child);
  // A branch, or a hash reference to one (an unchanged branch child is returned as is).
  return new PartialExtension(path, child);
}

/**
 * `root` with every update applied as one batch (sorts `updates` in place; a key given twice keeps its last
 * value). Loads the nodes on the updated keys' paths and the siblings that collapsing branches need.
 * `why(i)` describes the update at sorted index i, for the resolver's errors.
 */
export function partialUpdate(
  root: PartialNode | undefined,
  updates: PartialUpdate[],
  resolver: NodeResolver,
  why: (update: PartialUpdate) => string,
): PartialNode | undefined {
  if (updates.length === 0) return root;
  // Stable sort: among equal keys the last given stays last, and is the one kept.
  updates.sort((a, b) => compareNibbles(a.key, b.key));
  const keys: Uint8Array[] = [];
  const values: (Uint8Array | undefined)[] = [];
  const kept: PartialUpdate[] = [];
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i]!;
    const next = updates[i + 1];
    if (next !== undefined && compareNibbles(u.key, next.key) === 0) continue;
    keys.push(u.key);
    values.push(u.value === undefined || u.value.length === 0 ? undefined : u.value);
    kept.push(u);
  }
  return new Updater(keys, values, resolver, (i) => why(kept[i]!)).apply(root, 0, keys.length, 0);
}

// ---- hashing ----

function encodeOf(node: PartialLeaf | PartialExtension | PartialBranch): Uint8Array {
  if (node instanceof PartialLeaf) return encodeLeaf(node.path, 0, node.path.length, node.value);
  if (node instanceof PartialExtension) {
    return encodeExtension(node.path, 0, node.path.length, parentRefOf(node.child));
  }
  const refs = new Array<Uint8Array | undefined>(16);
  for (let i = 0; i < 16; i++) {
    const child = node.children[i];
    refs[i] = child === undefined ? undefined : parentRefOf(child);
  }
  return encodeBranch(refs, node.value);
}

/** How a parent refers to `node` (its RLP if under 32 bytes, else 0xa0 ‖ keccak), memoised. */
function parentRefOf(node: PartialNode): Uint8Array {
  if (node instanceof HashRef) return node.parentRef();
  let ref = node.ref;
  if (ref === undefined) {
    ref = nodeRef(encodeOf(node));
    node.ref = ref;
  }
  return ref;
}

/** The root hash of the trie at `root` (EMPTY_TRIE_ROOT when empty); a fresh array. */
export function partialRootHash(root: PartialNode | undefined): Uint8Array {
  if (root === undefined) return EMPTY_TRIE_ROOT.slice();
  if (root instanceof HashRef) return root.hash.slice();
  return keccak256(encodeOf(root));
}

/** The RLP of a node (children by reference); for tests and for recording nodes. */
export function encodePartialNode(node: PartialLeaf | PartialExtension | PartialBranch): Uint8Array {
  return encodeOf(node);
}
