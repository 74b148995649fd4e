// Point addition through mcl's C functions and its WebAssembly memory directly (no strings, no wrapper
// objects): coordinates are written big-endian into a scratch area, read with mclBnFp_setBigEndianMod into
// the points' fields, added, normalised, and read back with mclBnFp_getLittleEndian. About 7x noble's
// addition per call, where mcl's string interface costs about as much as noble (docs/evm.md). Used by
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

/** Affine coordinates as field elements in memory order (G1: x, y; G2: x.a, x.b, y.a, y.b). */
export type Coordinates = readonly bigint[];

export interface RawAdder {
  /** a + b for G1 (2 coordinates) or G2 (4); undefined is infinity, in and out. */
  add(a: Coordinates | undefined, b: Coordinates | undefined): Coordinates | undefined;
}

/**
 * An adder on `mod` for points with `coordinates` field elements (2: G1, 4: G2) of `fieldBytes` bytes each
 * (32 for BN254, 48 for BLS12-381). Allocates its scratch area once, per thread and adder.
 */
export function rawAdder(mod: MclModule, coordinates: 2 | 4, fieldBytes: number): RawAdder {
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

  const heap = () => {
    const h = mod.HEAP8; // a getter: a fresh view after the memory has grown
    return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
  };

  function set(h: Uint8Array, point: number, c: Coordinates | undefined): void {
    if (c === undefined) {
      clear(point);
      return;
    }
    for (let i = 0; i < coordinates; i++) {
      h.set(Buffer.from(c[i]!.toString(16).padStart(2 * fieldBytes, "0"), "hex"), BUF);
      if (mod._mclBnFp_setBigEndianMod(point + i * FP, BUF, fieldBytes) !== 0)
        throw new Error("mcl: setBigEndianMod");
    }
    // z = 1 (in Fp2 for G2: 1 + 0i)
    mod._mclBnFp_setInt32(point + coordinates * FP, 1);
    if (g2) mod._mclBnFp_setInt32(point + (coordinates + 1) * FP, 0);
  }

  function get(h: Uint8Array, fp: number): bigint {
    h.fill(0, BUF, BUF + BUF_SIZE);
    const n = mod._mclBnFp_getLittleEndian(BUF, BUF_SIZE, fp);
    if (n === 0 || n > BUF_SIZE) throw new Error("mcl: getLittleEndian");
    const bytes = Buffer.from(h.subarray(BUF, BUF + n)).reverse();
    return BigInt(`0x${bytes.toString("hex")}`);
  }

  return {
    add(a, b) {
      let h = heap();
      set(h, A, a);
      set(h, B, b);
      addPoints(OUT, A, B);
      normalize(OUT, OUT);
      if (isZero(OUT) !== 0) return undefined;
      h = heap();
      const out: bigint[] = [];
      for (let i = 0; i < coordinates; i++) out.push(get(h, OUT + i * FP));
      return out;
    },
  };
}
