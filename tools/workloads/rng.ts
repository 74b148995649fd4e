// Deterministic randomness for the workload generators: a seeded sfc32 stream per purpose (the stream's
// key is keccak256 of the seed and a label, so adding a stream never shifts another), plus the samplers the
// generators need (integers, bigints in a range, Zipf ranks, shuffles).
import { keccak256 } from "../../src/primitives/keccak.js";

const encoder = new TextEncoder();

/** keccak256(`lanes-bench/<seed>/<label>`): the root of every derived value. */
export function seedBytes(seed: number, label: string): Uint8Array {
  return keccak256(encoder.encode(`lanes-bench/${seed}/${label}`));
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, label: string) {
    const s = seedBytes(seed, label);
    const word = (i: number) => ((s[i]! << 24) | (s[i + 1]! << 16) | (s[i + 2]! << 8) | s[i + 3]!) >>> 0;
    this.a = word(0);
    this.b = word(4);
    this.c = word(8);
    this.d = word(12) | 1;
    for (let i = 0; i < 16; i++) this.next32();
  }

  /** sfc32: a small, fast, well-tested 32-bit generator. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return (this.next32() * 2 ** 21 + (this.next32() >>> 11)) / 2 ** 53;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform bigint in [lo, hi]. */
  bigint(lo: bigint, hi: bigint): bigint {
    const span = hi - lo + 1n;
    let x = 0n;
    for (let i = 0; i < 4; i++) x = (x << 32n) | BigInt(this.next32());
    return lo + (x % span);
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Samples ranks 0..n-1 with P(k) proportional to 1/(k+1)^s (rank 0 most likely). */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) total += 1 / (k + 1) ** s;
    let acc = 0;
    for (let k = 0; k < n; k++) {
      acc += 1 / (k + 1) ** s / total;
      this.cdf[k] = acc;
    }
    this.cdf[n - 1] = 1;
  }

  sample(rng: Rng): number {
    const u = rng.float();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The probability of rank k. */
  probability(k: number): number {
    return this.cdf[k]! - (k > 0 ? this.cdf[k - 1]! : 0);
  }
}
