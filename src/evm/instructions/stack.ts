// Stack opcodes: POP PUSH0 PUSH1..PUSH32 DUP1..DUP16 SWAP1..SWAP16.
import type { Frame } from "../frame.js";

export function pop(f: Frame): void {
  f.sp--;
}

export function push0(f: Frame): void {
  f.stack[f.sp++] = 0n;
}

/** PUSHn takes its value from the code analysis (computed once per code) and skips the immediate bytes. */
export function makePush(n: number): (f: Frame) => void {
  return (f: Frame) => {
    const pc = f.pc;
    f.stack[f.sp++] = f.pushValues[pc - 1]!;
    f.pc = pc + n;
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
