// Solidity ABI for contract entry points: calldata (selector and 32-byte head words), return values, custom
// errors, and a small encoder for calldata of outgoing calls and for event data.
import { pay_for_memory_grow, read_args, write_result } from "./hostio";
import { revertMessage, revertWith } from "./revert";
import { U256 } from "./u256";

/** A byte range in memory (a `bytes` argument, return data, ...). */
export class Bytes {
  constructor(
    public ptr: usize,
    public len: u32,
  ) {}
}

/** The call's arguments, copied into memory by read_args. */
export class Calldata {
  constructor(
    public ptr: usize,
    public len: u32,
  ) {}

  /** Reads the `len` argument bytes that user_entrypoint(len) was called with. */
  static read(len: i32): Calldata {
    // The import must be present for memory.grow to be allowed (as in Stylus): pages are paid for on growth.
    pay_for_memory_grow(0);
    const ptr = heap.alloc(<usize>len);
    read_args(ptr);
    return new Calldata(ptr, <u32>len);
  }

  /** The 4-byte function selector, or 0 when the calldata is shorter than 4 bytes. */
  selector(): u32 {
    return this.len < 4 ? 0 : bswap<u32>(load<u32>(this.ptr));
  }

  /** The i-th 32-byte argument word (after the selector). Reverts when the calldata is too short. */
  word(i: u32): U256 {
    const at: u32 = 4 + 32 * i;
    if (at + 32 > this.len) revertMessage("calldata too short");
    return U256.load(this.ptr + at);
  }

  /** The i-th argument as an address (reverts when its upper bits are not zero, as Solidity does). */
  address(i: u32): U256 {
    const a = this.word(i);
    if (!a.isAddress()) revertWith(0, 0);
    return a;
  }

  /** The i-th argument as a uint64 (reverts when it does not fit). */
  u64(i: u32): u64 {
    const a = this.word(i);
    if (a.m1 != 0 || a.m2 != 0 || a.hi != 0) revertWith(0, 0);
    return a.lo;
  }

  bool(i: u32): bool {
    return !this.word(i).isZero();
  }

  /** The `bytes` argument whose head word is at index i. */
  bytes(i: u32): Bytes {
    const off = this.word(i);
    if (off.m1 != 0 || off.m2 != 0 || off.hi != 0 || off.lo > 0xffffffff) revertMessage("bad bytes offset");
    const at: u32 = 4 + <u32>off.lo;
    if (at + 32 > this.len) revertMessage("bad bytes offset");
    const n = U256.load(this.ptr + at);
    if (n.m1 != 0 || n.m2 != 0 || n.hi != 0 || <u64>at + 32 + n.lo > <u64>this.len) revertMessage("bad bytes length");
    return new Bytes(this.ptr + at + 32, <u32>n.lo);
  }
}

/** Builds ABI-encoded bytes: an optional selector followed by 32-byte words. */
export class AbiWriter {
  ptr: usize;
  len: u32 = 0;

  constructor(public capacity: u32) {
    this.ptr = heap.alloc(<usize>capacity);
  }

  private reserve(n: u32): usize {
    if (this.len + n > this.capacity) {
      let cap = this.capacity * 2;
      while (cap < this.len + n) cap *= 2;
      const next = heap.alloc(<usize>cap);
      memory.copy(next, this.ptr, this.len);
      this.ptr = next;
      this.capacity = cap;
    }
    const at = this.ptr + this.len;
    this.len += n;
    return at;
  }

  selector(sel: u32): AbiWriter {
    store<u32>(this.reserve(4), bswap<u32>(sel));
    return this;
  }

  u256(v: U256): AbiWriter {
    v.store(this.reserve(32));
    return this;
  }

  u64(v: u64): AbiWriter {
    return this.u256(U256.fromU64(v));
  }

  address(v: U256): AbiWriter {
    return this.u256(v);
  }

  bool(v: bool): AbiWriter {
    return this.u256(U256.fromU64(v ? 1 : 0));
  }

  /** Appends `n` zero bytes (padding). */
  zeros(n: u32): AbiWriter {
    memory.fill(this.reserve(n), 0, n);
    return this;
  }

  /** Appends raw bytes. */
  bytes(ptr: usize, len: u32): AbiWriter {
    memory.copy(this.reserve(len), ptr, len);
    return this;
  }
}

/** Returns nothing (status 0 with empty output). */
export function returnNothing(): i32 {
  return 0;
}

export function returnU256(v: U256): i32 {
  const buf = heap.alloc(32);
  v.store(buf);
  write_result(buf, 32);
  return 0;
}

export function returnBool(v: bool): i32 {
  return returnU256(U256.fromU64(v ? 1 : 0));
}

export function returnWriter(w: AbiWriter): i32 {
  write_result(w.ptr, w.len);
  return 0;
}

/** Reverts with a custom error: `selector` followed by ABI words. */
export function revertError(selector: u32, words: U256[]): void {
  const w = new AbiWriter(4 + 32 * words.length);
  w.selector(selector);
  for (let i = 0; i < words.length; i++) w.u256(words[i]);
  revertWith(w.ptr, w.len);
}

/** The status to return for an unknown selector: reverts with empty data, as Solidity does. */
export function unknownSelector(): i32 {
  revertWith(0, 0);
  return 1;
}

/** Returns an ABI-encoded `string`. */
export function returnString(text: string): i32 {
  const bytes = String.UTF8.encode(text);
  const n = <u32>bytes.byteLength;
  const len = 64 + ((n + 31) & ~31);
  const buf = heap.alloc(<usize>len);
  memory.fill(buf, 0, len);
  store<u8>(buf + 31, 0x20);
  store<u32>(buf + 60, bswap<u32>(n));
  memory.copy(buf + 64, changetype<usize>(bytes), n);
  write_result(buf, len);
  return 0;
}

/** Returns ABI-encoded (bool ok, bytes data). */
export function returnBoolBytes(ok: bool, data: Bytes): i32 {
  const padded = (data.len + 31) & ~31;
  const w = new AbiWriter(96 + padded);
  w.bool(ok).u64(0x40).u64(data.len).bytes(data.ptr, data.len).zeros(padded - data.len);
  return returnWriter(w);
}
