// The dispatch loop: fetch, stack bounds and static gas from the opcode table, then execute.
// Stack-shuffling and control-flow opcodes (PUSH, DUP, SWAP, POP, JUMP, JUMPI, JUMPDEST) run inline
// here with pc, sp and gas held in locals: they allocate nothing, and a handler call per such opcode
// costs more than the opcode itself (docs/evm.md). Everything else goes through
// the handler table, with the locals written back to the frame around the call.
// Tracing (src/evm/tracing) hooks in at three points: before each opcode when the Evm has a step tracer
// (one predictable branch per opcode when it has none), at the end of the frame, and at an exceptional halt.
import { type Frame, NO_CHILD } from "./frame.js";
import { EvmHalt, INVALID_JUMP, OUT_OF_GAS, STACK_OVERFLOW, STACK_UNDERFLOW } from "./halt.js";
import type { OpcodeTable } from "./opcodes.js";

/**
 * The opcode bytes the loop tests by name (the full table is opcodes.ts). An enum declared in this file
 * (not imported): esbuild replaces each member with its literal, so the hot loop compares with immediates.
 */
enum Op {
  POP = 0x50,
  JUMP = 0x56,
  JUMPI = 0x57,
  JUMPDEST = 0x5b,
  /** PUSHn is PUSH0 + n and carries n immediate bytes. */
  PUSH0 = 0x5f,
  PUSH1 = 0x60,
  PUSH32 = 0x7f,
  /** DUPn is DUP1 + n - 1: it copies the n-th stack item (1 = top). */
  DUP1 = 0x80,
  DUP16 = 0x8f,
  /** SWAPn is SWAP1 + n - 1: it swaps the top with the (n+1)-th item. */
  SWAP1 = 0x90,
  SWAP16 = 0x9f,
}

/**
 * Runs the frame until it ends or opens a child frame (CALL/CREATE families: `f.childKind` is then set,
 * and Evm's frame loop calls runFrame again once the child has finished). Returns the exceptional halt,
 * or undefined on STOP/RETURN/REVERT/SELFDESTRUCT, the end of the code, or a suspension.
 */
export function runFrame(f: Frame, table: OpcodeTable): EvmHalt | undefined {
  const code = f.code;
  const length = code.length;
  const stack = f.stack;
  const pushValues = f.pushValues;
  const jumpdests = f.jumpdests;
  const { handlers, staticGas, minStack, maxStack } = table;
  const stepTracer = f.host.stepTracer;
  let pc = f.pc;
  let sp = f.sp;
  let gas = f.gas;
  try {
    while (pc < length) {
      const op = code[pc]!;
      if (stepTracer !== undefined) stepTracer.step(f, pc, op, gas, sp);
      if (sp < minStack[op]!) throw STACK_UNDERFLOW;
      if (sp > maxStack[op]!) throw STACK_OVERFLOW;
      if ((gas -= staticGas[op]!) < 0) throw OUT_OF_GAS;
      pc++;
      if (op >= Op.PUSH1) {
        if (op <= Op.PUSH32) {
          // PUSH1..PUSH32: the value was decoded once by code analysis.
          stack[sp++] = pushValues[pc - 1]!;
          pc += op - Op.PUSH0;
          continue;
        }
        if (op <= Op.DUP16) {
          stack[sp] = stack[sp - 1 - (op - Op.DUP1)]!;
          sp++;
          continue;
        }
        if (op <= Op.SWAP16) {
          const other = sp - 2 - (op - Op.SWAP1);
          const top = stack[sp - 1]!;
          stack[sp - 1] = stack[other]!;
          stack[other] = top;
          continue;
        }
      } else if (op === Op.JUMPDEST) {
        continue;
      } else if (op === Op.POP) {
        sp--;
        continue;
      } else if (op === Op.JUMP) {
        const dest = stack[--sp]!;
        if (dest > 0xffffffffn || jumpdests[Number(dest)] !== 1) throw INVALID_JUMP;
        pc = Number(dest);
        continue;
      } else if (op === Op.JUMPI) {
        sp -= 2;
        if (stack[sp] !== 0n) {
          const dest = stack[sp + 1]!;
          if (dest > 0xffffffffn || jumpdests[Number(dest)] !== 1) throw INVALID_JUMP;
          pc = Number(dest);
        }
        continue;
      }
      f.pc = pc;
      f.sp = sp;
      f.gas = gas;
      handlers[op]!(f);
      pc = f.pc;
      sp = f.sp;
      gas = f.gas;
      if (f.stopped) break;
    }
  } catch (e) {
    if (e instanceof EvmHalt) {
      f.host.tracer?.fault(f, e, pc, gas, sp);
      return e;
    }
    throw e;
  }
  f.pc = pc;
  f.sp = sp;
  f.gas = gas;
  if (stepTracer !== undefined && f.childKind === NO_CHILD) stepTracer.end(f);
  return undefined;
}
