// Recursive Length Prefix encoding and a strict decoder (canonical form only; malformed input throws RlpError).
import { bigIntToMinimalBytes } from "./hex.js";

export type RlpInput = Uint8Array | bigint | number | RlpInput[];
export type RlpDecoded = Uint8Array | RlpDecoded[];

export class RlpError extends Error {
  override name = "RlpError";
}

function lengthPrefix(length: number, offset: number): Uint8Array {
  if (length < 56) return Uint8Array.of(offset + length);
  const lenBytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) lenBytes.unshift(l % 256);
  return Uint8Array.of(offset + 55 + lenBytes.length, ...lenBytes);
}

function toBytes(item: Uint8Array | bigint | number): Uint8Array {
  if (item instanceof Uint8Array) return item;
  if (typeof item === "number") {
    if (!Number.isSafeInteger(item) || item < 0) throw new RlpError(`cannot encode number ${item}`);
    return bigIntToMinimalBytes(BigInt(item));
  }
  if (item < 0n) throw new RlpError("cannot encode a negative integer");
  return bigIntToMinimalBytes(item);
}

function encodeInto(item: RlpInput, parts: Uint8Array[]): number {
  if (Array.isArray(item)) {
    const inner: Uint8Array[] = [];
    let length = 0;
    for (const child of item) length += encodeInto(child, inner);
    const prefix = lengthPrefix(length, 0xc0);
    parts.push(prefix);
    for (const p of inner) parts.push(p);
    return prefix.length + length;
  }
  const bytes = toBytes(item);
  if (bytes.length === 1 && bytes[0]! < 0x80) {
    parts.push(bytes);
    return 1;
  }
  const prefix = lengthPrefix(bytes.length, 0x80);
  parts.push(prefix, bytes);
  return prefix.length + bytes.length;
}

export function rlpEncode(item: RlpInput): Uint8Array {
  const parts: Uint8Array[] = [];
  const length = encodeInto(item, parts);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function readLength(data: Uint8Array, pos: number, lenOfLen: number): number {
  if (pos + lenOfLen > data.length) throw new RlpError("length prefix runs past the end of input");
  if (data[pos] === 0) throw new RlpError("length prefix has a leading zero");
  let length = 0;
  for (let i = 0; i < lenOfLen; i++) length = length * 256 + data[pos + i]!;
  if (length < 56) throw new RlpError("long form used for a length under 56");
  return length;
}

function decodeAt(data: Uint8Array, pos: number): [RlpDecoded, number] {
  if (pos >= data.length) throw new RlpError("unexpected end of input");
  const b = data[pos]!;
  if (b < 0x80) return [data.subarray(pos, pos + 1), pos + 1];
  if (b <= 0xb7) {
    const length = b - 0x80;
    const end = pos + 1 + length;
    if (end > data.length) throw new RlpError("string runs past the end of input");
    if (length === 1 && data[pos + 1]! < 0x80)
      throw new RlpError("single byte under 0x80 must not be prefixed");
    return [data.subarray(pos + 1, end), end];
  }
  if (b <= 0xbf) {
    const lenOfLen = b - 0xb7;
    const length = readLength(data, pos + 1, lenOfLen);
    const start = pos + 1 + lenOfLen;
    if (start + length > data.length) throw new RlpError("string runs past the end of input");
    return [data.subarray(start, start + length), start + length];
  }
  let start: number;
  let length: number;
  if (b <= 0xf7) {
    length = b - 0xc0;
    start = pos + 1;
  } else {
    const lenOfLen = b - 0xf7;
    length = readLength(data, pos + 1, lenOfLen);
    start = pos + 1 + lenOfLen;
  }
  const end = start + length;
  if (end > data.length) throw new RlpError("list runs past the end of input");
  const items: RlpDecoded[] = [];
  let p = start;
  while (p < end) {
    const [item, next] = decodeAt(data, p);
    if (next > end) throw new RlpError("list item runs past the end of its list");
    items.push(item);
    p = next;
  }
  return [items, end];
}

/** Decodes exactly one RLP item; trailing bytes are an error. */
export function rlpDecode(data: Uint8Array): RlpDecoded {
  const [item, end] = decodeAt(data, 0);
  if (end !== data.length) throw new RlpError(`trailing bytes after RLP item (${data.length - end})`);
  return item;
}

/** Decodes one item at the start of `data` and returns it with the number of bytes it used. */
export function rlpDecodePrefix(data: Uint8Array): [RlpDecoded, number] {
  return decodeAt(data, 0);
}
