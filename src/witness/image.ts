// The image of a witness: the accounts and storage slots it proves, as an InMemoryState, for an executor that
// needs a whole state in memory up front (the parallel executor copies its pre-state into shared memory for
// its worker threads). Leaves are found by walking the witness's nodes from the pre-state root; their
// addresses and slots come from the witness's keys (a trie stores only their keccak). What the image lacks
// reads as absent, so whoever executes on it must check every read against the witness (coverage.ts).
import { bytesEqual, bytesToBigInt, bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import { InMemoryState } from "../state/memory-state.js";
import { decodeTrieNode, HashRef, partialLeaves, TrieNodeError } from "../trie/partial-trie.js";
import { WitnessError } from "./errors.js";
import type { WitnessIndex } from "./sources.js";
import { decodeAccountLeaf } from "./trie-state.js";

export interface WitnessImage {
  state: InMemoryState;
  /** Accounts with a non-empty storage root (the image may hold only some of their slots, or none). */
  withStorage: bigint[];
}

function nibblesToHex(path: Uint8Array): string {
  const bytes = new Uint8Array(path.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (path[2 * i]! << 4) | path[2 * i + 1]!;
  return bytesToHex(bytes);
}

export function witnessImage(
  index: WitnessIndex,
  preStateRoot: Uint8Array,
  keys: readonly Uint8Array[],
): WitnessImage {
  const addressOf = new Map<string, bigint>();
  const slotOf = new Map<string, bigint>();
  for (const key of keys) {
    if (key.length === 20) addressOf.set(bytesToHex(keccak256(key)), bytesToBigInt(key));
    else if (key.length === 32) slotOf.set(bytesToHex(keccak256(key)), bytesToBigInt(key));
  }
  const load = (ref: HashRef) => {
    const encoded = index.nodes.get(bytesToHex(ref.hash));
    if (encoded === undefined) return undefined;
    try {
      return decodeTrieNode(encoded);
    } catch (e) {
      if (e instanceof TrieNodeError) return undefined; // reported by the verifier if it is ever needed
      throw e;
    }
  };
  const rootOf = (hash: Uint8Array) => (bytesEqual(hash, EMPTY_TRIE_ROOT) ? undefined : new HashRef(hash));
  const state = new InMemoryState();
  const withStorage: bigint[] = [];
  partialLeaves(rootOf(preStateRoot), load, (path, value) => {
    const address = addressOf.get(nibblesToHex(path));
    if (address === undefined) return;
    let account: ReturnType<typeof decodeAccountLeaf>;
    try {
      account = decodeAccountLeaf(value, address);
    } catch (e) {
      if (e instanceof WitnessError) return; // likewise
      throw e;
    }
    const hasCode = !bytesEqual(account.codeHash, EMPTY_CODE_HASH);
    const storage = new Map<bigint, bigint>();
    if (!bytesEqual(account.storageRoot, EMPTY_TRIE_ROOT)) {
      withStorage.push(address);
      partialLeaves(rootOf(account.storageRoot), load, (slotPath, slotValue) => {
        const slot = slotOf.get(nibblesToHex(slotPath));
        if (slot === undefined) return;
        // A storage leaf is rlp(the value's minimal bytes); a malformed one is left out (the verifier names it).
        if (slotValue.length === 0 || slotValue.length > 33) return;
        const bytes = slotValue[0]! >= 0x80 ? slotValue.subarray(1) : slotValue;
        const v = bytesToBigInt(bytes);
        if (v !== 0n) storage.set(slot, v);
      });
    }
    state.putAccount(address, {
      nonce: account.nonce,
      balance: account.balance,
      codeHash: account.codeHash,
      code: hasCode
        ? (index.codes.get(bytesToHex(account.codeHash)) ?? new Uint8Array(0))
        : new Uint8Array(0),
      storage,
    });
  });
  return { state, withStorage };
}
