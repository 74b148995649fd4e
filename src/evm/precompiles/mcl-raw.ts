// Point addition through mcl's C functions and its WebAssembly memory directly (no strings, no wrapper
// objects): coordinates are written big-endian into a scratch area, read with mclBnFp_setBigEndianMod into
// the points' fields, added, normalised, and read back with mclBnFp_getLittleEndian into the output
// encoding. About 7x noble's addition alone; mcl's string interface cost about as much as noble (docs/evm.md). Used by
// ECADD (bn254-mcl.ts) and the BLS12-381 additions (bls12-381-mcl.ts), on their own mcl instances.
//
// Layout (mcl-wasm is built with 384-bit fields, MCLBN_FP_UNIT_SIZE 6, for every curve): an Fp is 48
// bytes; a G1 point is x, y, z (Jacobian; z = 1 is the affine point); a G2 point is x, y, z in Fp2, each
// a (real) then b (imaginary). Callers pass only checked points (coordinates below p, on the curve).

/** The part of mcl-wasm's low-level module used here. */
export interface MclModule {
  readonly HEAP8: Int8Array;
  _malloc(size: number): number;
  _mclBnFp_setBigEndianMod(fp: number, buf: number, size: number): number;
  _mclBnFp_setInt32(fp: number, value: number): void;
  _mclBnFp_getLittleEndian(buf: number, maxSize: number, fp: number): number;
  _mclBnG1_clear(p: number): void;
  _mclBnG1_add(z: number, x: number, y: number): void;
  _mclBnG1_normalize(y: number, x: number): void;
  _mclBnG1_isZero(p: number): number;
  _mclBnG2_clear(p: number): void;
  _mclBnG2_add(z: number, x: number, y: number): void;
  _mclBnG2_normalize(y: number, x: number): void;
  _mclBnG2_isZero(p: number): number;
}

const FP = 48;
const BUF_SIZE = 48;

export interface RawAdder {
  /**
   * a + b, read from and written to EIP-style big-endian encodings: point a at input[aOffset..] (or
   * infinity when aOffset < 0), b likewise, each coordinate `inStride` bytes with the value in its last
   * `fieldBytes`; the sum's coordinates go into a new array, `outStride` bytes each, value right-aligned.
   * All zeros is infinity.
   */
  add(input: Uint8Array, aOffset: number, bOffset: number): Uint8Array;
}

/**
 * An adder on `mod` for points with `coordinates` field elements (2: G1, 4: G2, in memory order: G1 x, y;
 * G2 x.a, x.b, y.a, y.b, which is EIP-2537's order) of `fieldBytes` bytes (32 for BN254, 48 for
 * BLS12-381). Allocates its scratch area once, per thread and adder.
 */
export function rawAdder(
  mod: MclModule,
  coordinates: 2 | 4,
  fieldBytes: number,
  inStride: number,
  outStride: number,
): RawAdder {
  const pointSize = 3 * (coordinates / 2) * FP;
  const scratch = mod._malloc(3 * pointSize + BUF_SIZE);
  if (scratch === 0) throw new Error("mcl: malloc failed");
  const A = scratch;
  const B = scratch + pointSize;
  const OUT = scratch + 2 * pointSize;
  const BUF = scratch + 3 * pointSize;
  const g2 = coordinates === 4;
  const clear = g2 ? mod._mclBnG2_clear : mod._mclBnG1_clear;
  const addPoints = g2 ? mod._mclBnG2_add : mod._mclBnG1_add;
  const normalize = g2 ? mod._mclBnG2_normalize : mod._mclBnG1_normalize;
  const isZero = g2 ? mod._mclBnG2_isZero : mod._mclBnG1_isZero;
  const skip = inStride - fieldBytes;
  const pad = outStride - fieldBytes;

  const heap = () => {
    const h = mod.HEAP8; // a getter: a fresh view after the memory has grown
    return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
  };

  function set(h: Uint8Array, point: number, input: Uint8Array, offset: number): void {
    if (offset < 0) {
      clear(point);
      return;
    }
    for (let i = 0; i < coordinates; i++) {
      const from = offset + i * inStride + skip;
      h.set(input.subarray(from, from + fieldBytes), BUF);
      if (mod._mclBnFp_setBigEndianMod(point + i * FP, BUF, fieldBytes) !== 0)
        throw new Error("mcl: setBigEndianMod");
    }
    // z = 1 (in Fp2 for G2: 1 + 0i)
    mod._mclBnFp_setInt32(point + coordinates * FP, 1);
    if (g2) mod._mclBnFp_setInt32(point + (coordinates + 1) * FP, 0);
  }

  return {
    add(input, aOffset, bOffset) {
      let h = heap();
      set(h, A, input, aOffset);
      set(h, B, input, bOffset);
      addPoints(OUT, A, B);
      normalize(OUT, OUT);
      const output = new Uint8Array(coordinates * outStride);
      if (isZero(OUT) !== 0) return output;
      for (let i = 0; i < coordinates; i++) {
        h = heap();
        h.fill(0, BUF, BUF + BUF_SIZE);
        const n = mod._mclBnFp_getLittleEndian(BUF, BUF_SIZE, OUT + i * FP);
        if (n === 0 || n > fieldBytes) throw new Error("mcl: getLittleEndian");
        // little-endian in the scratch, big-endian and right-aligned in the output
        const end = i * outStride + pad + fieldBytes;
        for (let j = 0; j < n; j++) output[end - 1 - j] = h[BUF + j]!;
      }
      return output;
    },
  };
}
