// RLP encoding of Merkle-Patricia trie nodes (leaf, extension, branch) over nibble paths, and of references
// to them, for the batch builder (builder.ts) and proofs (proof.ts). The persistent trie encodes its own node
// objects (persistent-nodes.ts) with the same RLP writer (rlp-writer.ts), so the two agree byte for byte.
import { keccak256 } from "../primitives/keccak.js";
import { headerLength, stringLength, writeHeader, writeString } from "../primitives/rlp-writer.js";
import { hexPrefixEncode } from "./nibbles.js";

/** RLP of the empty string: an absent branch child or branch value. */
const EMPTY_STRING = 0x80;

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
