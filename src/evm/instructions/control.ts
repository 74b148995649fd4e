// Control-flow opcodes: STOP PC GAS RETURN REVERT INVALID (JUMP, JUMPI and JUMPDEST run inline in the loop).
import type { Frame } from "../frame.js";
import { INVALID_OPCODE } from "../halt.js";

export function stop(f: Frame): void {
  f.stopped = true;
}

export function pc(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.pc - 1);
}

export function gas(f: Frame): void {
  // The reserve is 0n below 2^52 gas (gas-reserve.ts).
  f.stack[f.sp++] = f.gasReserve === 0n ? BigInt(f.gas) : BigInt(f.gas) + f.gasReserve;
}

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
