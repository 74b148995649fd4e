// EVM memory: a byte array that grows in 32-byte words, with its quadratic expansion cost.

/** Memory beyond this many bytes is never affordable in practice; treat requests past it as out of gas. */
export const MEMORY_LIMIT = 0x1_0000_0000;

export class Memory {
  buf: Uint8Array;
  /** A view over `buf` (replaced with it), for word loads and stores. */
  view: DataView;
  /** Active size in bytes, always a multiple of 32. */
  size = 0;

  constructor() {
    this.buf = new Uint8Array(1024);
    this.view = new DataView(this.buf.buffer);
  }

  /** Grows the active size to cover `end` bytes (caller has charged gas). */
  grow(end: number): void {
    const newSize = Math.ceil(end / 32) * 32;
    if (newSize <= this.size) return;
    if (newSize > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < newSize) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.size));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.size = newSize;
  }

  /** Copies bytes out (zero-filled past `size` never happens: callers expand first). */
  read(offset: number, length: number): Uint8Array {
    return this.buf.slice(offset, offset + length);
  }

  /** Writes `data` at `offset`, zero-padding up to `length` bytes when data is shorter. */
  writePadded(offset: number, data: Uint8Array, dataOffset: number, length: number): void {
    const available = dataOffset >= data.length ? 0 : Math.min(length, data.length - dataOffset);
    if (available > 0) this.buf.set(data.subarray(dataOffset, dataOffset + available), offset);
    if (available < length) this.buf.fill(0, offset + available, offset + length);
  }
}

export function memoryCost(words: number): number {
  return words * 3 + Math.floor((words * words) / 512);
}
