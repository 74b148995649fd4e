// Control-flow opcodes: STOP JUMP JUMPI PC GAS JUMPDEST RETURN REVERT INVALID.
import type { Frame } from "../frame.js";
import { INVALID_JUMP, INVALID_OPCODE } from "../halt.js";

export function stop(f: Frame): void {
  f.stopped = true;
}

function jumpTo(f: Frame, dest: bigint): void {
  if (dest > 0xffffffffn || f.jumpdests[Number(dest)] !== 1) throw INVALID_JUMP;
  f.pc = Number(dest);
}

export function jump(f: Frame): void {
  jumpTo(f, f.stack[--f.sp]!);
}

export function jumpi(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  if (s[sp]! !== 0n) jumpTo(f, s[sp + 1]!);
}

export function pc(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.pc - 1);
}

export function gas(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.gas);
}

export function jumpdest(_f: Frame): void {}

export function ret(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const size = s[sp]!;
  const o = f.memoryRange(s[sp + 1]!, size);
  f.output = f.memory.read(o, Number(size));
  f.stopped = true;
}

export function revert(f: Frame): void {
  ret(f);
  f.reverted = true;
}

export function invalid(_f: Frame): void {
  throw INVALID_OPCODE;
}
