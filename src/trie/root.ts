// The public root functions over raw byte keys: plain, secure (keccak-hashed keys), and ordered (rlp(index)
// keys, used for the transactions, receipts and withdrawals roots of a block header).
import { keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";
import { rootOfEntries, type TrieEntry } from "./builder.js";

/**
 * Root of the hexary Merkle-Patricia trie over raw keys. An empty value means the key is absent; a key given
 * twice keeps its last value. Input order does not matter otherwise.
 */
export function trieRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const list: TrieEntry[] = [];
  for (const [key, value] of entries) list.push({ key, value });
  return rootOfEntries(list);
}

/** Root of the "secure" trie: every key is replaced by keccak256(key) (state and storage tries). */
export function secureTrieRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const list: TrieEntry[] = [];
  for (const [key, value] of entries) list.push({ key: keccak256(key), value });
  return rootOfEntries(list);
}

/** Root of the trie mapping rlp(i) -> values[i]: transactions, receipts and withdrawals roots. */
export function orderedTrieRoot(values: readonly Uint8Array[]): Uint8Array {
  const list: TrieEntry[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) list[i] = { key: rlpEncode(i), value: values[i]! };
  return rootOfEntries(list);
}
