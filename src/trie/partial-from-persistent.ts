// Loading partial-trie nodes (partial-trie.ts) from a full persistent trie (persistent-trie.ts): how a
// witness is generated. The generator runs the verifier's own trie algorithm against the full pre-state trie
// through this loader and records every node it loads; so the witness holds exactly the nodes verification
// will ask for. A hashed child becomes a HashRef whose handle is the persistent node; embedded children are
// converted in place (they are part of their parent's RLP).
import { bytesToNibbles } from "./nibbles.js";
import {
  HashRef,
  type LoadedNode,
  PartialBranch,
  PartialExtension,
  PartialLeaf,
  type PartialNode,
} from "./partial-trie.js";
import {
  BranchNode,
  ExtensionNode,
  encodeNode,
  LeafNode,
  nodeReference,
  type TrieNode,
  trieRootHash,
} from "./persistent-trie.js";

function nibblesOf(key: Uint8Array, start: number, end: number): Uint8Array {
  return bytesToNibbles(key).slice(start, end);
}

function childOf(child: TrieNode): PartialNode {
  const ref = nodeReference(child);
  return ref.length === 32 ? new HashRef(ref, child) : shallow(child);
}

/** `node` as a partial node: its own fields, hashed children as references. */
function shallow(node: TrieNode): PartialLeaf | PartialExtension | PartialBranch {
  if (node instanceof LeafNode) {
    return new PartialLeaf(nibblesOf(node.key, node.start, node.key.length * 2), node.value);
  }
  if (node instanceof ExtensionNode) {
    return new PartialExtension(nibblesOf(node.key, node.start, node.end), childOf(node.child));
  }
  const branch = node as BranchNode;
  const children = new Array<PartialNode | undefined>(16);
  for (let i = 0; i < 16; i++) {
    const child = branch.children[i];
    children[i] = child === undefined ? undefined : childOf(child);
  }
  return new PartialBranch(children, branch.value);
}

/** The root reference of a persistent trie (undefined when empty); its handle is the root node. */
export function persistentRootRef(root: TrieNode | undefined): HashRef | undefined {
  return root === undefined ? undefined : new HashRef(trieRootHash(root), root);
}

/** Loads the node behind a reference made by persistentRootRef or by an earlier load (its handle). */
export function loadPersistentNode(ref: HashRef): LoadedNode {
  const node = ref.handle;
  if (!(node instanceof LeafNode || node instanceof ExtensionNode || node instanceof BranchNode)) {
    throw new Error("internal: a hash reference without its persistent node");
  }
  return { node: shallow(node), encoded: encodeNode(node) };
}
