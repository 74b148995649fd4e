// Nibble paths and the hex-prefix ("compact") encoding of a path segment (Yellow Paper appendix C).
// Paths are kept as one nibble per byte so that builders can slice ranges by index without re-deriving nibbles.

/** Splits bytes into nibbles, high nibble first: 0xab12 -> [a, b, 1, 2]. */
export function bytesToNibbles(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[2 * i] = b >> 4;
    out[2 * i + 1] = b & 15;
  }
  return out;
}

/**
 * Hex-prefix encodes nibbles[start..end). The flag nibble carries "leaf" (2) and "odd length" (1); an odd
 * path puts its first nibble beside the flag, an even one pads the flag byte with a zero nibble.
 */
export function hexPrefixEncode(nibbles: Uint8Array, start: number, end: number, leaf: boolean): Uint8Array {
  const length = end - start;
  const odd = length & 1;
  const out = new Uint8Array((length >> 1) + 1);
  const flag = (leaf ? 2 : 0) | odd;
  let i = start;
  out[0] = odd ? (flag << 4) | nibbles[i++]! : flag << 4;
  for (let o = 1; i < end; i += 2, o++) out[o] = (nibbles[i]! << 4) | nibbles[i + 1]!;
  return out;
}

/** Inverse of hexPrefixEncode, for reading nodes back (proof checking, tests). Throws on a bad flag. */
export function hexPrefixDecode(encoded: Uint8Array): { nibbles: Uint8Array; leaf: boolean } {
  if (encoded.length === 0) throw new Error("hex-prefix: empty encoding");
  const flag = encoded[0]! >> 4;
  if (flag > 3) throw new Error(`hex-prefix: invalid flag ${flag}`);
  const odd = flag & 1;
  // An even path must pad the flag byte with zero; anything else is a non-canonical encoding.
  if (!odd && (encoded[0]! & 15) !== 0) throw new Error("hex-prefix: non-zero padding nibble");
  const all = bytesToNibbles(encoded);
  return { nibbles: all.subarray(odd ? 1 : 2), leaf: (flag & 2) !== 0 };
}

/** First index at or after `from` where a and b differ (or the shorter length): the end of their shared prefix. */
export function commonPrefixEnd(a: Uint8Array, b: Uint8Array, from: number): number {
  const limit = Math.min(a.length, b.length);
  let i = from;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}
