// 256-bit unsigned integers as four u64 limbs (least significant first), with the big-endian 32-byte
// encoding the EVM, the ABI and storage use. Addresses are U256 values below 2^160.
import { panic, PANIC_OVERFLOW } from "./revert";

export class U256 {
  constructor(
    public lo: u64 = 0,
    public m1: u64 = 0,
    public m2: u64 = 0,
    public hi: u64 = 0,
  ) {}

  static fromU64(v: u64): U256 {
    return new U256(v);
  }

  /** Reads a big-endian word at `ptr`. */
  static load(ptr: usize): U256 {
    return new U256(
      bswap<u64>(load<u64>(ptr + 24)),
      bswap<u64>(load<u64>(ptr + 16)),
      bswap<u64>(load<u64>(ptr + 8)),
      bswap<u64>(load<u64>(ptr)),
    );
  }

  /** Reads a 20-byte big-endian address at `ptr`. */
  static loadAddress(ptr: usize): U256 {
    return new U256(
      bswap<u64>(load<u64>(ptr + 12)),
      bswap<u64>(load<u64>(ptr + 4)),
      <u64>bswap<u32>(load<u32>(ptr)),
      0,
    );
  }

  /** Writes the big-endian word at `ptr`. */
  store(ptr: usize): void {
    store<u64>(ptr, bswap<u64>(this.hi));
    store<u64>(ptr + 8, bswap<u64>(this.m2));
    store<u64>(ptr + 16, bswap<u64>(this.m1));
    store<u64>(ptr + 24, bswap<u64>(this.lo));
  }

  /** Writes the low 160 bits as a 20-byte address at `ptr`. */
  storeAddress(ptr: usize): void {
    store<u32>(ptr, bswap<u32>(<u32>this.m2));
    store<u64>(ptr + 4, bswap<u64>(this.m1));
    store<u64>(ptr + 12, bswap<u64>(this.lo));
  }

  isZero(): bool {
    return (this.lo | this.m1 | this.m2 | this.hi) == 0;
  }

  eq(o: U256): bool {
    return this.lo == o.lo && this.m1 == o.m1 && this.m2 == o.m2 && this.hi == o.hi;
  }

  lt(o: U256): bool {
    if (this.hi != o.hi) return this.hi < o.hi;
    if (this.m2 != o.m2) return this.m2 < o.m2;
    if (this.m1 != o.m1) return this.m1 < o.m1;
    return this.lo < o.lo;
  }

  /** Whether the value fits in 160 bits (a well-formed address). */
  isAddress(): bool {
    return this.hi == 0 && this.m2 >> 32 == 0;
  }

  /** Wrapping addition. */
  add(o: U256): U256 {
    const lo = this.lo + o.lo;
    let carry: u64 = lo < this.lo ? 1 : 0;
    const t1 = this.m1 + o.m1;
    const m1 = t1 + carry;
    carry = (t1 < this.m1 ? 1 : 0) | (m1 < t1 ? 1 : 0);
    const t2 = this.m2 + o.m2;
    const m2 = t2 + carry;
    carry = (t2 < this.m2 ? 1 : 0) | (m2 < t2 ? 1 : 0);
    return new U256(lo, m1, m2, this.hi + o.hi + carry);
  }

  /** Wrapping subtraction. */
  sub(o: U256): U256 {
    const lo = this.lo - o.lo;
    let borrow: u64 = this.lo < o.lo ? 1 : 0;
    const t1 = this.m1 - o.m1;
    const m1 = t1 - borrow;
    borrow = (this.m1 < o.m1 ? 1 : 0) | (t1 < borrow ? 1 : 0);
    const t2 = this.m2 - o.m2;
    const m2 = t2 - borrow;
    borrow = (this.m2 < o.m2 ? 1 : 0) | (t2 < borrow ? 1 : 0);
    return new U256(lo, m1, m2, this.hi - o.hi - borrow);
  }

  /** Addition that reverts with Panic(0x11) on overflow, as Solidity's checked arithmetic does. */
  checkedAdd(o: U256): U256 {
    const r = this.add(o);
    if (r.lt(this)) panic(PANIC_OVERFLOW);
    return r;
  }

  /** Subtraction that reverts with Panic(0x11) on underflow. */
  checkedSub(o: U256): U256 {
    if (this.lt(o)) panic(PANIC_OVERFLOW);
    return this.sub(o);
  }
}

function hexDigit(c: i32): u64 {
  if (c >= 48 && c <= 57) return <u64>(c - 48);
  if (c >= 97 && c <= 102) return <u64>(c - 87);
  if (c >= 65 && c <= 70) return <u64>(c - 55);
  return 0;
}

/** Parses up to 64 hex digits ("0x" optional), e.g. an event signature hash. */
export function u256FromHex(hex: string): U256 {
  let start = 0;
  if (hex.length >= 2 && hex.charCodeAt(1) == 120) start = 2;
  const r = new U256();
  for (let i = start; i < hex.length; i++) {
    const d = hexDigit(hex.charCodeAt(i));
    r.hi = (r.hi << 4) | (r.m2 >> 60);
    r.m2 = (r.m2 << 4) | (r.m1 >> 60);
    r.m1 = (r.m1 << 4) | (r.lo >> 60);
    r.lo = (r.lo << 4) | d;
  }
  return r;
}
