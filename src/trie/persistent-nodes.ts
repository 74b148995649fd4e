// The nodes of the persistent trie (persistent-trie.ts) and how they are encoded and hashed.
//
// Nodes are immutable; each caches its reference (its RLP when under 32 bytes, else keccak(RLP), written into
// a parent as 0xa0 ‖ hash) the first time it is hashed, so the cache never goes stale. Paths are not stored
// as nibble arrays: a leaf keeps the whole key (shared, never copied or modified) and the nibble index where
// its remaining path starts; an extension keeps some key of its subtree and the nibble range [start, end) of
// its segment. Encodings are written straight into a scratch buffer with the same RLP writer as node.ts and
// agree with it byte for byte; the tests cross-check every root against rootOfEntries.
import { EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import { headerLength, stringLength, writeHeader, writeString } from "../primitives/rlp-writer.js";

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
export function nibbleAt(key: Uint8Array, i: number): number {
  const b = key[i >> 1]!;
  return i & 1 ? b & 15 : b >> 4;
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
