// Conversions between 32-byte big-endian words in byte arrays and bigint stack values, through a scratch
// DataView in 64-bit pieces rather than hex strings (faster, see docs/evm.md); small values (the common
// case) take a single piece.

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

/** Writes `value` (< 2^256) as 32 big-endian bytes at `offset` in `dst` (which must have room). */
export function writeWord(dst: Uint8Array, offset: number, value: bigint): void {
  if (value < TWO_64) {
    view.setBigUint64(0, 0n);
    view.setBigUint64(8, 0n);
    view.setBigUint64(16, 0n);
    view.setBigUint64(24, value);
  } else {
    view.setBigUint64(0, value >> 192n);
    view.setBigUint64(8, BigInt.asUintN(64, value >> 128n));
    view.setBigUint64(16, BigInt.asUintN(64, value >> 64n));
    view.setBigUint64(24, BigInt.asUintN(64, value));
  }
  dst.set(scratch, offset);
}
