// Memory opcodes: MLOAD MSTORE MSTORE8 MSIZE MCOPY, and KECCAK256 (which hashes a memory range).
import { keccak256RangeWord } from "../../primitives/keccak.js";
import type { Frame } from "../frame.js";
import { G_COPY_WORD, G_KECCAK_WORD } from "../gas-constants.js";
import { loadWord, storeWord } from "../word-bytes.js";

export function mload(f: Frame): void {
  const i = f.sp - 1;
  const o = f.memoryRange(f.stack[i]!, 32n);
  f.stack[i] = loadWord(f.memory.view, o);
}

export function mstore(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const o = f.memoryRange(s[sp + 1]!, 32n);
  storeWord(f.memory.view, o, s[sp]!);
}

export function mstore8(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const o = f.memoryRange(s[sp + 1]!, 1n);
  f.memory.buf[o] = Number(s[sp]! & 0xffn);
}

export function msize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.memory.size);
}

export function mcopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  const dst = s[sp + 2]!;
  const src = s[sp + 1]!;
  const size = s[sp]!;
  if (size === 0n) return;
  f.memoryRange(dst > src ? dst : src, size);
  const n = Number(size);
  f.useGas(G_COPY_WORD * Math.ceil(n / 32));
  const buf = f.memory.buf;
  buf.copyWithin(Number(dst), Number(src), Number(src) + n);
}

/** keccak256 of no bytes (a zero-size range may have any offset). */
const EMPTY_KECCAK = 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n;

export function keccak256(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const size = s[sp - 1]!;
  const o = f.memoryRange(s[sp]!, size);
  const n = Number(size);
  f.useGas(G_KECCAK_WORD * Math.ceil(n / 32));
  s[sp - 1] = n === 0 ? EMPTY_KECCAK : keccak256RangeWord(f.memory.buf, o, o + n);
}
