// The 256-bit word path, measured in isolation: the cost per operation of the representation the
// interpreter uses today (a bigint per word, a fresh bigint per result) against limbs in a typed array
// (16 limbs of 16 bits in one preallocated Uint32Array "stack", results written in place, no allocation),
// and a small-value fast path (Number arithmetic when both operands are below 2^32). Every variant is
// checked against bigint on random operands before it is timed. CPU time per operation, in nanoseconds.
//
// Usage: node dist/bench/evm/word-bench.js [--ops 2000000]

const MASK = (1n << 256n) - 1n;
const LIMBS = 16;

function toLimbs(v: bigint, out: Uint32Array, at: number): void {
  for (let i = 0; i < LIMBS; i++) {
    out[at + i] = Number(v & 0xffffn);
    v >>= 16n;
  }
}

function fromLimbs(a: Uint32Array, at: number): bigint {
  let v = 0n;
  for (let i = LIMBS - 1; i >= 0; i--) v = (v << 16n) | BigInt(a[at + i]!);
  return v;
}

/** a[x] = a[x] + a[y] mod 2^256, limbs little-endian. */
function addLimbs(a: Uint32Array, x: number, y: number): void {
  let carry = 0;
  for (let i = 0; i < LIMBS; i++) {
    const t = a[x + i]! + a[y + i]! + carry;
    a[x + i] = t & 0xffff;
    carry = t >>> 16;
  }
}

const acc = new Float64Array(LIMBS);

/** a[x] = a[x] * a[y] mod 2^256: schoolbook over the low half (products < 2^32, sums exact in doubles). */
function mulLimbs(a: Uint32Array, x: number, y: number): void {
  acc.fill(0);
  for (let i = 0; i < LIMBS; i++) {
    const ai = a[x + i]!;
    if (ai === 0) continue;
    for (let j = 0; j < LIMBS - i; j++) acc[i + j]! += ai * a[y + j]!;
  }
  let carry = 0;
  for (let k = 0; k < LIMBS; k++) {
    const t = acc[k]! + carry;
    const low = t % 65536;
    a[x + k] = low;
    carry = (t - low) / 65536;
  }
}

function random256(seed: { s: number }, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 30) {
    seed.s = (seed.s * 1103515245 + 12345) % 2147483648;
    v = (v << 30n) | BigInt(seed.s & 0x3fffffff);
  }
  return v & ((1n << BigInt(bits)) - 1n);
}

function cpuNs(fn: () => void, ops: number): number {
  fn();
  const start = process.cpuUsage();
  fn();
  const d = process.cpuUsage(start);
  return ((d.user + d.system) * 1000) / ops;
}

const opsArg = process.argv.indexOf("--ops");
const OPS = opsArg >= 0 ? Number(process.argv[opsArg + 1]) : 2_000_000;
const N = 1024;

for (const bits of [256, 64, 32]) {
  const seed = { s: 7 };
  const xs = Array.from({ length: N }, () => random256(seed, bits));
  const ys = Array.from({ length: N }, () => random256(seed, bits));
  // One preallocated buffer for all operands, as a limb stack would be.
  const buf = new Uint32Array(2 * N * LIMBS);
  const load = () => {
    for (let i = 0; i < N; i++) {
      toLimbs(xs[i]!, buf, 2 * i * LIMBS);
      toLimbs(ys[i]!, buf, (2 * i + 1) * LIMBS);
    }
  };
  // Correctness first.
  load();
  for (let i = 0; i < N; i++) {
    mulLimbs(buf, 2 * i * LIMBS, (2 * i + 1) * LIMBS);
    const want = (xs[i]! * ys[i]!) & MASK;
    if (fromLimbs(buf, 2 * i * LIMBS) !== want) throw new Error("mulLimbs is wrong");
  }
  load();
  for (let i = 0; i < N; i++) {
    addLimbs(buf, 2 * i * LIMBS, (2 * i + 1) * LIMBS);
    const want = (xs[i]! + ys[i]!) & MASK;
    if (fromLimbs(buf, 2 * i * LIMBS) !== want) throw new Error("addLimbs is wrong");
  }
  const out = new Array<bigint>(N).fill(0n);
  const numbers = xs.map(Number);
  const numbersY = ys.map(Number);
  const outN = new Float64Array(N);
  const results: [string, number][] = [
    [
      "bigint MUL (a*b & MASK)",
      cpuNs(() => {
        for (let k = 0; k < OPS; k++) {
          const i = k & (N - 1);
          out[i] = (xs[i]! * ys[i]!) & MASK;
        }
      }, OPS),
    ],
    [
      "limbs MUL (16x16-bit, in place)",
      cpuNs(() => {
        for (let k = 0; k < OPS; k++) {
          const i = k & (N - 1);
          mulLimbs(buf, 2 * i * LIMBS, (2 * i + 1) * LIMBS);
        }
      }, OPS),
    ],
    [
      "bigint ADD (a+b, wrap)",
      cpuNs(() => {
        for (let k = 0; k < OPS; k++) {
          const i = k & (N - 1);
          const r = xs[i]! + ys[i]!;
          out[i] = r > MASK ? r - MASK - 1n : r;
        }
      }, OPS),
    ],
    [
      "limbs ADD (in place)",
      cpuNs(() => {
        for (let k = 0; k < OPS; k++) {
          const i = k & (N - 1);
          addLimbs(buf, 2 * i * LIMBS, (2 * i + 1) * LIMBS);
        }
      }, OPS),
    ],
    [
      "bigint DIV",
      cpuNs(() => {
        for (let k = 0; k < OPS; k++) {
          const i = k & (N - 1);
          const b = ys[i]!;
          out[i] = b === 0n ? 0n : xs[i]! / b;
        }
      }, OPS),
    ],
  ];
  if (bits <= 32) {
    results.push([
      "number ADD (small-value fast path)",
      cpuNs(() => {
        for (let k = 0; k < OPS; k++) {
          const i = k & (N - 1);
          outN[i] = numbers[i]! + numbersY[i]!;
        }
      }, OPS),
    ]);
    results.push([
      "number MUL (small-value fast path)",
      cpuNs(() => {
        for (let k = 0; k < OPS; k++) {
          const i = k & (N - 1);
          outN[i] = numbers[i]! * numbersY[i]!;
        }
      }, OPS),
    ]);
  }
  process.stdout.write(`\noperands of ${bits} bits\n`);
  for (const [name, ns] of results)
    process.stdout.write(`  ${name.padEnd(36)} ${ns.toFixed(1).padStart(7)} ns/op\n`);
}
