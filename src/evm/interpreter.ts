// The dispatch loop: fetch, stack bounds and static gas from the opcode table, then execute.
// Stack-shuffling and control-flow opcodes (PUSH, DUP, SWAP, POP, JUMP, JUMPI, JUMPDEST) and the
// stack-only arithmetic, comparison and bitwise opcodes that every fork defines (ADD..SAR except
// SIGNEXTEND's and EXP's relatives that charge dynamic gas) run inline here with pc, sp and gas held in
// locals: a handler call per such opcode costs as much as the opcode itself (docs/evm.md). Their
// semantics are those of the handlers in instructions/ (which the table still holds, e.g. for tests);
// the two must stay identical. Everything else goes through the handler table, with the locals written
// back to the frame around the call.
// Tracing (src/evm/tracing) hooks in at three points: before each opcode when the Evm has a step tracer
// (one predictable branch per opcode when it has none), at the end of the frame, and at an exceptional halt.
import { type Frame, NO_CHILD } from "./frame.js";
import { EvmHalt, INVALID_JUMP, OUT_OF_GAS, STACK_OVERFLOW, STACK_UNDERFLOW } from "./halt.js";
import { MAX_U256, SIGN_BIT, TWO_256 } from "./instructions/words.js";
import type { OpcodeTable } from "./opcodes.js";
import { loadWord, storeWord } from "./word-bytes.js";

/**
 * The opcode bytes the loop tests by name (the full table is opcodes.ts). An enum declared in this file
 * (not imported): esbuild replaces each member with its literal, so the hot loop compares with immediates.
 */
enum Op {
  ADD = 0x01,
  MUL = 0x02,
  SUB = 0x03,
  DIV = 0x04,
  MOD = 0x06,
  LT = 0x10,
  GT = 0x11,
  SLT = 0x12,
  SGT = 0x13,
  EQ = 0x14,
  ISZERO = 0x15,
  AND = 0x16,
  OR = 0x17,
  XOR = 0x18,
  NOT = 0x19,
  SHL = 0x1b,
  SHR = 0x1c,
  MLOAD = 0x51,
  MSTORE = 0x52,
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
  const memory = f.memory;
  const { handlers, staticGas, minStack, maxStack, shifts } = table;
  const stepTracer = f.host.stepTracer;
  const max = MAX_U256;
  const two256 = TWO_256;
  const signBit = SIGN_BIT;
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
      } else {
        switch (op) {
          case Op.ADD: {
            const r = stack[--sp]! + stack[sp - 1]!;
            stack[sp - 1] = r > max ? r - two256 : r;
            continue;
          }
          case Op.MUL:
            sp--;
            stack[sp - 1] = (stack[sp]! * stack[sp - 1]!) & max;
            continue;
          case Op.SUB: {
            const r = stack[--sp]! - stack[sp - 1]!;
            stack[sp - 1] = r < 0n ? r + two256 : r;
            continue;
          }
          case Op.DIV: {
            const a = stack[--sp]!;
            const b = stack[sp - 1]!;
            // A smaller dividend (often a small one) needs no division.
            stack[sp - 1] = a < b || b === 0n ? 0n : a / b;
            continue;
          }
          case Op.MOD: {
            const a = stack[--sp]!;
            const b = stack[sp - 1]!;
            stack[sp - 1] = b === 0n ? 0n : a < b ? a : a % b;
            continue;
          }
          case Op.LT:
            sp--;
            stack[sp - 1] = stack[sp]! < stack[sp - 1]! ? 1n : 0n;
            continue;
          case Op.GT:
            sp--;
            stack[sp - 1] = stack[sp]! > stack[sp - 1]! ? 1n : 0n;
            continue;
          case Op.SLT: {
            // Signed order without converting: a negative word (sign bit set) is below any other
            // word; two words of the same sign compare as unsigned.
            const a = stack[--sp]!;
            const b = stack[sp - 1]!;
            const aNeg = a >= signBit;
            stack[sp - 1] = (aNeg === b >= signBit ? a < b : aNeg) ? 1n : 0n;
            continue;
          }
          case Op.SGT: {
            const a = stack[--sp]!;
            const b = stack[sp - 1]!;
            const bNeg = b >= signBit;
            stack[sp - 1] = (bNeg === a >= signBit ? a > b : bNeg) ? 1n : 0n;
            continue;
          }
          case Op.EQ:
            sp--;
            stack[sp - 1] = stack[sp] === stack[sp - 1] ? 1n : 0n;
            continue;
          case Op.ISZERO:
            stack[sp - 1] = stack[sp - 1] === 0n ? 1n : 0n;
            continue;
          case Op.AND:
            sp--;
            stack[sp - 1] = stack[sp]! & stack[sp - 1]!;
            continue;
          case Op.OR:
            sp--;
            stack[sp - 1] = stack[sp]! | stack[sp - 1]!;
            continue;
          case Op.XOR:
            sp--;
            stack[sp - 1] = stack[sp]! ^ stack[sp - 1]!;
            continue;
          case Op.NOT:
            stack[sp - 1] = max ^ stack[sp - 1]!;
            continue;
          case Op.SHL: {
            if (!shifts) break; // before Constantinople: an undefined opcode (the table's handler)
            const shift = stack[--sp]!;
            stack[sp - 1] = shift < 256n ? (stack[sp - 1]! << shift) & max : 0n;
            continue;
          }
          case Op.SHR: {
            if (!shifts) break;
            const shift = stack[--sp]!;
            stack[sp - 1] = shift < 256n ? stack[sp - 1]! >> shift : 0n;
            continue;
          }
          case Op.MLOAD: {
            // Within the memory already paid for: no expansion, no gas beyond the static cost.
            // Otherwise (expansion, a huge offset) the handler charges and grows.
            const offset = stack[sp - 1]!;
            if (offset <= 0xffffffffn) {
              const o = Number(offset);
              if (o + 32 <= memory.size) {
                stack[sp - 1] = loadWord(memory.view, o);
                continue;
              }
            }
            break;
          }
          case Op.MSTORE: {
            const offset = stack[sp - 1]!;
            if (offset <= 0xffffffffn) {
              const o = Number(offset);
              if (o + 32 <= memory.size) {
                sp -= 2;
                storeWord(memory.view, o, stack[sp]!);
                continue;
              }
            }
            break;
          }
          case Op.JUMPDEST:
            continue;
          case Op.POP:
            sp--;
            continue;
          case Op.JUMP: {
            const dest = stack[--sp]!;
            if (dest > 0xffffffffn || jumpdests[Number(dest)] !== 1) throw INVALID_JUMP;
            pc = Number(dest);
            continue;
          }
          case Op.JUMPI:
            sp -= 2;
            if (stack[sp] !== 0n) {
              const dest = stack[sp + 1]!;
              if (dest > 0xffffffffn || jumpdests[Number(dest)] !== 1) throw INVALID_JUMP;
              pc = Number(dest);
            }
            continue;
        }
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
