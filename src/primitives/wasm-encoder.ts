// A tiny WebAssembly binary encoder: just enough to write our own small modules in the repository instead
// of shipping prebuilt .wasm files (the Keccak permutation, keccak-wasm.ts; the SIMD co-processor's kernels,
// src/coprocessors/simd/kernels.ts). Functions are built as instruction byte lists with
// the helpers below; `encodeModule` lays out the type, function, memory, export and code sections.

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof V128;

export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(value: number | bigint): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const signBit = (byte & 0x40) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Scalar and control instructions (opcode bytes with their immediates). */
export const op = {
  block: (): number[] => [0x02, 0x40],
  loop: (): number[] => [0x03, 0x40],
  if: (): number[] => [0x04, 0x40],
  else: (): number[] => [0x05],
  end: (): number[] => [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  return: (): number[] => [0x0f],
  call: (index: number): number[] => [0x10, ...uleb(index)],
  drop: (): number[] => [0x1a],
  select: (): number[] => [0x1b],
  get: (local: number): number[] => [0x20, ...uleb(local)],
  set: (local: number): number[] => [0x21, ...uleb(local)],
  tee: (local: number): number[] => [0x22, ...uleb(local)],
  i32Load: (offset = 0): number[] => [0x28, 2, ...uleb(offset)],
  i32Load8S: (offset = 0): number[] => [0x2c, 0, ...uleb(offset)],
  i32Store: (offset = 0): number[] => [0x36, 2, ...uleb(offset)],
  i32Store8: (offset = 0): number[] => [0x3a, 0, ...uleb(offset)],
  i32Const: (v: number): number[] => [0x41, ...sleb(v)],
  i64Const: (v: number | bigint): number[] => [0x42, ...sleb(v)],
  i32Eqz: (): number[] => [0x45],
  i32LtS: (): number[] => [0x48],
  i32LtU: (): number[] => [0x49],
  i32GtS: (): number[] => [0x4a],
  i32GeU: (): number[] => [0x4f],
  i64LtS: (): number[] => [0x53],
  i64GtS: (): number[] => [0x55],
  i32Add: (): number[] => [0x6a],
  i32Sub: (): number[] => [0x6b],
  i32Mul: (): number[] => [0x6c],
  i32And: (): number[] => [0x71],
  i32Shl: (): number[] => [0x74],
  i64Add: (): number[] => [0x7c],
  i64Shl: (): number[] => [0x86],
  i64Mul: (): number[] => [0x7e],
  i64ShrS: (): number[] => [0x87],
  i32WrapI64: (): number[] => [0xa7],
  i64ExtendI32S: (): number[] => [0xac],
  i64ExtendI32U: (): number[] => [0xad],
};

const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb(code), ...imm];

/** SIMD (v128) instructions, by the final SIMD proposal's opcode numbers. */
export const v = {
  load: (offset = 0): number[] => simd(0x00, 4, ...uleb(offset)),
  store: (offset = 0): number[] => simd(0x0b, 4, ...uleb(offset)),
  store32Lane: (lane: number, offset = 0): number[] => simd(0x5a, 2, ...uleb(offset), lane),
  shuffle: (lanes: readonly number[]): number[] => simd(0x0d, ...lanes),
  i32x4Splat: (): number[] => simd(0x11),
  i64x2Splat: (): number[] => simd(0x12),
  i32x4ExtractLane: (lane: number): number[] => simd(0x1b, lane),
  bitselect: (): number[] => simd(0x52),
  i8x16NarrowI16x8S: (): number[] => simd(0x65),
  i16x8NarrowI32x4S: (): number[] => simd(0x85),
  i16x8ExtendLowI8x16S: (): number[] => simd(0x87),
  i16x8ExtendHighI8x16S: (): number[] => simd(0x88),
  i32x4Add: (): number[] => simd(0xae),
  i32x4MaxS: (): number[] => simd(0xb8),
  i32x4DotI16x8S: (): number[] => simd(0xba),
  i64x2ShrS: (): number[] => simd(0xcc),
  i64x2Add: (): number[] => simd(0xce),
  i64x2LtS: (): number[] => simd(0xd8),
  i64x2GtS: (): number[] => simd(0xd9),
  i64x2ExtmulLowI32x4S: (): number[] => simd(0xdc),
  i64x2ExtmulHighI32x4S: (): number[] => simd(0xdd),
};

export interface FunctionDef {
  name: string;
  params: ValType[];
  results: ValType[];
  /** Locals after the parameters, in order. */
  locals: ValType[];
  body: number[][];
}

/** A module of `functions` (exported by name, callable by index in definition order) and one memory. */
export function encodeModule(
  functions: readonly FunctionDef[],
  memoryPages: number,
): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [
    0x60,
    ...vec(f.params.map((t) => [t])),
    ...vec(f.results.map((t) => [t])),
  ]);
  const typeSection = section(1, vec(types));
  const functionSection = section(3, vec(functions.map((_, i) => uleb(i))));
  const memorySection = section(5, vec([[0x00, ...uleb(memoryPages)]]));
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  exports.push([...name("memory"), 0x02, 0x00]);
  const exportSection = section(7, vec(exports));
  const bodies = functions.map((f) => {
    const locals = f.locals.map((t) => [...uleb(1), t]);
    const code = [...vec(locals), ...f.body.flat(), 0x0b];
    return [...uleb(code.length), ...code];
  });
  const codeSection = section(10, vec(bodies));
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...typeSection,
    ...functionSection,
    ...memorySection,
    ...exportSection,
    ...codeSection,
  ]);
}
