// eth_getProof (EIP-1186) from a full in-memory state: the account trie and the account's storage trie are
// rebuilt from the flat state and the nodes on the requested paths are collected (src/trie/proof.ts).
import {
  addressToHex,
  bigIntToBytes,
  bigIntToMinimalBytes,
  bytesToHex,
  quantityToHex,
} from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";
import type { InMemoryState } from "../state/memory-state.js";
import { encodeAccount, storageRoot, type TrieEntry, trieProof } from "../trie/index.js";

export function accountProof(
  state: InMemoryState,
  address: bigint,
  slots: readonly bigint[],
  /** The storage keys as the request spelled them (echoed when they are full words). */
  keyText?: readonly unknown[],
): Record<string, unknown> {
  const entries: TrieEntry[] = [];
  for (const [a, acc] of state.accounts) {
    entries.push({
      key: keccak256(bigIntToBytes(a, 20)),
      value: encodeAccount(acc.nonce, acc.balance, storageRoot(acc.storage), acc.codeHash),
    });
  }
  const proof = trieProof(entries, keccak256(bigIntToBytes(address, 20)));
  const account = state.accounts.get(address);
  const storage = account?.storage ?? new Map<bigint, bigint>();
  const storageEntries = (): TrieEntry[] => {
    const out: TrieEntry[] = [];
    for (const [slot, value] of storage) {
      if (value !== 0n)
        out.push({ key: keccak256(bigIntToBytes(slot, 32)), value: rlpEncode(bigIntToMinimalBytes(value)) });
    }
    return out;
  };
  return {
    address: addressToHex(address),
    accountProof: proof.map(bytesToHex),
    balance: quantityToHex(account?.balance ?? 0n),
    nonce: quantityToHex(account?.nonce ?? 0n),
    codeHash: bytesToHex(account?.codeHash ?? EMPTY_CODE_HASH),
    storageHash: bytesToHex(storageRoot(storage)),
    storageProof: slots.map((slot, i) => ({
      // As geth: a key sent as a full 32-byte word is echoed as sent, any other as a quantity.
      key:
        typeof keyText?.[i] === "string" && /^0x[0-9a-fA-F]{64}$/.test(keyText[i] as string)
          ? (keyText[i] as string)
          : quantityToHex(slot),
      value: quantityToHex(storage.get(slot) ?? 0n),
      proof: trieProof(storageEntries(), keccak256(bigIntToBytes(slot, 32))).map(bytesToHex),
    })),
  };
}
