// Writing RLP straight into a byte buffer: list and string headers and strings. Trie nodes are encoded this
// way (node.ts for the batch builder and proofs, persistent-nodes.ts into a reused scratch buffer) rather
// than through the generic rlpEncode, because a child reference is either a 32-byte hash or an embedded
// node's RLP as is, which a generic encoder of bytes and nested arrays cannot express.

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
