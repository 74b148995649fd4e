// Merkle proofs (eth_getProof, EIP-1186) over the same one-pass builder the roots use: the trie is built
// from the full key set and the encoded nodes on the path to one key are kept. The builder's node encodings
// are reused, so a proof's first node hashes to exactly the root `rootOfEntries` computes.
// verifyProof walks a proof from a root for tests and light clients.
import { keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, rlpDecode } from "../primitives/rlp.js";
import { compareBytes, sortedDistinctEntries, type TrieEntry } from "./builder.js";
import { bytesToNibbles, commonPrefixEnd, hexPrefixDecode } from "./nibbles.js";
import { encodeBranch, encodeExtension, encodeLeaf, nodeRef } from "./node.js";

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return compareBytes(a, b) === 0;
}

/** Whether `target` starts with the first `depth` nibbles of `path`. */
function sharesPrefix(target: Uint8Array, path: Uint8Array, depth: number): boolean {
  if (target.length < depth) return false;
  for (let i = 0; i < depth; i++) if (target[i] !== path[i]) return false;
  return true;
}

function build(
  paths: Uint8Array[],
  values: Uint8Array[],
  lo: number,
  hi: number,
  depth: number,
  target: Uint8Array,
  onPath: boolean,
  collected: Uint8Array[],
): Uint8Array {
  const first = paths[lo]!;
  let encoded: Uint8Array;
  if (hi - lo === 1) {
    encoded = encodeLeaf(first, depth, first.length, values[lo]!);
  } else {
    const end = commonPrefixEnd(first, paths[hi - 1]!, depth);
    if (end > depth) {
      const childOnPath = onPath && sharesPrefix(target, first, end);
      const child = build(paths, values, lo, hi, end, target, childOnPath, collected);
      encoded = encodeExtension(first, depth, end, nodeRef(child));
    } else {
      const children: (Uint8Array | undefined)[] = new Array(16);
      let value: Uint8Array | undefined;
      let i = lo;
      if (first.length === depth) value = values[i++];
      while (i < hi) {
        const nibble = paths[i]![depth]!;
        let j = i + 1;
        while (j < hi && paths[j]![depth] === nibble) j++;
        const childOnPath = onPath && target.length > depth && target[depth] === nibble;
        children[nibble] = nodeRef(build(paths, values, i, j, depth + 1, target, childOnPath, collected));
        i = j;
      }
      encoded = encodeBranch(children, value);
    }
  }
  // Embedded children (under 32 bytes) live inside their parent's encoding; the root is always listed.
  if (onPath && (encoded.length >= 32 || depth === 0)) collected.push(encoded);
  return encoded;
}

/**
 * The proof for `key` (already hashed for a secure trie): the encoded nodes from the root down the key's
 * path, as far as the trie goes (a proof of absence ends where the path leaves the trie). Empty for an empty
 * trie. Sorts `entries` in place; duplicate keys keep their last value, empty values are absent.
 */
export function trieProof(entries: TrieEntry[], key: Uint8Array): Uint8Array[] {
  const { keys, values } = sortedDistinctEntries(entries);
  if (keys.length === 0) return [];
  const paths = keys.map(bytesToNibbles);
  const collected: Uint8Array[] = [];
  build(paths, values, 0, paths.length, 0, bytesToNibbles(key), true, collected);
  return collected.reverse();
}

export class ProofError extends Error {
  override name = "ProofError";
}

function asNode(item: RlpDecoded): RlpDecoded[] {
  if (!Array.isArray(item)) throw new ProofError("proof node is not a list");
  return item;
}

/**
 * Walks `proof` from `root` along `key` (already hashed for a secure trie). Returns the value stored under
 * the key, or undefined when the proof shows the key is absent. Throws ProofError for a proof that does not
 * hang together (wrong hash, missing node, malformed node).
 */
export function verifyProof(
  root: Uint8Array,
  key: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  const nibbles = bytesToNibbles(key);
  const byHash = new Map<string, Uint8Array>();
  for (const node of proof) byHash.set(Buffer.from(keccak256(node)).toString("hex"), node);
  let node: RlpDecoded[] | undefined;
  // Resolving a reference: a 32-byte string names a node by hash; a list is an embedded node.
  const resolve = (ref: RlpDecoded): RlpDecoded[] | undefined => {
    if (Array.isArray(ref)) return ref;
    if (ref.length === 0) return undefined;
    if (ref.length !== 32) throw new ProofError("bad node reference");
    const encoded = byHash.get(Buffer.from(ref).toString("hex"));
    if (encoded === undefined) throw new ProofError("proof is missing a node");
    return asNode(rlpDecode(encoded));
  };
  if (proof.length === 0) {
    const empty = keccak256(new Uint8Array([0x80]));
    if (!sameBytes(root, empty)) throw new ProofError("empty proof for a non-empty trie");
    return undefined;
  }
  node = resolve(root);
  let pos = 0;
  while (node !== undefined) {
    if (node.length === 17) {
      if (pos === nibbles.length) {
        const v = node[16]!;
        if (Array.isArray(v)) throw new ProofError("branch value is a list");
        return v.length === 0 ? undefined : v;
      }
      node = resolve(node[nibbles[pos]!]!);
      pos++;
      continue;
    }
    if (node.length !== 2) throw new ProofError(`node with ${node.length} items`);
    const pathBytes = node[0]!;
    if (Array.isArray(pathBytes)) throw new ProofError("node path is a list");
    const { nibbles: segment, leaf } = hexPrefixDecode(pathBytes);
    for (let i = 0; i < segment.length; i++) {
      if (nibbles[pos + i] !== segment[i]) return undefined;
    }
    pos += segment.length;
    if (leaf) {
      if (pos !== nibbles.length) return undefined;
      const v = node[1]!;
      if (Array.isArray(v)) throw new ProofError("leaf value is a list");
      return v;
    }
    node = resolve(node[1]!);
  }
  return undefined;
}
