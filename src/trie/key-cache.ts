// Memoized secure-trie keys: keccak256 of a 20-byte address or a 32-byte storage slot.
// Key hashing is roughly half of the keccak calls in a state root, and the same addresses (sender, coinbase,
// test contracts) and small slot numbers recur across thousands of state-test cases and blocks. The maps are
// bounded by clearing them when full: simple, and a miss only costs the hash it would have cost anyway.
// Returned arrays are shared between callers and must not be modified (the trie code only reads keys).
import { bigIntToBytes, bigIntToBytes32 } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";

const LIMIT = 1 << 14;
const addressKeys = new Map<bigint, Uint8Array>();
const slotKeys = new Map<bigint, Uint8Array>();

/** keccak256 of the address as 20 big-endian bytes. The caller checks the range. */
export function hashedAddressKey(address: bigint): Uint8Array {
  let key = addressKeys.get(address);
  if (key === undefined) {
    if (addressKeys.size >= LIMIT) addressKeys.clear();
    key = keccak256(bigIntToBytes(address, 20));
    addressKeys.set(address, key);
  }
  return key;
}

/** keccak256 of the slot as 32 big-endian bytes. The caller checks the range. */
export function hashedSlotKey(slot: bigint): Uint8Array {
  let key = slotKeys.get(slot);
  if (key === undefined) {
    if (slotKeys.size >= LIMIT) slotKeys.clear();
    key = keccak256(bigIntToBytes32(slot));
    slotKeys.set(slot, key);
  }
  return key;
}
