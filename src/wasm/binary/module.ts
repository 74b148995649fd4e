// Decodes a WebAssembly module into the parts activation checks and rewrites: types, imports, function
// signatures, memory, globals, exports, start, and the function bodies (as byte ranges; instructions are
// decoded by the instrumenter). Sections activation does not touch (table, element, data count, data) are
// kept as raw payloads and written back unchanged; custom sections are dropped.
//
// Structure only: the WebAssembly type rules are checked by V8 when the module is compiled. Policy (which
// imports, which types, which limits) is applied here where the structure carries it, by throwing a
// WasmActivationError; malformed bytes throw WasmDecodeError, which activation reports as "malformed".
import { reject } from "../errors.js";
import { WASM_PARAMS } from "../params.js";
import { ByteReader } from "./reader.js";

export const I32 = 0x7f;
export const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;
const V128 = 0x7b;
const FUNCREF = 0x70;

export interface FuncType {
  params: number[];
  results: number[];
}

export interface FunctionImport {
  module: string;
  name: string;
  typeIndex: number;
}

export interface Global {
  type: number;
  mutable: boolean;
  /** The constant initializer's bytes, including its final `end`. */
  init: Uint8Array;
}

export interface Export {
  name: string;
  kind: number;
  index: number;
}

export interface FunctionBody {
  /** The local declarations, as encoded (count/type pairs). */
  localDecls: Uint8Array;
  /** Number of locals declared (parameters not included). */
  localCount: number;
  /** The instruction bytes, ending with the function's final `end`. */
  code: Uint8Array;
  /** Where `code` starts in the module, for messages. */
  offset: number;
}

/** An active data segment: bytes copied to a constant offset of memory 0 at instantiation. */
export interface DataSegment {
  offset: number;
  bytes: Uint8Array;
}

export interface MemoryLimits {
  min: number;
  max: number | undefined;
}

export interface WasmModule {
  types: FuncType[];
  imports: FunctionImport[];
  /** Type index of each function defined in the module (imports not included). */
  functions: number[];
  table: Uint8Array | undefined;
  memory: MemoryLimits | undefined;
  globals: Global[];
  exports: Export[];
  start: number | undefined;
  element: Uint8Array | undefined;
  dataCount: Uint8Array | undefined;
  data: Uint8Array | undefined;
  /** The active data segments (passive ones are only usable by memory.init, which is rejected). */
  dataSegments: DataSegment[];
  bodies: FunctionBody[];
}

export enum ExternKind {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
}

const SECTION_NAMES = [
  "custom",
  "type",
  "import",
  "function",
  "table",
  "memory",
  "global",
  "export",
  "start",
  "element",
  "code",
  "data",
  "data count",
];
/** Position of each section id in the required order (data count sits between element and code). */
const SECTION_RANK = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

export function valueTypeName(t: number): string {
  switch (t) {
    case I32:
      return "i32";
    case I64:
      return "i64";
    case F32:
      return "f32";
    case F64:
      return "f64";
    case V128:
      return "v128";
    case FUNCREF:
      return "funcref";
    case 0x6f:
      return "externref";
    default:
      return `0x${t.toString(16)}`;
  }
}

/** Reads a value type allowed in a signature, local or global: i32 or i64 only. */
function valueType(r: ByteReader, where: string): number {
  const at = r.pos;
  const t = r.u8();
  if (t === I32 || t === I64) return t;
  if (t === F32 || t === F64)
    reject("float", `${where} has floating-point type ${valueTypeName(t)} (byte ${at})`);
  if (t === V128) reject("unsupported", `${where} has SIMD type v128 (byte ${at})`);
  if (t === FUNCREF || t === 0x6f || t === 0x64 || t === 0x63)
    reject("unsupported", `${where} has reference type ${valueTypeName(t)} (byte ${at})`);
  return r.fail(`invalid value type 0x${t.toString(16)}`, at);
}

function limits(r: ByteReader, what: string): MemoryLimits {
  const at = r.pos;
  const flags = r.u8();
  if (flags === 0x00) return { min: r.u32(), max: undefined };
  if (flags === 0x01) {
    const min = r.u32();
    return { min, max: r.u32() };
  }
  if (flags === 0x02 || flags === 0x03) reject("memory-limit", `shared ${what} (threads) is not supported`);
  if (flags >= 0x04 && flags <= 0x07) reject("memory-limit", `64-bit ${what} (memory64) is not supported`);
  return r.fail(`invalid ${what} limits flags 0x${flags.toString(16)}`, at);
}

function constExpr(r: ByteReader, type: number, where: string): Uint8Array {
  const start = r.pos;
  const op = r.u8();
  if (op === 0x41 && type === I32) r.skipSigned(32);
  else if (op === 0x42 && type === I64) r.skipSigned(64);
  else if (op === 0x43 || op === 0x44) reject("float", `${where} has a floating-point initializer`);
  else if (op === 0x23) reject("unknown-import", `${where} is initialized from an imported global`);
  else reject("unsupported", `${where} has an unsupported initializer (opcode 0x${op.toString(16)})`);
  if (r.u8() !== 0x0b) reject("unsupported", `${where} has an extended constant initializer`);
  return r.bytes.subarray(start, r.pos);
}

function typeSection(r: ByteReader, m: WasmModule): void {
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const form = r.u8();
    if (form !== 0x60) {
      if (form === 0x4e || form === 0x4f || form === 0x50 || form === 0x5e || form === 0x5f)
        reject("unsupported", `type ${i} is a GC type`);
      r.fail(`invalid function type form 0x${form.toString(16)}`, at);
    }
    const params: number[] = [];
    const np = r.u32();
    for (let j = 0; j < np; j++) params.push(valueType(r, `type ${i}`));
    const results: number[] = [];
    const nr = r.u32();
    for (let j = 0; j < nr; j++) results.push(valueType(r, `type ${i}`));
    m.types.push({ params, results });
  }
}

function importSection(r: ByteReader, m: WasmModule): void {
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const name = r.name();
    const kind = r.u8();
    const what = `import "${module}"."${name}"`;
    if (kind !== ExternKind.Func) {
      const kinds = ["function", "table", "memory", "global", "tag"];
      reject(
        "unknown-import",
        `${what} imports a ${kinds[kind] ?? `kind ${kind}`}; only vm_hooks functions may be imported`,
      );
    }
    const typeIndex = r.u32();
    m.imports.push({ module, name, typeIndex });
  }
}

function functionSection(r: ByteReader, m: WasmModule): void {
  const count = r.u32();
  if (count > WASM_PARAMS.maxFunctions)
    reject("limits", `${count} functions (limit ${WASM_PARAMS.maxFunctions})`);
  for (let i = 0; i < count; i++) m.functions.push(r.u32());
}

function tableSection(r: ByteReader, m: WasmModule, payload: Uint8Array): void {
  const count = r.u32();
  if (count > 1) reject("unsupported", `${count} tables (at most one)`);
  for (let i = 0; i < count; i++) {
    const t = r.u8();
    if (t !== FUNCREF) reject("unsupported", `table of ${valueTypeName(t)}`);
    const { min } = limits(r, "table");
    if (min > WASM_PARAMS.maxTableEntries)
      reject("limits", `table of ${min} entries (limit ${WASM_PARAMS.maxTableEntries})`);
  }
  m.table = payload;
}

function memorySection(r: ByteReader, m: WasmModule): void {
  const count = r.u32();
  if (count > 1) reject("memory-limit", `${count} memories (at most one)`);
  if (count === 1) {
    const mem = limits(r, "memory");
    if (mem.min > WASM_PARAMS.pageLimit)
      reject(
        "memory-limit",
        `initial memory of ${mem.min} pages exceeds the limit of ${WASM_PARAMS.pageLimit} pages (${WASM_PARAMS.pageLimit * 64} KiB)`,
      );
    if (mem.max !== undefined && mem.max < mem.min) r.fail("memory maximum below its minimum");
    m.memory = mem;
  }
}

function globalSection(r: ByteReader, m: WasmModule): void {
  const count = r.u32();
  if (count > WASM_PARAMS.maxGlobals) reject("limits", `${count} globals (limit ${WASM_PARAMS.maxGlobals})`);
  for (let i = 0; i < count; i++) {
    const type = valueType(r, `global ${i}`);
    const mut = r.u8();
    if (mut > 1) r.fail("invalid global mutability");
    m.globals.push({ type, mutable: mut === 1, init: constExpr(r, type, `global ${i}`) });
  }
}

function exportSection(r: ByteReader, m: WasmModule): void {
  const count = r.u32();
  if (count > WASM_PARAMS.maxExports) reject("limits", `${count} exports (limit ${WASM_PARAMS.maxExports})`);
  for (let i = 0; i < count; i++) {
    const name = r.name();
    const kind = r.u8();
    const index = r.u32();
    if (kind > ExternKind.Global) r.fail(`invalid export kind ${kind}`);
    m.exports.push({ name, kind, index });
  }
}

function codeSection(r: ByteReader, m: WasmModule): void {
  const count = r.u32();
  if (count !== m.functions.length)
    r.fail(`code section has ${count} bodies for ${m.functions.length} functions`);
  for (let i = 0; i < count; i++) {
    const size = r.u32();
    const end = r.pos + size;
    if (end > r.end) r.fail("function body past the end of the code section");
    const body = new ByteReader(r.bytes, r.pos, end);
    const declStart = body.pos;
    const groups = body.u32();
    let localCount = 0;
    for (let g = 0; g < groups; g++) {
      localCount += body.u32();
      if (localCount > WASM_PARAMS.maxLocals)
        reject(
          "limits",
          `function ${m.imports.length + i} declares more than ${WASM_PARAMS.maxLocals} locals`,
        );
      valueType(body, `a local of function ${m.imports.length + i}`);
    }
    const localDecls = r.bytes.subarray(declStart, body.pos);
    if (body.pos >= end) body.fail("empty function body");
    m.bodies.push({ localDecls, localCount, code: r.bytes.subarray(body.pos, end), offset: body.pos });
    r.pos = end;
  }
}

function dataSection(r: ByteReader, m: WasmModule, payload: Uint8Array): void {
  const count = r.u32();
  if (count > WASM_PARAMS.maxDataSegments)
    reject("limits", `${count} data segments (limit ${WASM_PARAMS.maxDataSegments})`);
  m.data = payload;
  for (let i = 0; i < count; i++) {
    const flags = r.u32();
    if (flags === 1) {
      r.bytesOf(r.u32());
      continue;
    }
    if (flags === 2 && r.u32() !== 0) reject("unsupported", `data segment ${i} targets another memory`);
    if (flags !== 0 && flags !== 2) r.fail(`invalid data segment flags ${flags}`);
    if (r.u8() !== 0x41) reject("unsupported", `data segment ${i} has a non-constant offset`);
    const at = r.pos;
    const raw = r.s33();
    if (r.u8() !== 0x0b) reject("unsupported", `data segment ${i} has an extended constant offset`);
    if (raw < -(2 ** 31) || raw >= 2 ** 31) r.fail("data segment offset out of range", at);
    const offset = raw >>> 0;
    m.dataSegments.push({ offset, bytes: r.bytesOf(r.u32()) });
  }
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Decodes the module's structure, applying the policy checks the structure carries. */
export function decodeModule(bytes: Uint8Array): WasmModule {
  const r = new ByteReader(bytes);
  for (const b of MAGIC) if (r.u8() !== b) r.fail("not a WebAssembly module (bad magic)", 0);
  const version = [r.u8(), r.u8(), r.u8(), r.u8()];
  if (version[0] !== 1 || version[1] !== 0 || version[2] !== 0 || version[3] !== 0)
    r.fail("unsupported WebAssembly version", 4);
  const m: WasmModule = {
    types: [],
    imports: [],
    functions: [],
    table: undefined,
    memory: undefined,
    globals: [],
    exports: [],
    start: undefined,
    element: undefined,
    dataCount: undefined,
    data: undefined,
    dataSegments: [],
    bodies: [],
  };
  let lastRank = 0;
  let sawCode = false;
  while (!r.done) {
    const at = r.pos;
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) r.fail("section past the end of the module", at);
    if (id > 12) {
      if (id === 13) reject("unsupported", "exception tags (tag section) are not supported");
      r.fail(`unknown section id ${id}`, at);
    }
    const rank = SECTION_RANK[id]!;
    if (id !== 0) {
      if (rank <= lastRank) r.fail(`${SECTION_NAMES[id]} section out of order or repeated`, at);
      lastRank = rank;
    }
    const s = new ByteReader(bytes, r.pos, end);
    const payload = bytes.subarray(r.pos, end);
    switch (id) {
      case 0:
        s.name();
        s.pos = end;
        break;
      case 1:
        typeSection(s, m);
        break;
      case 2:
        importSection(s, m);
        break;
      case 3:
        functionSection(s, m);
        break;
      case 4:
        tableSection(s, m, payload);
        break;
      case 5:
        memorySection(s, m);
        break;
      case 6:
        globalSection(s, m);
        break;
      case 7:
        exportSection(s, m);
        break;
      case 8:
        m.start = s.u32();
        break;
      case 9:
        m.element = payload;
        s.pos = end;
        break;
      case 10:
        sawCode = true;
        codeSection(s, m);
        break;
      case 11:
        dataSection(s, m, payload);
        break;
      case 12:
        m.dataCount = payload;
        s.u32();
        break;
    }
    if (s.pos !== end) s.fail(`${SECTION_NAMES[id]} section has trailing bytes`);
    r.pos = end;
  }
  if (!sawCode && m.functions.length > 0) r.fail("function section without a code section");
  return m;
}

/** The signature of function `index` (imports first, then the module's own functions). */
export function functionType(m: WasmModule, index: number): FuncType | undefined {
  const typeIndex =
    index < m.imports.length ? m.imports[index]?.typeIndex : m.functions[index - m.imports.length];
  return typeIndex === undefined ? undefined : m.types[typeIndex];
}
