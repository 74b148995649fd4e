// Activation's rewriting pass: decodes every function body instruction by instruction, rejects any
// instruction outside the accepted set (binary/opcodes.ts), and emits an instrumented module that
//  - charges ink per basic block: at the start of each block it subtracts the block's total cost from
//    the exported i64 global `stylus_ink_left`, and traps with `stylus_ink_status = 1` when the ink left
//    is below it (a block ends at every branch, branch target, if/else/end and call);
//  - charges memory.copy and memory.fill per byte before they run (an added internal function);
//  - calls vm_hooks.pay_for_memory_grow(pages) before every memory.grow, as Stylus does;
//  - limits stack depth: each function subtracts its frame size (parameters + locals + maximum operand
//    stack height + a fixed overhead, in slots) from `stylus_stack_left` on entry and traps with status 2
//    when that would go below zero, and adds it back on every exit. To have one exit, the body is wrapped
//    in a block and each `return` becomes a branch out of that block;
//  - caps the memory's maximum at the page limit;
//  - adds an exported `stylus_reset` function that sets every mutable global back to its initial value,
//    so the runner can reuse an instance (see runner.ts) after restoring its memory.
// Instruction bytes are copied verbatim, and functions and globals are only appended, so no index in the
// original module changes. The result is deterministic: a pure function of the original bytes.

import {
  type FuncType,
  type FunctionBody,
  functionType,
  I32,
  I64,
  type WasmModule,
} from "./binary/module.js";
import {
  BR_TABLE_TARGET_INK,
  BULK_MEMORY_INK_PER_BYTE,
  CALL_INDIRECT_PARAM_INK,
  Effect,
  Imm,
  MEMORY_COPY,
  MEMORY_FILL,
  OPCODES,
  type OpInfo,
  rejectedOpcodeName,
} from "./binary/opcodes.js";
import { ByteReader } from "./binary/reader.js";
import { ByteWriter } from "./binary/writer.js";
import { reject } from "./errors.js";
import {
  INK_LEFT_EXPORT,
  INK_STATUS_EXPORT,
  STACK_LEFT_EXPORT,
  STATUS_OUT_OF_INK,
  STATUS_OUT_OF_STACK,
} from "./host-abi.js";
import { WASM_PARAMS } from "./params.js";
import type { HostImports } from "./validate.js";

export interface Instrumented {
  /** The instrumented module's bytes. */
  bytes: Uint8Array;
  /** Pages of memory an instance starts with. */
  initialPages: number;
  /** Largest frame size of any function, in stack slots. */
  maxFrameSlots: number;
}

/** Name of the added export that resets the module's mutable globals. */
export const RESET_EXPORT = "stylus_reset";

/** Indices of what the instrumentation adds. */
interface Added {
  ink: number;
  status: number;
  stack: number;
  scratch: number;
  chargeBytes: number;
  payForGrow: number | undefined;
  memoryFixed: boolean;
}

enum Action {
  Copy = 0,
  Return = 1,
  Grow = 2,
  Bulk = 3,
}

// Opcodes of the sequences the instrumentation emits.
const OP_IF = 0x04;
const OP_END = 0x0b;
const OP_BR = 0x0c;
const OP_CALL = 0x10;
const OP_UNREACHABLE = 0x00;
const OP_LOCAL_GET = 0x20;
const OP_LOCAL_SET = 0x21;
const OP_GLOBAL_GET = 0x23;
const OP_GLOBAL_SET = 0x24;
const OP_I32_CONST = 0x41;
const OP_I64_CONST = 0x42;
const OP_I32_LT_U = 0x49;
const OP_I64_LT_U = 0x54;
const OP_I32_ADD = 0x6a;
const OP_I32_SUB = 0x6b;
const OP_I64_SUB = 0x7d;
const OP_I64_MUL = 0x7e;
const OP_I64_EXTEND_I32_U = 0xad;
const BLOCK_EMPTY = 0x40;

/** `if (ink < cost) trap(out of ink); ink -= cost` with cost a constant. */
function emitCharge(w: ByteWriter, a: Added, cost: number): void {
  const c = BigInt(cost);
  w.u8(OP_GLOBAL_GET).u32(a.ink).u8(OP_I64_CONST).s64(c).u8(OP_I64_LT_U);
  emitTrapIf(w, a, STATUS_OUT_OF_INK);
  w.u8(OP_GLOBAL_GET).u32(a.ink).u8(OP_I64_CONST).s64(c).u8(OP_I64_SUB).u8(OP_GLOBAL_SET).u32(a.ink);
}

/** Consumes an i32 condition: when non-zero, sets the status global and traps. */
function emitTrapIf(w: ByteWriter, a: Added, status: number): void {
  w.u8(OP_IF).u8(BLOCK_EMPTY);
  w.u8(OP_I32_CONST).s32(status).u8(OP_GLOBAL_SET).u32(a.status).u8(OP_UNREACHABLE);
  w.u8(OP_END);
}

/** Duplicates the i32 on top of the stack through the scratch global. */
function emitDupI32(w: ByteWriter, a: Added): void {
  w.u8(OP_GLOBAL_SET).u32(a.scratch).u8(OP_GLOBAL_GET).u32(a.scratch).u8(OP_GLOBAL_GET).u32(a.scratch);
}

interface BlockType {
  params: number;
  results: number;
}

function blockType(r: ByteReader, m: WasmModule): BlockType {
  const at = r.pos;
  const bt = r.s33();
  if (bt === -64) return { params: 0, results: 0 }; // 0x40: empty
  if (bt === -1 || bt === -2) return { params: 0, results: 1 }; // 0x7f i32, 0x7e i64
  if (bt < 0) {
    const t = (bt + 128) & 0xff;
    if (t === 0x7d || t === 0x7c) reject("float", `a block at byte ${at} has a floating-point result`);
    reject("unsupported", `a block at byte ${at} has an unsupported result type`);
  }
  const t = m.types[bt];
  if (t === undefined) return r.fail(`unknown block type index ${bt}`, at);
  return { params: t.params.length, results: t.results.length };
}

interface Analysis {
  starts: number[];
  ends: number[];
  actions: Action[];
  /** For `return`: the branch depth to the wrapper block. */
  depths: number[];
  /** Cost of the basic block starting at each instruction (0 when none starts there). */
  blockCost: number[];
  maxHeight: number;
}

/** Pass 1: decode, check, and measure one function body. */
function analyze(
  m: WasmModule,
  body: FunctionBody,
  type: FuncType,
  funcIndex: number,
  hostImports: HostImports,
): Analysis {
  const code = body.code;
  const r: ByteReader = new ByteReader(code);
  const where = (at: number) => `function ${funcIndex}, byte ${body.offset + at} of the module`;
  const starts: number[] = [];
  const ends: number[] = [];
  const actions: Action[] = [];
  const depths: number[] = [];
  const blockCost: number[] = [];
  // Control frames: operand height at entry (below the block's parameters), parameter and result counts.
  const frameBase: number[] = [0];
  const frameParams: number[] = [0];
  const frameResults: number[] = [type.results.length];
  let height = 0;
  let maxHeight = 0;
  let blockStart = 0;
  let cost = 0;
  const nFuncs = m.imports.length + m.functions.length;
  const growAllowed = hostImports.has("pay_for_memory_grow");

  const pop = (n: number) => {
    const base = frameBase[frameBase.length - 1]!;
    height = Math.max(base, height - n);
  };
  const push = (n: number) => {
    height += n;
    if (height > maxHeight) maxHeight = height;
  };

  for (;;) {
    if (r.done) r.fail(`function ${funcIndex} ends without its final end`);
    const start = r.pos;
    const op = r.u8();
    let info: OpInfo | undefined = OPCODES[op];
    let action = Action.Copy;
    let extra = 0;
    if (op === 0xfc) {
      const sub = r.u32();
      if (sub === 10) {
        if (r.u8() !== 0 || r.u8() !== 0) reject("unsupported", `multiple memories at ${where(start)}`);
        info = MEMORY_COPY;
      } else if (sub === 11) {
        if (r.u8() !== 0) reject("unsupported", `multiple memories at ${where(start)}`);
        info = MEMORY_FILL;
      } else {
        const kind = rejectedOpcodeName(op, sub);
        reject(kind.startsWith("floating") ? "float" : "unsupported", `${kind} at ${where(start)}`);
      }
      action = Action.Bulk;
    }
    if (info === undefined) {
      const kind = rejectedOpcodeName(op);
      reject(kind.startsWith("floating") ? "float" : "unsupported", `${kind} at ${where(start)}`);
    }
    let bt: BlockType | undefined;
    let callType: FuncType | undefined;
    switch (info.imm) {
      case Imm.None:
        break;
      case Imm.BlockType:
        bt = blockType(r, m);
        break;
      case Imm.Label:
      case Imm.Local:
      case Imm.Global:
        r.u32();
        break;
      case Imm.BrTable: {
        const n = r.u32();
        for (let i = 0; i <= n; i++) r.u32();
        extra = BR_TABLE_TARGET_INK * n;
        break;
      }
      case Imm.Func: {
        const f = r.u32();
        callType = f < nFuncs ? functionType(m, f) : undefined;
        if (callType === undefined) r.fail(`call to unknown function ${f}`, start);
        break;
      }
      case Imm.CallIndirect: {
        const t = r.u32();
        const table = r.u32();
        if (table !== 0) reject("unsupported", `call_indirect through table ${table} at ${where(start)}`);
        const indirectType = m.types[t];
        if (indirectType === undefined) r.fail(`call_indirect with unknown type ${t}`, start);
        callType = indirectType;
        extra = CALL_INDIRECT_PARAM_INK * indirectType.params.length;
        break;
      }
      case Imm.MemArg: {
        const align = r.u32();
        if (align >= 64) reject("unsupported", `multiple memories at ${where(start)}`);
        r.u32();
        break;
      }
      case Imm.MemByte:
        if (r.u8() !== 0) reject("unsupported", `multiple memories at ${where(start)}`);
        break;
      case Imm.I32:
        r.skipSigned(32);
        break;
      case Imm.I64:
        r.skipSigned(64);
        break;
    }
    if (op === 0x40) {
      action = Action.Grow;
      if (!growAllowed && m.memory?.max !== m.memory?.min)
        reject(
          "memory-limit",
          `memory.grow at ${where(start)} needs the import vm_hooks.pay_for_memory_grow (growth is priced)`,
        );
    }
    if (op === 0x0f) action = Action.Return;

    // Stack effect.
    let functionEnd = false;
    switch (info.effect) {
      case Effect.Fixed:
        pop(info.pop);
        push(info.push);
        break;
      case Effect.If:
      case Effect.Block:
      case Effect.Loop:
        if (info.effect === Effect.If) pop(1);
        pop(bt!.params);
        frameBase.push(height);
        frameParams.push(bt!.params);
        frameResults.push(bt!.results);
        push(bt!.params);
        break;
      case Effect.Else:
        if (frameBase.length < 2) r.fail("else outside a block", start);
        height = frameBase[frameBase.length - 1]! + frameParams[frameParams.length - 1]!;
        break;
      case Effect.End: {
        const base = frameBase.pop()!;
        frameParams.pop();
        height = base;
        push(frameResults.pop()!);
        functionEnd = frameBase.length === 0;
        break;
      }
      case Effect.Jump:
        if (op === 0x0e) pop(1);
        height = frameBase[frameBase.length - 1]!;
        break;
      case Effect.BrIf:
        pop(1);
        break;
      case Effect.Call:
        pop(callType!.params.length);
        push(callType!.results.length);
        break;
      case Effect.CallIndirect:
        pop(1 + callType!.params.length);
        push(callType!.results.length);
        break;
    }

    starts.push(start);
    ends.push(r.pos);
    actions.push(action);
    depths.push(frameBase.length - 1);
    blockCost.push(0);
    cost += info.ink + extra;
    if (info.endsBlock) {
      blockCost[blockStart] = cost;
      blockStart = starts.length;
      cost = 0;
    }
    if (functionEnd) {
      if (!r.done) r.fail(`bytes after the end of function ${funcIndex}`);
      break;
    }
  }
  return { starts, ends, actions, depths, blockCost, maxHeight };
}

/** Pass 2: the instrumented body (locals, prologue, wrapped and metered code, epilogue). */
function emitBody(
  body: FunctionBody,
  type: FuncType,
  an: Analysis,
  a: Added,
  wrapperType: number | undefined,
): { bytes: Uint8Array; frameSlots: number } {
  const w = new ByteWriter();
  w.bytes(body.localDecls);
  // The two slots the injected sequences push on top of the function's own operands.
  const frameSlots = type.params.length + body.localCount + an.maxHeight + 2 + WASM_PARAMS.frameOverheadSlots;
  // Prologue: stack_left < size -> trap (out of stack); stack_left -= size.
  w.u8(OP_GLOBAL_GET).u32(a.stack).u8(OP_I32_CONST).s32(frameSlots).u8(OP_I32_LT_U);
  emitTrapIf(w, a, STATUS_OUT_OF_STACK);
  w.u8(OP_GLOBAL_GET)
    .u32(a.stack)
    .u8(OP_I32_CONST)
    .s32(frameSlots)
    .u8(OP_I32_SUB)
    .u8(OP_GLOBAL_SET)
    .u32(a.stack);
  // The wrapper block carries the function's results.
  w.u8(0x02);
  if (wrapperType !== undefined) w.s32(wrapperType);
  else if (type.results.length === 0) w.u8(BLOCK_EMPTY);
  else w.u8(type.results[0]!);

  const code = body.code;
  const last = an.starts.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = an.blockCost[i]!;
    if (c > 0) emitCharge(w, a, c);
    if (i === last) break; // the function's final end, emitted below
    const original = code.subarray(an.starts[i]!, an.ends[i]!);
    switch (an.actions[i]!) {
      case Action.Copy:
        w.bytes(original);
        break;
      case Action.Return:
        w.u8(OP_BR).u32(an.depths[i]!);
        break;
      case Action.Grow:
        if (a.payForGrow !== undefined) {
          emitDupI32(w, a);
          w.u8(OP_CALL).u32(a.payForGrow);
        }
        w.bytes(original);
        break;
      case Action.Bulk:
        emitDupI32(w, a);
        w.u8(OP_CALL).u32(a.chargeBytes);
        w.bytes(original);
        break;
    }
  }
  // End of the wrapper, then the epilogue: stack_left += size.
  w.u8(OP_END);
  w.u8(OP_GLOBAL_GET)
    .u32(a.stack)
    .u8(OP_I32_CONST)
    .s32(frameSlots)
    .u8(OP_I32_ADD)
    .u8(OP_GLOBAL_SET)
    .u32(a.stack);
  w.u8(OP_END);
  return { bytes: w.finish(), frameSlots };
}

/** The added function: (n: i32) charges n * BULK_MEMORY_INK_PER_BYTE ink, trapping when it cannot. */
function chargeBytesBody(a: Added): Uint8Array {
  const w = new ByteWriter();
  w.u8(1).u32(1).u8(I64); // one i64 local: the cost
  w.u8(OP_LOCAL_GET).u32(0).u8(OP_I64_EXTEND_I32_U).u8(OP_I64_CONST).s64(BigInt(BULK_MEMORY_INK_PER_BYTE));
  w.u8(OP_I64_MUL).u8(OP_LOCAL_SET).u32(1);
  w.u8(OP_GLOBAL_GET).u32(a.ink).u8(OP_LOCAL_GET).u32(1).u8(OP_I64_LT_U);
  emitTrapIf(w, a, STATUS_OUT_OF_INK);
  w.u8(OP_GLOBAL_GET).u32(a.ink).u8(OP_LOCAL_GET).u32(1).u8(OP_I64_SUB).u8(OP_GLOBAL_SET).u32(a.ink);
  w.u8(OP_END);
  return w.finish();
}

/** The added function that sets each mutable global of the original module to its initializer. */
function resetBody(m: WasmModule): Uint8Array {
  const w = new ByteWriter();
  w.u32(0);
  m.globals.forEach((g, i) => {
    if (!g.mutable) return;
    w.bytes(g.init.subarray(0, g.init.length - 1))
      .u8(OP_GLOBAL_SET)
      .u32(i);
  });
  w.u8(OP_END);
  return w.finish();
}

function writeType(w: ByteWriter, t: FuncType): void {
  w.u8(0x60).u32(t.params.length);
  for (const p of t.params) w.u8(p);
  w.u32(t.results.length);
  for (const p of t.results) w.u8(p);
}

/** Instruments a decoded, policy-checked module (see the file header). */
export function instrument(m: WasmModule, hostImports: HostImports): Instrumented {
  const types = m.types.slice();
  const typeKeys = new Map<string, number>();
  const typeIndex = (t: FuncType): number => {
    const key = `${t.params.join(",")}>${t.results.join(",")}`;
    let i = typeKeys.get(key);
    if (i === undefined) {
      i = types.findIndex((x) => `${x.params.join(",")}>${x.results.join(",")}` === key);
      if (i < 0) {
        i = types.length;
        types.push(t);
      }
      typeKeys.set(key, i);
    }
    return i;
  };
  const memory = m.memory!;
  const maxPages = Math.min(memory.max ?? WASM_PARAMS.pageLimit, WASM_PARAMS.pageLimit);
  const nGlobals = m.globals.length;
  const added: Added = {
    ink: nGlobals,
    status: nGlobals + 1,
    stack: nGlobals + 2,
    scratch: nGlobals + 3,
    chargeBytes: m.imports.length + m.functions.length,
    payForGrow: hostImports.get("pay_for_memory_grow"),
    memoryFixed: maxPages === memory.min,
  };

  const bodies: Uint8Array[] = [];
  let maxFrameSlots = 0;
  m.bodies.forEach((body, i) => {
    const funcIndex = m.imports.length + i;
    const type = m.types[m.functions[i]!];
    if (type === undefined) reject("malformed", `function ${funcIndex} has an unknown type`);
    const an = analyze(m, body, type, funcIndex, hostImports);
    const wrapperType =
      type.results.length > 1 ? typeIndex({ params: [], results: type.results }) : undefined;
    const { bytes, frameSlots } = emitBody(body, type, an, added, wrapperType);
    if (frameSlots > maxFrameSlots) maxFrameSlots = frameSlots;
    bodies.push(bytes);
  });
  const chargeBytesType = typeIndex({ params: [I32], results: [] });
  const resetType = typeIndex({ params: [], results: [] });

  const out = new ByteWriter();
  out.bytes(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
  // 1 type
  let s = new ByteWriter().u32(types.length);
  for (const t of types) writeType(s, t);
  out.section(1, s);
  // 2 import
  if (m.imports.length > 0) {
    s = new ByteWriter().u32(m.imports.length);
    for (const imp of m.imports) s.name(imp.module).name(imp.name).u8(0).u32(imp.typeIndex);
    out.section(2, s);
  }
  // 3 function
  s = new ByteWriter().u32(m.functions.length + 2);
  for (const f of m.functions) s.u32(f);
  s.u32(chargeBytesType).u32(resetType);
  out.section(3, s);
  // 4 table
  if (m.table !== undefined) out.section(4, new ByteWriter().bytes(m.table));
  // 5 memory, its maximum capped
  out.section(5, new ByteWriter().u32(1).u8(0x01).u32(memory.min).u32(maxPages));
  // 6 global: the module's, then ink, status, stack, scratch
  s = new ByteWriter().u32(nGlobals + 4);
  for (const g of m.globals)
    s.u8(g.type)
      .u8(g.mutable ? 1 : 0)
      .bytes(g.init);
  s.u8(I64).u8(1).u8(OP_I64_CONST).s64(0n).u8(OP_END);
  for (let i = 0; i < 3; i++) s.u8(I32).u8(1).u8(OP_I32_CONST).s32(0).u8(OP_END);
  out.section(6, s);
  // 7 export: the module's, then the three globals the host reads and writes
  s = new ByteWriter().u32(m.exports.length + 4);
  for (const e of m.exports) s.name(e.name).u8(e.kind).u32(e.index);
  s.name(INK_LEFT_EXPORT).u8(3).u32(added.ink);
  s.name(INK_STATUS_EXPORT).u8(3).u32(added.status);
  s.name(STACK_LEFT_EXPORT).u8(3).u32(added.stack);
  s.name(RESET_EXPORT)
    .u8(0)
    .u32(added.chargeBytes + 1);
  out.section(7, s);
  // 9 element, 12 data count
  if (m.element !== undefined) out.section(9, new ByteWriter().bytes(m.element));
  if (m.dataCount !== undefined) out.section(12, new ByteWriter().bytes(m.dataCount));
  // 10 code
  s = new ByteWriter().u32(bodies.length + 2);
  for (const b of bodies) s.u32(b.length).bytes(b);
  const helper = chargeBytesBody(added);
  s.u32(helper.length).bytes(helper);
  const reset = resetBody(m);
  s.u32(reset.length).bytes(reset);
  out.section(10, s);
  // 11 data
  if (m.data !== undefined) out.section(11, new ByteWriter().bytes(m.data));

  return { bytes: out.finish(), initialPages: memory.min, maxFrameSlots };
}
