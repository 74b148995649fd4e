// BN254 group operations on mcl (herumi's pairing library, compiled to WebAssembly: the optional dependency
// `mcl-wasm`), for the ECADD/ECMUL/pairing precompiles (bn254.ts). About 3x rustbn-wasm and 5-8x noble per
// call (docs/evm.md). mcl initialises asynchronously and precompiles are synchronous, so it loads in the
// background on first use (or through preloadBn254Backend) and calls run on noble until it is ready: both
// give the same answer on every input (inputs are decoded and checked, coordinates below p and points on
// the curve, before either backend sees them; the G2 subgroup check is mcl's own, tested against noble's).
// mcl keeps one curve per module instance: this one is BN254 (mcl's BN_SNARK1, the Ethereum curve).
import { createRequire } from "node:module";
import { LazyBackend } from "./lazy-backend.js";
import { type MclModule, rawAdder } from "./mcl-raw.js";

/** The part of mcl-wasm's API used here (its own types come with the package, which may be absent). */
interface McLPoint {
  setStr(s: string, base?: number): void;
  getStr(base?: number): string;
  isZero(): boolean;
  isValidOrder(): boolean;
}
interface MclFr {
  setBigEndianMod(a: Uint8Array): void;
}
interface MclGT {
  isOne(): boolean;
}
interface Mcl {
  BN_SNARK1: number;
  mod: MclModule;
  init(curve: number): Promise<void>;
  G1: new () => McLPoint;
  G2: new () => McLPoint;
  Fr: new () => MclFr;
  add<T>(a: T, b: T): T;
  mul(a: McLPoint, s: MclFr): McLPoint;
  mul(a: MclGT, b: MclGT): MclGT;
  millerLoop(p: McLPoint, q: McLPoint): MclGT;
  finalExp(x: MclGT): MclGT;
}

/** Affine G1 coordinates; undefined is the point at infinity. */
export type G1Affine = readonly [x: bigint, y: bigint] | undefined;
/** A G2 point as EIP-197 orders it: x imaginary, x real, y imaginary, y real (never infinity here). */
export type G2Coordinates = readonly [xi: bigint, xr: bigint, yi: bigint, yr: bigint];

export interface Bn254Ops {
  /**
   * The sum of the checked points at data[0..64) and data[64..128) (infinity where the flag says so), as
   * the 64-byte ECADD output.
   */
  addEncoded(data: Uint8Array, aInfinity: boolean, bInfinity: boolean): Uint8Array;
  /** The product of a point and a 32-byte big-endian scalar (reduced mod r: every point has order r). */
  mul(a: G1Affine, scalar: Uint8Array): G1Affine;
  /** Whether the G2 point (on the twist) lies in the order-r subgroup. */
  g2InSubgroup(q: G2Coordinates): boolean;
  /** Whether the product of e(P_i, Q_i) is one; no point is infinity, every Q_i is in the subgroup. */
  pairingIsOne(pairs: readonly { g1: readonly [bigint, bigint]; g2: G2Coordinates }[]): boolean;
}

const hex = (v: bigint) => v.toString(16);

function g1Of(mcl: Mcl, p: G1Affine): McLPoint {
  const point = new mcl.G1();
  if (p !== undefined) point.setStr(`1 ${hex(p[0])} ${hex(p[1])}`, 16);
  return point;
}

function g2Of(mcl: Mcl, q: G2Coordinates): McLPoint {
  const point = new mcl.G2();
  // mcl reads an Fp2 as real part, then imaginary part.
  point.setStr(`1 ${hex(q[1])} ${hex(q[0])} ${hex(q[3])} ${hex(q[2])}`, 16);
  return point;
}

/** mcl's affine string "1 x y" (hex) or "0" (infinity) as coordinates. */
function affineOf(point: McLPoint): G1Affine {
  if (point.isZero()) return undefined;
  const [flag, x, y] = point.getStr(16).split(" ");
  if (flag !== "1" || x === undefined || y === undefined) throw new Error(`mcl: unexpected point ${flag}`);
  return [BigInt(`0x${x}`), BigInt(`0x${y}`)];
}

function opsOf(mcl: Mcl): Bn254Ops {
  // Addition through mcl's memory directly (mcl-raw.ts): the string interface cost as much as noble.
  const adder = rawAdder(mcl.mod, 2, 32, 32, 32);
  return {
    addEncoded: (data, aInfinity, bInfinity) => adder.add(data, aInfinity ? -1 : 0, bInfinity ? -1 : 64),
    mul: (a, scalar) => {
      const s = new mcl.Fr();
      s.setBigEndianMod(scalar);
      return affineOf(mcl.mul(g1Of(mcl, a), s));
    },
    g2InSubgroup: (q) => {
      try {
        return g2Of(mcl, q).isValidOrder();
      } catch {
        return false; // a point mcl refuses to read is not a subgroup point either
      }
    },
    pairingIsOne: (pairs) => {
      let product: MclGT | undefined;
      for (const { g1, g2 } of pairs) {
        const e = mcl.millerLoop(g1Of(mcl, g1), g2Of(mcl, g2));
        product = product === undefined ? e : mcl.mul(product, e);
      }
      return product === undefined || mcl.finalExp(product).isOne();
    },
  };
}

const backend = new LazyBackend<Bn254Ops>(async () => {
  const mcl = createRequire(import.meta.url)("mcl-wasm") as Mcl;
  await mcl.init(mcl.BN_SNARK1);
  return opsOf(mcl);
});

/** Loads mcl (once per thread); resolves to its operations, or undefined when it is not installed. */
export function preloadBn254Backend(): Promise<Bn254Ops | undefined> {
  return backend.preload();
}

/** mcl's operations when loaded; otherwise starts loading it and returns undefined (use noble this time). */
export function mclBn254(): Bn254Ops | undefined {
  return backend.current();
}
