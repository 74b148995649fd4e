// Ethereum's account-level tries: a contract's storage root and the world state root (Yellow Paper 4.1).
// Both are secure tries; this file owns how slots, values and accounts become trie keys and leaf values.
import { bigIntToMinimalBytes } from "../primitives/hex.js";
import { rlpEncode } from "../primitives/rlp.js";
import { rootOfEntries, type TrieEntry } from "./builder.js";
import { hashedAddressKey, hashedSlotKey } from "./key-cache.js";

const MAX_U256 = (1n << 256n) - 1n;
const MAX_ADDRESS = (1n << 160n) - 1n;

/** What the state root needs of an account; InMemoryState's StoredAccount has this shape. */
export interface TrieAccount {
  nonce: bigint;
  balance: bigint;
  /** keccak256 of the code (EMPTY_CODE_HASH when there is none). */
  codeHash: Uint8Array;
  /** Slot -> value; zero values are treated as absent. */
  storage: ReadonlyMap<bigint, bigint>;
}

function checkWord(value: bigint, what: string): void {
  // bigIntToBytes32 would silently drop high bits, giving a wrong root rather than an error.
  if (value < 0n || value > MAX_U256) throw new RangeError(`${what} out of uint256 range: ${value}`);
}

/** Root of a storage trie: keccak(32-byte slot) -> rlp(value without leading zeros); zero values skipped. */
export function storageRoot(storage: Iterable<readonly [bigint, bigint]>): Uint8Array {
  const list: TrieEntry[] = [];
  for (const [slot, value] of storage) {
    if (value === 0n) continue;
    checkWord(slot, "storage slot");
    checkWord(value, "storage value");
    list.push({ key: hashedSlotKey(slot), value: rlpEncode(bigIntToMinimalBytes(value)) });
  }
  return rootOfEntries(list);
}

/** The state-trie leaf value of an account: rlp([nonce, balance, storageRoot, codeHash]). */
export function encodeAccount(
  nonce: bigint,
  balance: bigint,
  root: Uint8Array,
  codeHash: Uint8Array,
): Uint8Array {
  return rlpEncode([nonce, balance, root, codeHash]);
}

/**
 * World state root: keccak(20-byte address) -> encodeAccount(...). Every account given is included, so the
 * caller removes empty or destroyed accounts first (EIP-161). `stateRoot(inMemoryState.accounts)` works.
 */
export function stateRoot(accounts: Iterable<readonly [bigint, TrieAccount]>): Uint8Array {
  const list: TrieEntry[] = [];
  for (const [address, account] of accounts) {
    if (address < 0n || address > MAX_ADDRESS) throw new RangeError(`address out of range: ${address}`);
    const value = encodeAccount(
      account.nonce,
      account.balance,
      storageRoot(account.storage),
      account.codeHash,
    );
    list.push({ key: hashedAddressKey(address), value });
  }
  return rootOfEntries(list);
}
