// Conversions between 32-byte big-endian words in byte arrays and bigint stack values, through a DataView
// in 64-bit pieces rather than hex strings (faster, see docs/evm.md); small values (the common case) take
// a single piece. EVM memory keeps a DataView over its buffer (memory.ts), so MLOAD and MSTORE read and
// write it directly (loadWord, storeWord); other byte arrays are read through a scratch word (readWord).

const scratch = new Uint8Array(32);
const view = new DataView(scratch.buffer);
const TWO_64 = 1n << 64n;

function fromScratch(): bigint {
  const a = view.getBigUint64(0);
  const b = view.getBigUint64(8);
  const c = view.getBigUint64(16);
  const d = view.getBigUint64(24);
  if (a === 0n && b === 0n) return c === 0n ? d : (c << 64n) | d;
  return (a << 192n) | (b << 128n) | (c << 64n) | d;
}

/** The 32-byte word at `offset` in `src`, zero-padded past its end. */
export function readWord(src: Uint8Array, offset: number): bigint {
  if (offset + 32 <= src.length) {
    for (let i = 0; i < 32; i++) scratch[i] = src[offset + i]!;
  } else {
    for (let i = 0; i < 32; i++) scratch[i] = src[offset + i] ?? 0;
  }
  return fromScratch();
}

/**
 * The 32-byte word at `offset` of the view (offset + 32 <= view.byteLength). Zero high bytes, tested
 * as 32-bit numbers (no allocation), leave a value below 2^64 one bigint to build.
 */
export function loadWord(view: DataView, offset: number): bigint {
  if (
    (view.getUint32(offset) |
      view.getUint32(offset + 4) |
      view.getUint32(offset + 8) |
      view.getUint32(offset + 12) |
      view.getUint32(offset + 16) |
      view.getUint32(offset + 20)) ===
    0
  ) {
    return view.getBigUint64(offset + 24);
  }
  return (
    (view.getBigUint64(offset) << 192n) |
    (view.getBigUint64(offset + 8) << 128n) |
    (view.getBigUint64(offset + 16) << 64n) |
    view.getBigUint64(offset + 24)
  );
}

/** Writes `value` (< 2^256) as 32 big-endian bytes at `offset` of the view (which must have room). */
export function storeWord(view: DataView, offset: number, value: bigint): void {
  if (value < TWO_64) {
    view.setUint32(offset, 0);
    view.setUint32(offset + 4, 0);
    view.setUint32(offset + 8, 0);
    view.setUint32(offset + 12, 0);
    view.setUint32(offset + 16, 0);
    view.setUint32(offset + 20, 0);
    view.setBigUint64(offset + 24, value);
  } else {
    view.setBigUint64(offset, value >> 192n);
    view.setBigUint64(offset + 8, BigInt.asUintN(64, value >> 128n));
    view.setBigUint64(offset + 16, BigInt.asUintN(64, value >> 64n));
    view.setBigUint64(offset + 24, BigInt.asUintN(64, value));
  }
}
