// Arithmetic opcodes: ADD MUL SUB DIV SDIV MOD SMOD ADDMOD MULMOD EXP SIGNEXTEND.
import type { Frame } from "../frame.js";
import { G_EXP_BYTE } from "../gas-constants.js";
import { byteLength, fromSigned, MAX_U256, TWO_256, toSigned } from "./words.js";

export function add(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const r = s[sp]! + s[sp - 1]!;
  s[sp - 1] = r > MAX_U256 ? r - TWO_256 : r;
}

export function mul(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = (s[sp]! * s[sp - 1]!) & MAX_U256;
}

export function sub(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const r = s[sp]! - s[sp - 1]!;
  s[sp - 1] = r < 0n ? r + TWO_256 : r;
}

export function div(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : s[sp]! / b;
}

export function sdiv(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : fromSigned(toSigned(s[sp]!) / toSigned(b)) & MAX_U256;
}

export function mod(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : s[sp]! % b;
}

export function smod(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : fromSigned(toSigned(s[sp]!) % toSigned(b));
}

export function addmod(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const n = s[sp - 1]!;
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! + s[sp]!) % n;
}

export function mulmod(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const n = s[sp - 1]!;
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! * s[sp]!) % n;
}

export function exp(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  let base = s[sp]!;
  let e = s[sp - 1]!;
  f.useGas(G_EXP_BYTE * byteLength(e));
  let result = 1n;
  if (base === 2n && e < 256n) {
    result = 1n << e;
  } else {
    while (e > 0n) {
      if (e & 1n) result = (result * base) & MAX_U256;
      e >>= 1n;
      if (e > 0n) base = (base * base) & MAX_U256;
    }
  }
  s[sp - 1] = result;
}

export function signextend(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp]!;
  const x = s[sp - 1]!;
  if (b < 31n) {
    const bit = b * 8n + 7n;
    const mask = (1n << (bit + 1n)) - 1n;
    s[sp - 1] = (x >> bit) & 1n ? (x | ~mask) & MAX_U256 : x & mask;
  }
}
