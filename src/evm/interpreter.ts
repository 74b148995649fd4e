// The dispatch loop: fetch, stack bounds, static gas, handler. Dynamic gas and effects live in handlers.
import type { Frame } from "./frame.js";
import { EvmHalt, OUT_OF_GAS, STACK_OVERFLOW, STACK_UNDERFLOW } from "./halt.js";
import type { OpcodeTable } from "./opcodes.js";

/** Runs the frame to completion. Returns the exceptional halt, or undefined on STOP/RETURN/REVERT. */
export function runFrame(f: Frame, table: OpcodeTable): EvmHalt | undefined {
  const code = f.code;
  const length = code.length;
  const { handlers, staticGas, minStack, maxStack } = table;
  try {
    while (!f.stopped) {
      const pc = f.pc;
      if (pc >= length) break;
      const op = code[pc]!;
      const sp = f.sp;
      if (sp < minStack[op]!) throw STACK_UNDERFLOW;
      if (sp > maxStack[op]!) throw STACK_OVERFLOW;
      if ((f.gas -= staticGas[op]!) < 0) throw OUT_OF_GAS;
      f.pc = pc + 1;
      handlers[op]!(f);
    }
  } catch (e) {
    if (e instanceof EvmHalt) return e;
    throw e;
  }
  return undefined;
}
