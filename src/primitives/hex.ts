// Hex and byte conversions between strings, Uint8Array and bigint words. Strict: malformed input throws.

const HEX_CHARS = "0123456789abcdef";
const BYTE_TO_HEX: string[] = [];
for (let i = 0; i < 256; i++) BYTE_TO_HEX.push(HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);

export class HexError extends Error {
  override name = "HexError";
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Decodes "0x"-prefixed (or bare) hex. An odd number of digits is read with a leading zero. */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== "string") throw new HexError(`expected a hex string, got ${typeof hex}`);
  let s = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (s.length % 2 === 1) s = `0${s}`;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(s.charCodeAt(2 * i));
    const lo = nibble(s.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0)
      throw new HexError(`invalid hex: ${hex.length > 80 ? `${hex.slice(0, 80)}...` : hex}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = "0x";
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_HEX[bytes[i]!];
  return s;
}

/** Parses a hex ("0x..") or decimal quantity string into a bigint. */
export function parseQuantity(value: string | number | bigint): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new HexError(`invalid quantity: ${value}`);
    return BigInt(value);
  }
  if (typeof value !== "string") throw new HexError(`invalid quantity: ${String(value)}`);
  const s = value.trim();
  if (s.startsWith("0x") || s.startsWith("0X")) {
    if (s.length === 2) return 0n;
    if (!/^0[xX][0-9a-fA-F]+$/.test(s)) throw new HexError(`invalid hex quantity: ${value}`);
    return BigInt(s);
  }
  if (!/^[0-9]+$/.test(s)) throw new HexError(`invalid quantity: ${value}`);
  return BigInt(s);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  if (bytes.length <= 6) {
    let n = 0;
    for (let i = 0; i < bytes.length; i++) n = n * 256 + bytes[i]!;
    return BigInt(n);
  }
  let s = "0x";
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_HEX[bytes[i]!];
  return BigInt(s);
}

/** Big-endian, exactly `length` bytes (value must fit; higher bits are dropped). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  if (value < 0n) throw new HexError(`cannot encode a negative integer: ${value}`);
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function bigIntToBytes32(value: bigint): Uint8Array {
  // Without this a negative value would go through toString(16) as "-..." and come out as garbage bytes.
  if (value < 0n) throw new HexError(`cannot encode a negative integer: ${value}`);
  return hexToBytesFixed(value, 32);
}

function hexToBytesFixed(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16);
  if (hex.length > length * 2) return bigIntToBytes(value, length);
  const out = new Uint8Array(length);
  const offset = length - ((hex.length + 1) >> 1);
  let j = hex.length % 2 === 1 ? -1 : 0;
  for (let i = offset; i < length; i++, j += 2) {
    const hi = j < 0 ? 0 : nibble(hex.charCodeAt(j));
    const lo = nibble(hex.charCodeAt(j + 1));
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Minimal big-endian encoding (no leading zeros; zero is the empty array), as RLP wants. */
export function bigIntToMinimalBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  if (value < 0n) throw new HexError(`cannot encode a negative integer: ${value}`);
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return hexToBytes(hex);
}

export function addressToHex(address: bigint): string {
  return `0x${address.toString(16).padStart(40, "0")}`;
}

export function wordToHex(word: bigint): string {
  return `0x${word.toString(16).padStart(64, "0")}`;
}

export function quantityToHex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
