// Contract storage with Solidity's layout: a variable at a slot number, mapping entries at
// keccak256(key . slot) (so a token written in AssemblyScript and one in Solidity agree on every slot).
import { native_keccak256, storage_cache_bytes32, storage_load_bytes32 } from "./hostio";
import { U256 } from "./u256";

const KEY: usize = memory.data(64);
const VALUE: usize = memory.data(32);

export function sload(slot: U256): U256 {
  slot.store(KEY);
  storage_load_bytes32(KEY, VALUE);
  return U256.load(VALUE);
}

export function sstore(slot: U256, value: U256): void {
  slot.store(KEY);
  value.store(VALUE);
  storage_cache_bytes32(KEY, VALUE);
}

/** keccak256 of `len` bytes at `ptr`. */
export function keccak(ptr: usize, len: u32): U256 {
  native_keccak256(ptr, len, VALUE);
  return U256.load(VALUE);
}

/** The slot of `mapping[key]` for a mapping declared at `slot`. */
export function mapSlot(slot: U256, key: U256): U256 {
  key.store(KEY);
  slot.store(KEY + 32);
  return keccak(KEY, 64);
}

/** A Solidity-style `mapping(uint256/address => uint256)` at a slot. */
export class StorageMap {
  constructor(public slot: U256) {}

  get(key: U256): U256 {
    return sload(mapSlot(this.slot, key));
  }

  set(key: U256, value: U256): void {
    sstore(mapSlot(this.slot, key), value);
  }

  /** The nested map `mapping[key]` of a `mapping(a => mapping(b => uint256))`. */
  inner(key: U256): StorageMap {
    return new StorageMap(mapSlot(this.slot, key));
  }
}
