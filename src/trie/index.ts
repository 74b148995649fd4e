// Public face of the Merkle-Patricia trie module: batch root computation and Merkle proofs (no stored nodes).
export { compareBytes, encodeRootNode, rootOfEntries, type TrieEntry } from "./builder.js";
export { bytesToNibbles, hexPrefixDecode, hexPrefixEncode } from "./nibbles.js";
export { encodeBranch, encodeExtension, encodeLeaf, hashNode, nodeRef } from "./node.js";
export { OrderedTrieLayout } from "./ordered-layout.js";
export {
  PersistentTrie,
  type TrieNode,
  type TrieUpdate,
  trieFromEntries,
  trieGet,
  trieRootHash,
  trieUpdate,
  trieUpdateMany,
} from "./persistent-trie.js";
export { ProofError, trieProof, verifyProof } from "./proof.js";
export { orderedTrieRoot, secureTrieRoot, trieRoot } from "./root.js";
export { encodeAccount, stateRoot, storageRoot, type TrieAccount } from "./state-root.js";
export { StateTrieCache } from "./state-trie.js";
