// BLS12-381 group operations on mcl (herumi's pairing library compiled to WebAssembly: the optional
// dependency `mcl-wasm`) for the EIP-2537 precompiles, 4-10x noble per call (docs/evm.md). The
// precompiles decode and check their input themselves (field elements below p, points on the curve, the
// all-zero infinity encoding, which points need a subgroup check); this backend only gets checked points.
// The subgroup check itself is mcl's (isValidOrder), checked against the definition ([q]P = O) and noble on
// points outside the subgroup in test/evm/precompiles/bls12-381-backend.test.ts. mcl's scalar
// multiplication is only ever given subgroup points: it uses the GLV endomorphism, whose eigenvalue holds
// on the subgroup only (an endomorphism-based subgroup test built on it accepted points outside G1).
//
// mcl keeps one curve per module instance and the BN254 backend (bn254-mcl.ts) holds the package's cached
// instance, so this one loads a private copy (mcl-instance.ts: its own WebAssembly instance and curve).
// mcl initialises asynchronously and precompiles are synchronous: it loads in the background on first use
// (or through preloadBls12381Backend) and calls run on noble until it is ready, which gives the same answer
// on every input.
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import { LazyBackend } from "./lazy-backend.js";
import { freshMclModule } from "./mcl-instance.js";
import { type MclModule, rawAdder } from "./mcl-raw.js";
import type { Precompile, PrecompileResult } from "./types.js";
import { rethrowStackOverflow } from "./util.js";

/** Affine coordinates of a checked point (on the curve, not infinity): noble's AffinePoint shapes. */
export interface G1Coords {
  readonly x: bigint;
  readonly y: bigint;
}
export interface G2Coords {
  readonly x: Fp2;
  readonly y: Fp2;
}

export interface Bls12381Ops {
  /**
   * The sum of the checked EIP-2537 G1 points at input[a..a+128) and input[b..b+128) (a negative offset:
   * infinity), encoded (128 bytes).
   */
  g1Add(input: Uint8Array, a: number, b: number): Uint8Array;
  /** The same for G2 points (256 bytes each). */
  g2Add(input: Uint8Array, a: number, b: number): Uint8Array;
  g1InSubgroup(p: G1Coords): boolean;
  g2InSubgroup(p: G2Coords): boolean;
  /** sum of scalar_i * point_i (points in the subgroup; scalars 32 bytes big-endian, any value), encoded. */
  g1Msm(points: readonly G1Coords[], scalars: readonly Uint8Array[]): Uint8Array;
  g2Msm(points: readonly G2Coords[], scalars: readonly Uint8Array[]): Uint8Array;
  /** Whether the product of e(P_i, Q_i) is one; no point is infinity, all are in the subgroups. */
  pairingIsOne(pairs: readonly { g1: G1Coords; g2: G2Coords }[]): boolean;
  /** RFC 9380 map_to_curve (simplified SWU, isogeny) and cofactor clearing of u < p, encoded. */
  mapToG1(u: bigint): Uint8Array;
  mapToG2(c0: bigint, c1: bigint): Uint8Array;
}

/** The part of mcl-wasm's API used here (its own types come with the package, which may be absent). */
interface MclPoint {
  setStr(s: string, base?: number): void;
  getStr(base?: number): string;
  isValidOrder(): boolean;
  normalize(): void;
}
interface MclFr {
  setBigEndianMod(a: Uint8Array): void;
  isZero(): boolean;
}
interface MclGT {
  isOne(): boolean;
}
interface MclFp {
  setStr(s: string, base?: number): void;
  mapToG1(): MclPoint;
}
interface MclFp2 {
  setStr(s: string, base?: number): void;
  mapToG2(): MclPoint;
}
interface Mcl {
  BLS12_381: number;
  mod: MclModule;
  IRTF: number;
  init(curve: number): Promise<void>;
  setMapToMode(mode: number): void;
  verifyOrderG1(doVerify: boolean): void;
  verifyOrderG2(doVerify: boolean): void;
  G1: new () => MclPoint;
  G2: new () => MclPoint;
  Fr: new () => MclFr;
  Fp: new () => MclFp;
  Fp2: new () => MclFp2;
  add(a: MclPoint, b: MclPoint): MclPoint;
  mul(a: MclPoint, s: MclFr): MclPoint;
  mul(a: MclGT, b: MclGT): MclGT;
  mulVec(points: MclPoint[], scalars: MclFr[]): MclPoint;
  millerLoop(p: MclPoint, q: MclPoint): MclGT;
  finalExp(x: MclGT): MclGT;
}

const FP_SIZE = 64;
/** Pairs per mcl mulVec call: at most 128 * (288 + 32) bytes of mcl's stack for G2. */
export const MSM_CHUNK = 128;
const hex = (v: bigint) => v.toString(16);

/** Writes mcl's hex coordinates (after the "1" flag of an affine string) as 64-byte field elements. */
function encode(point: MclPoint, coordinates: number): Uint8Array {
  const output = new Uint8Array(coordinates * FP_SIZE);
  point.normalize();
  const parts = point.getStr(16).split(" ");
  if (parts[0] === "0") return output; // infinity: all zeros
  if (parts[0] !== "1" || parts.length !== coordinates + 1)
    throw new Error(`mcl: unexpected point ${parts[0]}`);
  for (let i = 0; i < coordinates; i++) {
    const digits = parts[i + 1]!;
    if (digits.length > 96) throw new Error("mcl: coordinate wider than 48 bytes");
    output.set(Buffer.from(digits.padStart(96, "0"), "hex"), i * FP_SIZE + 16);
  }
  return output;
}

function opsOf(mcl: Mcl): Bls12381Ops {
  // Additions through mcl's memory directly (mcl-raw.ts): cheaper than its string interface.
  const g1Adder = rawAdder(mcl.mod, 2, 48, FP_SIZE, FP_SIZE);
  const g2Adder = rawAdder(mcl.mod, 4, 48, FP_SIZE, FP_SIZE);
  const g1 = (p: G1Coords | null): MclPoint => {
    const point = new mcl.G1();
    if (p !== null) point.setStr(`1 ${hex(p.x)} ${hex(p.y)}`, 16);
    return point;
  };
  // mcl reads an Fp2 as real part (c0), then imaginary part (c1), as EIP-2537 encodes it.
  const g2 = (p: G2Coords | null): MclPoint => {
    const point = new mcl.G2();
    if (p !== null) point.setStr(`1 ${hex(p.x.c0)} ${hex(p.x.c1)} ${hex(p.y.c0)} ${hex(p.y.c1)}`, 16);
    return point;
  };
  const fr = (bytes: Uint8Array): MclFr => {
    const s = new mcl.Fr();
    s.setBigEndianMod(bytes);
    return s;
  };
  const msm = (points: MclPoint[], scalars: readonly Uint8Array[], zero: () => MclPoint): MclPoint => {
    const ps: MclPoint[] = [];
    const ss: MclFr[] = [];
    for (let i = 0; i < points.length; i++) {
      const s = fr(scalars[i]!);
      if (s.isZero()) continue;
      ps.push(points[i]!);
      ss.push(s);
    }
    if (ps.length === 0) return zero();
    if (ps.length === 1) return mcl.mul(ps[0]!, ss[0]!);
    // mcl-wasm copies a mulVec's points and scalars onto its 1 MiB WebAssembly stack, which a large MSM
    // (a few thousand pairs fit in a Prague block's gas) would overflow: sum bounded chunks instead.
    let sum: MclPoint | undefined;
    for (let i = 0; i < ps.length; i += MSM_CHUNK) {
      const part = mcl.mulVec(ps.slice(i, i + MSM_CHUNK), ss.slice(i, i + MSM_CHUNK));
      sum = sum === undefined ? part : mcl.add(sum, part);
    }
    return sum!;
  };
  return {
    g1Add: (input, a, b) => g1Adder.add(input, a, b),
    g2Add: (input, a, b) => g2Adder.add(input, a, b),
    g1InSubgroup: (p) => g1(p).isValidOrder(),
    g2InSubgroup: (p) => g2(p).isValidOrder(),
    g1Msm: (points, scalars) =>
      encode(
        msm(
          points.map((p) => g1(p)),
          scalars,
          () => new mcl.G1(),
        ),
        2,
      ),
    g2Msm: (points, scalars) =>
      encode(
        msm(
          points.map((p) => g2(p)),
          scalars,
          () => new mcl.G2(),
        ),
        4,
      ),
    pairingIsOne: (pairs) => {
      let product: MclGT | undefined;
      for (const pair of pairs) {
        const e = mcl.millerLoop(g1(pair.g1), g2(pair.g2));
        product = product === undefined ? e : mcl.mul(product, e);
      }
      return product === undefined || mcl.finalExp(product).isOne();
    },
    mapToG1: (u) => {
      const f = new mcl.Fp();
      f.setStr(hex(u), 16);
      return encode(f.mapToG1(), 2);
    },
    mapToG2: (c0, c1) => {
      const f = new mcl.Fp2();
      f.setStr(`${hex(c0)} ${hex(c1)}`, 16);
      return encode(f.mapToG2(), 4);
    },
  };
}

/**
 * A precompile that runs `onMcl` when mcl is loaded, else `noble`. Should mcl throw (it never has on a
 * checked input), noble answers the call: the result is then the spec's either way.
 */
export function onMclOrNoble(
  onMcl: (mcl: Bls12381Ops, input: Uint8Array, gasLimit: number) => PrecompileResult,
  noble: Precompile,
): Precompile {
  return (input, gasLimit, rules) => {
    const mcl = mclBls12381();
    if (mcl === undefined) return noble(input, gasLimit, rules);
    try {
      return onMcl(mcl, input, gasLimit);
    } catch (e) {
      rethrowStackOverflow(e);
      return noble(input, gasLimit, rules);
    }
  };
}

const backend = new LazyBackend<Bls12381Ops>(async () => {
  const mcl = freshMclModule<Mcl>();
  await mcl.init(mcl.BLS12_381);
  // EIP-2537's map is RFC 9380's (mcl's IRTF mode); addition takes points outside the subgroup, so mcl
  // must not check the order when it reads a point (the precompiles ask for that check where needed).
  mcl.setMapToMode(mcl.IRTF);
  mcl.verifyOrderG1(false);
  mcl.verifyOrderG2(false);
  return opsOf(mcl);
});

/** Loads mcl's BLS12-381 instance (once per thread); resolves to its operations, or undefined if absent. */
export function preloadBls12381Backend(): Promise<Bls12381Ops | undefined> {
  return backend.preload();
}

/** mcl's operations when loaded; otherwise starts loading them and returns undefined (use noble this time). */
export function mclBls12381(): Bls12381Ops | undefined {
  return backend.current();
}

/** Turns the mcl backend off (noble answers) or back on: for tests and the benchmark's noble column. */
export function setBls12381BackendEnabled(on: boolean): void {
  backend.setEnabled(on);
}

/** The backend the BLS12-381 precompiles run on in this thread right now. */
export function bls12381Backend(): "mcl (WASM)" | "noble" {
  return backend.inUse() ? "mcl (WASM)" : "noble";
}
