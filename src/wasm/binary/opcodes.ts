// The WebAssembly instructions a Lanes contract may use, as one table: name, immediate kind, stack effect
// and ink price per opcode. The accepted set is the integer core of WebAssembly 1.0 plus sign extension,
// multi-value blocks and the two bulk-memory instructions memory.copy and memory.fill. Anything else
// (floating point, SIMD, atomics, reference types, table instructions, tail calls, exceptions, passive
// data segments) is rejected at activation, so what a contract computes never depends on the host's
// floating-point behaviour or on which WebAssembly proposals the host's V8 happens to enable.
//
// Ink prices follow Arbitrum Stylus's first pricing table (1 gas = 10,000 ink), so a Stylus-compiled
// module costs about what it costs there. Costs of br_table and call_indirect depend on their operands
// and are computed by the metering pass; memory.copy and memory.fill also pay per byte at run time.

export enum Imm {
  None = 0,
  BlockType = 1,
  Label = 2,
  BrTable = 3,
  Func = 4,
  CallIndirect = 5,
  Local = 6,
  Global = 7,
  MemArg = 8,
  /** One reserved zero byte (the memory index of memory.size and memory.grow). */
  MemByte = 9,
  I32 = 10,
  I64 = 11,
}

/** How an instruction moves the operand stack, when it is not simply `pop` values in, `push` out. */
export enum Effect {
  Fixed = 0,
  Block = 1,
  Loop = 2,
  If = 3,
  Else = 4,
  End = 5,
  /** br, br_table, return, unreachable: what follows is unreachable until the enclosing end/else. */
  Jump = 6,
  BrIf = 7,
  Call = 8,
  CallIndirect = 9,
}

export interface OpInfo {
  readonly name: string;
  readonly imm: Imm;
  readonly effect: Effect;
  readonly pop: number;
  readonly push: number;
  /** Ink charged each time the instruction runs (br_table and call_indirect add an operand-based part). */
  readonly ink: number;
  /** Ends a basic block: the metering pass charges the next instructions separately. */
  readonly endsBlock: boolean;
}

/** Ink per byte that memory.copy and memory.fill move, charged before they run. */
export const BULK_MEMORY_INK_PER_BYTE = 100;
/** br_table: a base plus a price per target. */
export const BR_TABLE_INK = 2400;
export const BR_TABLE_TARGET_INK = 325;
/** call_indirect: a base plus a price per parameter. */
export const CALL_INDIRECT_INK = 13610;
export const CALL_INDIRECT_PARAM_INK = 650;

const table: (OpInfo | undefined)[] = new Array(256).fill(undefined);

function def(
  code: number,
  name: string,
  ink: number,
  pop: number,
  push: number,
  imm: Imm = Imm.None,
  effect: Effect = Effect.Fixed,
): void {
  const endsBlock = effect !== Effect.Fixed && effect !== Effect.Block;
  table[code] = { name, imm, effect, pop, push, ink, endsBlock };
}

// Control. `block` does not end a basic block (nothing jumps to its start); `loop` does (its start is a
// branch target), and so do if/else/end, every branch and every call.
def(0x00, "unreachable", 1, 0, 0, Imm.None, Effect.Jump);
def(0x01, "nop", 1, 0, 0);
def(0x02, "block", 1, 0, 0, Imm.BlockType, Effect.Block);
def(0x03, "loop", 1, 0, 0, Imm.BlockType, Effect.Loop);
def(0x04, "if", 765, 1, 0, Imm.BlockType, Effect.If);
def(0x05, "else", 1, 0, 0, Imm.None, Effect.Else);
def(0x0b, "end", 1, 0, 0, Imm.None, Effect.End);
def(0x0c, "br", 765, 0, 0, Imm.Label, Effect.Jump);
def(0x0d, "br_if", 765, 1, 0, Imm.Label, Effect.BrIf);
def(0x0e, "br_table", BR_TABLE_INK, 1, 0, Imm.BrTable, Effect.Jump);
def(0x0f, "return", 1, 0, 0, Imm.None, Effect.Jump);
def(0x10, "call", 3800, 0, 0, Imm.Func, Effect.Call);
def(0x11, "call_indirect", CALL_INDIRECT_INK, 1, 0, Imm.CallIndirect, Effect.CallIndirect);

// Parametric and variables.
def(0x1a, "drop", 9, 1, 0);
def(0x1b, "select", 1250, 3, 1);
def(0x20, "local.get", 75, 0, 1, Imm.Local);
def(0x21, "local.set", 210, 1, 0, Imm.Local);
def(0x22, "local.tee", 75, 1, 1, Imm.Local);
def(0x23, "global.get", 225, 0, 1, Imm.Global);
def(0x24, "global.set", 575, 1, 0, Imm.Global);

// Memory.
for (const [code, name] of [
  [0x28, "i32.load"],
  [0x2c, "i32.load8_s"],
  [0x2d, "i32.load8_u"],
  [0x2e, "i32.load16_s"],
  [0x2f, "i32.load16_u"],
] as const)
  def(code, name, 670, 1, 1, Imm.MemArg);
for (const [code, name] of [
  [0x29, "i64.load"],
  [0x30, "i64.load8_s"],
  [0x31, "i64.load8_u"],
  [0x32, "i64.load16_s"],
  [0x33, "i64.load16_u"],
  [0x34, "i64.load32_s"],
  [0x35, "i64.load32_u"],
] as const)
  def(code, name, 680, 1, 1, Imm.MemArg);
for (const [code, name] of [
  [0x36, "i32.store"],
  [0x3a, "i32.store8"],
  [0x3b, "i32.store16"],
] as const)
  def(code, name, 825, 2, 0, Imm.MemArg);
for (const [code, name] of [
  [0x37, "i64.store"],
  [0x3c, "i64.store8"],
  [0x3d, "i64.store16"],
  [0x3e, "i64.store32"],
] as const)
  def(code, name, 950, 2, 0, Imm.MemArg);
def(0x3f, "memory.size", 3000, 0, 1, Imm.MemByte);
def(0x40, "memory.grow", 8050, 1, 1, Imm.MemByte);

// Constants.
def(0x41, "i32.const", 1, 0, 1, Imm.I32);
def(0x42, "i64.const", 1, 0, 1, Imm.I64);

// i32 and i64 comparisons.
def(0x45, "i32.eqz", 170, 1, 1);
const I32_CMP = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
for (const [i, n] of I32_CMP.entries()) def(0x46 + i, `i32.${n}`, 170, 2, 1);
def(0x50, "i64.eqz", 225, 1, 1);
for (const [i, n] of I32_CMP.entries()) def(0x51 + i, `i64.${n}`, 225, 2, 1);

// i32 arithmetic.
def(0x67, "i32.clz", 210, 1, 1);
def(0x68, "i32.ctz", 210, 1, 1);
def(0x69, "i32.popcnt", 2650, 1, 1);
const BINARY = [
  "add",
  "sub",
  "mul",
  "div_s",
  "div_u",
  "rem_s",
  "rem_u",
  "and",
  "or",
  "xor",
  "shl",
  "shr_s",
  "shr_u",
  "rotl",
  "rotr",
];
const I32_BINARY_INK = [70, 70, 160, 1120, 1120, 1120, 1120, 70, 70, 70, 70, 70, 70, 70, 70];
const I64_BINARY_INK = [100, 100, 160, 1270, 1270, 1270, 1270, 100, 100, 100, 100, 100, 100, 100, 100];
for (const [i, n] of BINARY.entries()) def(0x6a + i, `i32.${n}`, I32_BINARY_INK[i]!, 2, 1);
def(0x79, "i64.clz", 210, 1, 1);
def(0x7a, "i64.ctz", 210, 1, 1);
def(0x7b, "i64.popcnt", 6000, 1, 1);
for (const [i, n] of BINARY.entries()) def(0x7c + i, `i64.${n}`, I64_BINARY_INK[i]!, 2, 1);

// Integer conversions and sign extension.
def(0xa7, "i32.wrap_i64", 100, 1, 1);
def(0xac, "i64.extend_i32_s", 100, 1, 1);
def(0xad, "i64.extend_i32_u", 100, 1, 1);
def(0xc0, "i32.extend8_s", 100, 1, 1);
def(0xc1, "i32.extend16_s", 100, 1, 1);
def(0xc2, "i64.extend8_s", 100, 1, 1);
def(0xc3, "i64.extend16_s", 100, 1, 1);
def(0xc4, "i64.extend32_s", 100, 1, 1);

export const OPCODES: readonly (OpInfo | undefined)[] = table;

/** The 0xFC-prefixed instructions that are accepted: memory.copy (10) and memory.fill (11). */
export const MEMORY_COPY: OpInfo = {
  name: "memory.copy",
  imm: Imm.None,
  effect: Effect.Fixed,
  pop: 3,
  push: 0,
  ink: 950,
  endsBlock: false,
};
export const MEMORY_FILL: OpInfo = { ...MEMORY_COPY, name: "memory.fill" };

/** Whether a single-byte opcode is a floating-point instruction (named in the rejection message). */
export function isFloatOpcode(op: number): boolean {
  return (
    (op >= 0x2a && op <= 0x2b) || // f32.load f64.load
    (op >= 0x38 && op <= 0x39) || // f32.store f64.store
    (op >= 0x43 && op <= 0x44) || // f32.const f64.const
    (op >= 0x5b && op <= 0x66) || // float comparisons
    (op >= 0x8b && op <= 0xa6) || // float arithmetic
    (op >= 0xa8 && op <= 0xab) || // i32.trunc_f*
    (op >= 0xae && op <= 0xbf) // i64.trunc_f*, conversions, promotions, reinterpretations
  );
}

/** Names of rejected instruction groups, for messages. */
export function rejectedOpcodeName(op: number, sub?: number): string {
  if (isFloatOpcode(op)) return "floating-point instruction";
  switch (op) {
    case 0x06:
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x0a:
    case 0x18:
    case 0x19:
    case 0x1f:
      return "exception-handling instruction";
    case 0x12:
    case 0x13:
      return "tail call";
    case 0x14:
    case 0x15:
      return "typed function reference instruction";
    case 0x1c:
      return "typed select";
    case 0x25:
    case 0x26:
      return "table instruction";
    case 0xd0:
    case 0xd1:
    case 0xd2:
      return "reference-type instruction";
    case 0xfb:
      return "GC instruction";
    case 0xfc:
      if (sub !== undefined && sub <= 7) return "floating-point instruction (saturating truncation)";
      if (sub === 8 || sub === 9) return "passive data segment instruction (memory.init/data.drop)";
      return "table instruction";
    case 0xfd:
      return "SIMD instruction";
    case 0xfe:
      return "atomic (threads) instruction";
    default:
      return `unknown opcode 0x${op.toString(16).padStart(2, "0")}`;
  }
}
