// A bounds-checked cursor over a WebAssembly binary: bytes, LEB128 integers and length-prefixed names.
// Every read past the end, and every over-long or out-of-range LEB128, throws a WasmDecodeError that names
// the byte offset, so a malformed module is rejected with a message rather than a crash.

/** A structural decoding failure (the module is not well-formed WebAssembly). */
export class WasmDecodeError extends Error {
  override name = "WasmDecodeError";
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

export class ByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    /** One past the last byte this reader may read. */
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string, at = this.pos): never {
    throw new WasmDecodeError(`${message} at byte ${at}`);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end");
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    const start = this.pos;
    for (;;) {
      const b = this.u8();
      if (shift === 28 && (b & 0x70) !== 0) this.fail("u32 out of range", start);
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) this.fail("u32 too long", start);
    }
  }

  /** Signed LEB128 of at most `bits` bits (32, 33 or 64); skipped, not decoded (the instrumenter copies it). */
  skipSigned(bits: number): void {
    const maxBytes = Math.ceil(bits / 7);
    const start = this.pos;
    for (let i = 0; i < maxBytes; i++) {
      if ((this.u8() & 0x80) === 0) return;
    }
    this.fail(`s${bits} too long`, start);
  }

  /** Signed LEB128 of at most 33 bits, decoded (block types). */
  s33(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    const start = this.pos;
    do {
      b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (shift > 35) this.fail("s33 too long", start);
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }

  bytesOf(length: number): Uint8Array {
    if (length > this.end - this.pos) this.fail("unexpected end");
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  name(): string {
    const length = this.u32();
    const at = this.pos;
    try {
      return UTF8.decode(this.bytesOf(length));
    } catch (e) {
      if (e instanceof WasmDecodeError) throw e;
      this.fail("name is not valid UTF-8", at);
    }
  }
}
