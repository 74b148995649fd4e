// RLP encoding of Merkle-Patricia trie nodes (leaf, extension, branch) and of references to them.
// Kept apart from any particular builder so that a later mutable trie (incremental roots, eth_getProof) can
// encode and hash its nodes with the very same code and therefore agree byte for byte.
//
// Nodes are written straight to bytes instead of going through the generic rlpEncode: a child reference is
// either a 32-byte hash or, for a node whose RLP is under 32 bytes, that RLP embedded as-is, which the
// generic encoder (bytes or nested arrays) cannot express without decoding the child again.
import { keccak256 } from "../primitives/keccak.js";
import { hexPrefixEncode } from "./nibbles.js";

/** RLP of the empty string: an absent branch child or branch value. */
const EMPTY_STRING = 0x80;

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

/** Length of `bytes` once RLP-encoded as a string. */
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

/** RLP of the two-item list [string a, b], where b is a string (leaf) or a child reference (extension). */
function encodePair(path: Uint8Array, second: Uint8Array, secondIsString: boolean): Uint8Array {
  const secondLength = secondIsString ? stringLength(second) : second.length;
  const payload = stringLength(path) + secondLength;
  const out = new Uint8Array(headerLength(payload) + payload);
  let pos = writeHeader(out, 0, payload, 0xc0);
  pos = writeString(out, pos, path);
  if (secondIsString) writeString(out, pos, second);
  else out.set(second, pos);
  return out;
}

/** Leaf node [HP(path, leaf), value] over nibbles[start..end). */
export function encodeLeaf(nibbles: Uint8Array, start: number, end: number, value: Uint8Array): Uint8Array {
  return encodePair(hexPrefixEncode(nibbles, start, end, true), value, true);
}

/** Extension node [HP(path, not leaf), child] over nibbles[start..end); `child` comes from nodeRef. */
export function encodeExtension(
  nibbles: Uint8Array,
  start: number,
  end: number,
  child: Uint8Array,
): Uint8Array {
  return encodePair(hexPrefixEncode(nibbles, start, end, false), child, false);
}

/**
 * Branch node [c0 .. c15, value]. `children[i]` is a reference from nodeRef or undefined when absent;
 * `value` is the value of the key ending exactly here, or undefined.
 */
export function encodeBranch(
  children: ReadonlyArray<Uint8Array | undefined>,
  value?: Uint8Array,
): Uint8Array {
  let payload = value === undefined ? 1 : stringLength(value);
  for (let i = 0; i < 16; i++) payload += children[i]?.length ?? 1;
  const out = new Uint8Array(headerLength(payload) + payload);
  let pos = writeHeader(out, 0, payload, 0xc0);
  for (let i = 0; i < 16; i++) {
    const child = children[i];
    if (child === undefined) out[pos++] = EMPTY_STRING;
    else {
      out.set(child, pos);
      pos += child.length;
    }
  }
  if (value === undefined) out[pos] = EMPTY_STRING;
  else writeString(out, pos, value);
  return out;
}

/** keccak256 of a node's RLP: how a parent (or the root) names a node of 32 bytes or more. */
export function hashNode(encoded: Uint8Array): Uint8Array {
  return keccak256(encoded);
}

/**
 * How a parent refers to a child node, ready to be placed in the parent's RLP: the child's own RLP when it is
 * under 32 bytes (embedded), otherwise the RLP string of its hash (0xa0 followed by 32 bytes).
 */
export function nodeRef(encoded: Uint8Array): Uint8Array {
  if (encoded.length < 32) return encoded;
  const out = new Uint8Array(33);
  out[0] = 0x80 + 32;
  out.set(hashNode(encoded), 1);
  return out;
}
