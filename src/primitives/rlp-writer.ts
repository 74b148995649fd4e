// Writing RLP straight into a byte buffer: list and string headers, strings and integers. Trie nodes are
// encoded this way (node.ts for the batch builder and proofs, persistent-nodes.ts into a reused scratch
// buffer) rather than through the generic rlpEncode, because a child reference is either a 32-byte hash or
// an embedded node's RLP as is, which a generic encoder of bytes and nested arrays cannot express; so are
// the hot fixed-shape encodings (account leaves, receipts), which skip building nested arrays first.

export function headerLength(length: number): number {
  if (length < 56) return 1;
  let n = 1;
  for (let l = length; l > 255; l = Math.floor(l / 256)) n++;
  return 1 + n;
}

export function writeHeader(out: Uint8Array, pos: number, length: number, offset: number): number {
  if (length < 56) {
    out[pos] = offset + length;
    return pos + 1;
  }
  const lenOfLen = headerLength(length) - 1;
  out[pos] = offset + 55 + lenOfLen;
  for (let i = lenOfLen, l = length; i >= 1; i--, l = Math.floor(l / 256)) out[pos + i] = l % 256;
  return pos + 1 + lenOfLen;
}

/** Length of `bytes` once RLP-encoded as a string. */
export function stringLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < 0x80) return 1;
  return headerLength(bytes.length) + bytes.length;
}

export function writeString(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < 0x80) {
    out[pos] = bytes[0]!;
    return pos + 1;
  }
  const p = writeHeader(out, pos, bytes.length, 0x80);
  out.set(bytes, p);
  return p + bytes.length;
}

/** Byte length of a non-negative integer without leading zeros (0 for zero). */
export function byteLength(value: bigint): number {
  let length = 0;
  let v = value;
  while (v > 0xffffffffffffn) {
    length += 6;
    v >>= 48n;
  }
  for (let n = Number(v); n > 0; n = Math.floor(n / 256)) length++;
  return length;
}

/** Writes `value` as `length` big-endian bytes at `pos`, six bytes (48 bits) per bigint operation. */
export function writeInteger(out: Uint8Array, pos: number, value: bigint, length: number): void {
  let v = value;
  let i = pos + length - 1;
  while (i >= pos) {
    let n = Number(v & 0xffffffffffffn);
    v >>= 48n;
    for (let k = 0; k < 6 && i >= pos; k++, i--) {
      out[i] = n % 256;
      n = Math.floor(n / 256);
    }
  }
}

/** RLP length of an integer (as a string of its minimal bytes). */
export function integerRlpLength(value: bigint, length: number): number {
  return length === 1 && value < 0x80n ? 1 : 1 + length;
}

/** Writes the RLP of an integer (length from byteLength, at most 55); returns the next position. */
export function writeIntegerRlp(out: Uint8Array, pos: number, value: bigint, length: number): number {
  if (length === 1 && value < 0x80n) {
    out[pos] = Number(value);
    return pos + 1;
  }
  out[pos] = 0x80 + length;
  writeInteger(out, pos + 1, value, length);
  return pos + 1 + length;
}
