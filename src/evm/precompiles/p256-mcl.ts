// NIST P-256 point arithmetic on mcl (WebAssembly, the optional dependency `mcl-wasm`, curve NIST_P256)
// for P256VERIFY (p256verify.ts): the one expensive step of ECDSA verification, u1*G + u2*Q. Everything
// else (lengths, ranges of r, s and the key's coordinates, the curve check, the scalars, the comparison
// with r) is p256verify.ts's own code. A private mcl instance (mcl-instance.ts), loaded in the background
// on first use or through preloadP256Backend; noble answers until it is ready.

import { LazyBackend } from "./lazy-backend.js";
import { freshMclModule } from "./mcl-instance.js";

export interface P256Ops {
  /** The x coordinate of u1*G + u2*Q (Q on the curve; u1, u2 below n), or undefined for infinity. */
  combinedX(u1: bigint, u2: bigint, qx: bigint, qy: bigint): bigint | undefined;
}

interface MclPoint {
  setStr(s: string, base?: number): void;
  getStr(base?: number): string;
  normalize(): void;
}
interface MclFr {
  setStr(s: string, base?: number): void;
}
interface Mcl {
  NIST_P256: number;
  init(curve: number): Promise<void>;
  verifyOrderG1(doVerify: boolean): void;
  getBasePointG1(): MclPoint;
  G1: new () => MclPoint;
  Fr: new () => MclFr;
  mulVec(points: MclPoint[], scalars: MclFr[]): MclPoint;
}

function opsOf(mcl: Mcl): P256Ops {
  const base = mcl.getBasePointG1();
  return {
    combinedX(u1, u2, qx, qy) {
      const q = new mcl.G1();
      q.setStr(`1 ${qx.toString(16)} ${qy.toString(16)}`, 16);
      const a = new mcl.Fr();
      a.setStr(u1.toString(16), 16);
      const b = new mcl.Fr();
      b.setStr(u2.toString(16), 16);
      const sum = mcl.mulVec([base, q], [a, b]);
      sum.normalize();
      const [flag, x] = sum.getStr(16).split(" ");
      if (flag === "0") return undefined;
      if (flag !== "1" || x === undefined) throw new Error(`mcl: unexpected point ${flag}`);
      return BigInt(`0x${x}`);
    },
  };
}

const backend = new LazyBackend<P256Ops>(async () => {
  const mcl = freshMclModule<Mcl>();
  await mcl.init(mcl.NIST_P256);
  mcl.verifyOrderG1(false); // cofactor 1: every curve point has order n
  return opsOf(mcl);
});

/** Loads mcl's P-256 instance (once per thread); resolves to its operations, or undefined if absent. */
export function preloadP256Backend(): Promise<P256Ops | undefined> {
  return backend.preload();
}

/** mcl's operations when loaded; otherwise starts loading them and returns undefined (use noble this time). */
export function mclP256(): P256Ops | undefined {
  return backend.current();
}

/** Turns the mcl backend off (noble answers) or back on: for tests and the benchmark's noble column. */
export function setP256BackendEnabled(on: boolean): void {
  backend.setEnabled(on);
}

/** The backend P256VERIFY runs on in this thread right now. */
export function p256Backend(): "mcl (WASM)" | "noble" {
  return backend.inUse() ? "mcl (WASM)" : "noble";
}
