// Stack opcodes: POP PUSH0 PUSH1..PUSH32 DUP1..DUP16 SWAP1..SWAP16.
import type { Frame } from "../frame.js";

export function pop(f: Frame): void {
  f.sp--;
}

export function push0(f: Frame): void {
  f.stack[f.sp++] = 0n;
}

/** PUSHn reads n immediate bytes (zero-padded past the end of code). */
export function makePush(n: number): (f: Frame) => void {
  return (f: Frame) => {
    const code = f.code;
    const start = f.pc;
    let value: bigint;
    if (n <= 6) {
      let v = 0;
      for (let k = 0; k < n; k++) v = v * 256 + (code[start + k] ?? 0);
      value = BigInt(v);
    } else {
      value = 0n;
      let k = 0;
      while (k < n) {
        const take = n - k < 6 ? n - k : 6;
        let chunk = 0;
        for (let j = 0; j < take; j++) chunk = chunk * 256 + (code[start + k + j] ?? 0);
        value = (value << BigInt(take * 8)) | BigInt(chunk);
        k += take;
      }
    }
    f.stack[f.sp++] = value;
    f.pc = start + n;
  };
}

export function makeDup(n: number): (f: Frame) => void {
  return (f: Frame) => {
    const s = f.stack;
    s[f.sp] = s[f.sp - n]!;
    f.sp++;
  };
}

export function makeSwap(n: number): (f: Frame) => void {
  return (f: Frame) => {
    const s = f.stack;
    const top = f.sp - 1;
    const other = top - n;
    const t = s[top]!;
    s[top] = s[other]!;
    s[other] = t;
  };
}
