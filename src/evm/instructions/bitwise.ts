// Comparison and bitwise opcodes: LT GT SLT SGT EQ ISZERO AND OR XOR NOT BYTE SHL SHR SAR CLZ.
import type { Frame } from "../frame.js";
import { fromSigned, MAX_U256, SIGN_BIT, toSigned } from "./words.js";

export function lt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! < s[sp - 1]! ? 1n : 0n;
}

export function gt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! > s[sp - 1]! ? 1n : 0n;
}

export function slt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = toSigned(s[sp]!) < toSigned(s[sp - 1]!) ? 1n : 0n;
}

export function sgt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = toSigned(s[sp]!) > toSigned(s[sp - 1]!) ? 1n : 0n;
}

export function eq(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp] === s[sp - 1] ? 1n : 0n;
}

export function iszero(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = s[i] === 0n ? 1n : 0n;
}

export function and(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! & s[sp - 1]!;
}

export function or(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! | s[sp - 1]!;
}

export function xor(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! ^ s[sp - 1]!;
}

export function not(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = MAX_U256 ^ s[i]!;
}

export function byte(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const i = s[sp]!;
  s[sp - 1] = i < 32n ? (s[sp - 1]! >> (248n - i * 8n)) & 0xffn : 0n;
}

export function shl(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift < 256n ? (s[sp - 1]! << shift) & MAX_U256 : 0n;
}

export function shr(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift < 256n ? s[sp - 1]! >> shift : 0n;
}

export function sar(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  const value = s[sp - 1]!;
  if (shift < 256n) s[sp - 1] = fromSigned(toSigned(value) >> shift);
  else s[sp - 1] = value & SIGN_BIT ? MAX_U256 : 0n;
}

/** EIP-7939: count leading zero bits; 256 for zero. */
export function clz(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  const x = s[i]!;
  s[i] = x === 0n ? 256n : BigInt(256 - x.toString(2).length);
}
