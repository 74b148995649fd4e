// Runs the SIMD kernels (kernels.ts): one WebAssembly instance per thread, operands copied into its linear
// memory with explicit little-endian writes (so the host's byte order never matters), results copied out.
// Synchronous; not re-entrant (the EVM never calls a co-processor from inside one).
import { INITIAL_PAGES, simdModuleBytes } from "./kernels.js";

interface Kernels {
  memory: WebAssembly.Memory;
  dot(a: number, b: number, n: number): number;
  matVec(w: number, x: number, y: number, rows: number, cols: number): void;
  matMulT(a: number, bt: number, c: number, m: number, k: number, n: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  add32(a: number, b: number, out: number, n: number): void;
  relu32(a: number, out: number, n: number): void;
  requantize(x: number, out: number, n: number, scale: number, shift: number): void;
  argmax32(x: number, n: number): number;
}

const PAGE = 65536;
/** Linear memory never grows past this (the co-processor's operand limits keep well inside it). */
export const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

let compiled: WebAssembly.Module | undefined;

function align16(n: number): number {
  return (n + 15) & ~15;
}

/** Integer vectors are plain arrays of JS numbers: int8 in Int8Array, int32 in Int32Array. */
export class SimdEngine {
  private readonly k: Kernels;
  private bytes: Uint8Array;
  private view: DataView;
  private top = 0;

  constructor() {
    compiled ??= new WebAssembly.Module(simdModuleBytes());
    const instance = new WebAssembly.Instance(compiled, {});
    this.k = instance.exports as unknown as Kernels;
    this.bytes = new Uint8Array(this.k.memory.buffer);
    this.view = new DataView(this.k.memory.buffer);
  }

  /** Reserves `size` bytes of linear memory for this call (reset by `begin`), growing it if needed. */
  private alloc(size: number): number {
    const at = this.top;
    const end = align16(at + size);
    if (end > MAX_MEMORY_BYTES) throw new RangeError("SIMD co-processor: operands exceed its memory");
    if (end > this.bytes.length) {
      this.k.memory.grow(Math.ceil((end - this.bytes.length) / PAGE));
      this.bytes = new Uint8Array(this.k.memory.buffer);
      this.view = new DataView(this.k.memory.buffer);
    }
    this.top = end;
    return at;
  }

  private begin(): void {
    this.top = 0;
  }

  private put8(values: Int8Array): number {
    const at = this.alloc(values.length);
    this.bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.length), at);
    return at;
  }

  private put32(values: Int32Array): number {
    const at = this.alloc(values.length * 4);
    const view = this.view;
    for (let i = 0; i < values.length; i++) view.setInt32(at + i * 4, values[i]!, true);
    return at;
  }

  private get32(at: number, n: number): Int32Array {
    const out = new Int32Array(n);
    const view = this.view;
    for (let i = 0; i < n; i++) out[i] = view.getInt32(at + i * 4, true);
    return out;
  }

  dot(a: Int8Array, b: Int8Array): number {
    this.begin();
    return this.k.dot(this.put8(a), this.put8(b), a.length);
  }

  /** w: rows x cols row-major; x: cols. */
  matVec(w: Int8Array, rows: number, cols: number, x: Int8Array): Int32Array {
    this.begin();
    const pw = this.put8(w);
    const px = this.put8(x);
    const py = this.alloc(rows * 4);
    this.k.matVec(pw, px, py, rows, cols);
    return this.get32(py, rows);
  }

  /** a: m x k, b: k x n, both row-major; the product m x n, row-major. */
  matMul(a: Int8Array, b: Int8Array, m: number, k: number, n: number): Int32Array {
    this.begin();
    const pa = this.put8(a);
    const pb = this.put8(b);
    const pbt = this.alloc(k * n);
    const pc = this.alloc(m * n * 4);
    this.k.transpose(pb, pbt, k, n);
    this.k.matMulT(pa, pbt, pc, m, k, n);
    return this.get32(pc, m * n);
  }

  add(a: Int32Array, b: Int32Array): Int32Array {
    this.begin();
    const pa = this.put32(a);
    const pb = this.put32(b);
    const po = this.alloc(a.length * 4);
    this.k.add32(pa, pb, po, a.length);
    return this.get32(po, a.length);
  }

  relu(a: Int32Array): Int32Array {
    this.begin();
    const pa = this.put32(a);
    const po = this.alloc(a.length * 4);
    this.k.relu32(pa, po, a.length);
    return this.get32(po, a.length);
  }

  /** shift in 0..62 (the caller checks). */
  requantize(x: Int32Array, scale: number, shift: number): Int8Array {
    this.begin();
    const px = this.put32(x);
    const po = this.alloc(x.length);
    this.k.requantize(px, po, x.length, scale, shift);
    return new Int8Array(this.bytes.slice(po, po + x.length).buffer);
  }

  /** The first index of the largest value (x non-empty; the caller checks). */
  argmax(x: Int32Array): number {
    this.begin();
    return this.k.argmax32(this.put32(x), x.length);
  }
}

let shared: SimdEngine | undefined;

/** This thread's engine. */
export function simdEngine(): SimdEngine {
  shared ??= new SimdEngine();
  return shared;
}

export { INITIAL_PAGES };
