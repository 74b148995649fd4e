// 256-bit word helpers shared by the instruction families.

export const MAX_U256 = (1n << 256n) - 1n;
export const SIGN_BIT = 1n << 255n;
export const TWO_256 = 1n << 256n;

export function toSigned(x: bigint): bigint {
  return x >= SIGN_BIT ? x - TWO_256 : x;
}

export function fromSigned(x: bigint): bigint {
  return x < 0n ? x + TWO_256 : x;
}

/** Number of bytes needed to represent x (0 for 0). */
export function byteLength(x: bigint): number {
  if (x <= 0xffffffffn) {
    // Most exponents are small: no string.
    const n = Number(x);
    return n === 0 ? 0 : 4 - (Math.clz32(n) >> 3);
  }
  return (x.toString(16).length + 1) >> 1;
}
