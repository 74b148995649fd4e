// Stack opcodes that go through the handler table: PUSH0 only. PUSH1..32, DUP, SWAP and POP (and JUMP,
// JUMPI, JUMPDEST) run inline in the interpreter loop (see interpreter.ts); their table rows carry
// `inlineOnly` as the handler.
import type { Frame } from "../frame.js";

export function push0(f: Frame): void {
  f.stack[f.sp++] = 0n;
}

/** Stands in the table for opcodes the loop executes itself; reaching it is an interpreter bug. */
export function inlineOnly(_f: Frame): void {
  throw new Error("interpreter bug: an inline opcode was dispatched through the handler table");
}
