// Differential test of the BLS12-381 backends: every EIP-2537 precompile on mcl (the adopted backend) and on
// noble (the fallback) must give the same success, gas and output on random and edge inputs: derived points,
// points outside the subgroup, off the curve, coordinates at and above p, infinity, zero and unreduced
// scalars, multi-pair sums and pairings, map inputs at 0, 1, p - 1 and random. Skipped (one notice) when
// mcl-wasm is not installed: then only noble exists.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { before, describe, it } from "node:test";
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { FORKS } from "../../../src/evm/forks.js";
import {
  blsG1Add,
  blsG1AddNoble,
  blsG2Add,
  blsG2AddNoble,
} from "../../../src/evm/precompiles/bls12-381-add.js";
import {
  blsMapFp2ToG2,
  blsMapFp2ToG2Noble,
  blsMapFpToG1,
  blsMapFpToG1Noble,
} from "../../../src/evm/precompiles/bls12-381-map.js";
import {
  bls12381Backend,
  MSM_CHUNK,
  onMclOrNoble,
  preloadBls12381Backend,
} from "../../../src/evm/precompiles/bls12-381-mcl.js";
import {
  blsG1Msm,
  blsG1MsmNoble,
  blsG2Msm,
  blsG2MsmNoble,
} from "../../../src/evm/precompiles/bls12-381-msm.js";
import { blsPairing, blsPairingNoble } from "../../../src/evm/precompiles/bls12-381-pairing.js";
import { mclBn254 } from "../../../src/evm/precompiles/bn254-mcl.js";
import { preloadPrecompileBackends } from "../../../src/evm/precompiles/index.js";
import { p256Backend } from "../../../src/evm/precompiles/p256-mcl.js";
import type { Precompile } from "../../../src/evm/precompiles/types.js";
import { bytesToHex, hexToBytes } from "../../../src/primitives/hex.js";
import { word } from "./helpers.js";

let mclInstalled = true;
try {
  createRequire(import.meta.url).resolve("mcl-wasm");
} catch {
  mclInstalled = false;
}
if (!mclInstalled)
  console.log("# bls12-381-backend: mcl-wasm not installed, the differential test is skipped");

const { Fp, Fp2: F2 } = bls12_381.fields;
const P = Fp.ORDER;
const Q = bls12_381.fields.Fr.ORDER;
const G1P = bls12_381.G1.Point;
const G2P = bls12_381.G2.Point;
const fp = (v: bigint) => word(v, 64);
const INF_G1 = "00".repeat(128);
const INF_G2 = "00".repeat(256);

const g1 = (p: WeierstrassPoint<bigint>) => {
  if (p.is0()) return INF_G1;
  const { x, y } = p.toAffine();
  return fp(x) + fp(y);
};
const g2 = (p: WeierstrassPoint<Fp2>) => {
  if (p.is0()) return INF_G2;
  const { x, y } = p.toAffine();
  return fp(x.c0) + fp(x.c1) + fp(y.c0) + fp(y.c1);
};

/** Deterministic 256-bit pseudo-random numbers (a 64-bit LCG step over a 256-bit state). */
let seed = 0x0bad_cafe_1234_5678n;
const next = () => {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
  return seed;
};
const scalarIn = (n: bigint) => (next() % (n - 1n)) + 1n;

function g1Outside(): WeierstrassPoint<bigint> {
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      continue;
    }
    if (!Fp.eql(Fp.sqr(y), rhs)) continue;
    const point = G1P.fromAffine({ x, y });
    if (!point.isTorsionFree()) return point;
  }
}

function g2Outside(): WeierstrassPoint<Fp2> {
  const b = G2P.CURVE().b;
  for (let k = 1n; ; k++) {
    const x = F2.fromBigTuple([k, 1n]);
    const rhs = F2.add(F2.mul(F2.sqr(x), x), b);
    let y: Fp2;
    try {
      y = F2.sqrt(rhs);
    } catch {
      continue;
    }
    if (!F2.eql(F2.sqr(y), rhs)) continue;
    const point = G2P.fromAffine({ x, y });
    if (!point.isTorsionFree()) return point;
  }
}

const PAIRS: readonly [name: string, adopted: Precompile, noble: Precompile][] = [
  ["G1ADD", blsG1Add, blsG1AddNoble],
  ["G1MSM", blsG1Msm, blsG1MsmNoble],
  ["G2ADD", blsG2Add, blsG2AddNoble],
  ["G2MSM", blsG2Msm, blsG2MsmNoble],
  ["PAIRING", blsPairing, blsPairingNoble],
  ["MAP_FP_TO_G1", blsMapFpToG1, blsMapFpToG1Noble],
  ["MAP_FP2_TO_G2", blsMapFp2ToG2, blsMapFp2ToG2Noble],
];
const BY_NAME = new Map(PAIRS.map(([name, a, n]) => [name, [a, n] as const]));
const RULES = FORKS.Osaka;

/** Runs both backends on `input`; asserts the same success, gas and output; returns whether it succeeded. */
function same(name: string, input: string, gas = 100_000_000): boolean {
  const [adopted, noble] = BY_NAME.get(name)!;
  const bytes = hexToBytes(`0x${input}`);
  const a = adopted(bytes, gas, RULES);
  const n = noble(bytes, gas, RULES);
  const what = `${name} on ${input.slice(0, 48)}... (${input.length / 2} bytes)`;
  assert.equal(a.success, n.success, `${what}: success`);
  if (n.success) {
    assert.equal(a.gasUsed, n.gasUsed, `${what}: gas`);
    assert.equal(bytesToHex(a.output), bytesToHex(n.output), `${what}: output`);
  }
  return n.success;
}

describe("BLS12-381 backends: mcl against noble", { skip: !mclInstalled }, () => {
  const G1_OUT = g1Outside();
  const G2_OUT = g2Outside();

  before(async () => {
    assert.ok(await preloadBls12381Backend(), "mcl loads");
    assert.equal(bls12381Backend(), "mcl (WASM)");
  });

  it("preloadPrecompileBackends leaves BN254, BLS12-381 and P-256 on mcl", async () => {
    await preloadPrecompileBackends();
    assert.equal(bls12381Backend(), "mcl (WASM)");
    assert.equal(p256Backend(), "mcl (WASM)");
    assert.ok(mclBn254() !== undefined, "BN254 on mcl");
  });

  it("the subgroup checks equal the definition ([q]P = O) on points in and outside the subgroups", async () => {
    const mcl = (await preloadBls12381Backend())!;
    const inG1 = (p: WeierstrassPoint<bigint>) =>
      p
        .multiplyUnsafe(Q - 1n)
        .add(p)
        .is0();
    const inG2 = (p: WeierstrassPoint<Fp2>) =>
      p
        .multiplyUnsafe(Q - 1n)
        .add(p)
        .is0();
    let outside = 0;
    // Curve points from successive x: almost all outside the subgroup, with varied cofactor components.
    for (let x = 1n, found = 0; found < 16; x++) {
      const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
      let y: bigint;
      try {
        y = Fp.sqrt(rhs);
      } catch {
        continue;
      }
      if (!Fp.eql(Fp.sqr(y), rhs)) continue;
      found++;
      for (const point of [
        G1P.fromAffine({ x, y }),
        G1P.fromAffine({ x, y }).add(G1P.BASE.multiply(scalarIn(Q))),
      ]) {
        const expected = inG1(point);
        if (!expected) outside++;
        assert.equal(mcl.g1InSubgroup(point.toAffine()), expected, `G1 point x = ${x}`);
      }
    }
    for (let i = 0; i < 6; i++) {
      const point = G1P.BASE.multiply(scalarIn(Q));
      assert.equal(mcl.g1InSubgroup(point.toAffine()), true);
      const p2 = G2P.BASE.multiply(scalarIn(Q));
      assert.equal(mcl.g2InSubgroup(p2.toAffine()), true);
      const o2 = G2_OUT.multiply(BigInt(i + 1)).add(p2);
      assert.equal(mcl.g2InSubgroup(o2.toAffine()), inG2(o2));
    }
    assert.ok(outside >= 16, "the sample has points outside G1");
  });

  it("additions of derived points, doublings, inverses, infinity and points outside the subgroup", () => {
    for (let i = 0; i < 6; i++) {
      const a = G1P.BASE.multiply(scalarIn(Q));
      const b = G1P.BASE.multiply(scalarIn(Q));
      const outside = G1_OUT.multiply(BigInt(i + 1)).add(a);
      for (const input of [
        g1(a) + g1(b),
        g1(a) + g1(a),
        g1(a) + g1(a.negate()),
        g1(a) + INF_G1,
        INF_G1 + INF_G1,
      ]) {
        assert.ok(same("G1ADD", input));
      }
      assert.ok(same("G1ADD", g1(outside) + g1(b)));
      assert.ok(same("G1ADD", g1(outside) + g1(outside)));
      const c = G2P.BASE.multiply(scalarIn(Q));
      const d = G2P.BASE.multiply(scalarIn(Q));
      const outside2 = G2_OUT.multiply(BigInt(i + 1)).add(c);
      for (const input of [
        g2(c) + g2(d),
        g2(c) + g2(c),
        g2(c) + g2(c.negate()),
        INF_G2 + g2(d),
        g2(outside2) + g2(d),
      ]) {
        assert.ok(same("G2ADD", input));
      }
    }
  });

  it("invalid encodings fail on both: top bytes, coordinates >= p, off the curve, wrong lengths, out of gas", () => {
    const a = g1(G1P.BASE.multiply(scalarIn(Q)));
    const c = g2(G2P.BASE.multiply(scalarIn(Q)));
    const x = BigInt(`0x${a.slice(0, 128)}`);
    const bad1 = [
      `01${a.slice(2)}`,
      fp(x + P) + a.slice(128),
      fp(P) + fp(0n),
      fp(1n) + fp(1n),
      fp(0n) + fp(3n),
    ];
    for (const b of bad1) {
      assert.equal(same("G1ADD", b + a), false);
      assert.equal(same("G1MSM", b + word(1n)), false);
      assert.equal(same("PAIRING", b + c), false);
    }
    const bad2 = [
      c.slice(0, 256) + fp((BigInt(`0x${c.slice(256, 384)}`) + 1n) % P) + c.slice(384),
      fp(P) + c.slice(128),
      fp(1n) + fp(1n) + fp(1n) + fp(1n),
    ];
    for (const b of bad2) {
      assert.equal(same("G2ADD", c + b), false);
      assert.equal(same("G2MSM", b + word(1n)), false);
      assert.equal(same("PAIRING", a + b), false);
    }
    assert.equal(same("G1ADD", a + a, 374), false);
    assert.equal(same("G1ADD", `${a}${a}00`), false);
    assert.equal(same("G2MSM", `${c}${word(1n)}00`), false);
    assert.equal(same("G1MSM", ""), false);
    assert.equal(same("PAIRING", ""), false);
    assert.equal(same("MAP_FP_TO_G1", fp(P)), false);
    assert.equal(same("MAP_FP2_TO_G2", fp(1n) + fp(P + 1n)), false);
  });

  it("MSM: random and edge scalars, several pairs with infinity and zero scalars, subgroup checks", () => {
    const edge = [0n, 1n, 2n, Q - 1n, Q, Q + 1n, (1n << 256n) - 1n];
    for (const s of [...edge, next(), next()]) {
      const a = G1P.BASE.multiply(scalarIn(Q));
      const c = G2P.BASE.multiply(scalarIn(Q));
      assert.ok(same("G1MSM", g1(a) + word(s)));
      assert.ok(same("G2MSM", g2(c) + word(s)));
      assert.ok(same("G1MSM", INF_G1 + word(s)));
    }
    for (const k of [2, 3, 5]) {
      let in1 = "";
      let in2 = "";
      for (let i = 0; i < k; i++) {
        const s = i === 1 ? 0n : next();
        in1 += (i === 2 ? INF_G1 : g1(G1P.BASE.multiply(scalarIn(Q)))) + word(s);
        in2 += (i === 2 ? INF_G2 : g2(G2P.BASE.multiply(scalarIn(Q)))) + word(s);
      }
      assert.ok(same("G1MSM", in1));
      assert.ok(same("G2MSM", in2));
      // The same sums with one point outside the subgroup (even with a zero scalar) fail.
      assert.equal(same("G1MSM", in1 + g1(G1_OUT) + word(0n)), false);
      assert.equal(same("G2MSM", g2(G2_OUT) + word(5n) + in2), false);
    }
    // A sum that cancels: s*P + (q - s)*P = O.
    const a = G1P.BASE.multiply(scalarIn(Q));
    const s = scalarIn(Q);
    assert.ok(same("G1MSM", g1(a) + word(s) + g1(a) + word(Q - s)));
  });

  it("MSM past one mcl mulVec chunk (MSM_CHUNK pairs) sums the chunks", () => {
    let in1 = "";
    for (let i = 0; i < MSM_CHUNK + 2; i++) in1 += g1(G1P.BASE.multiply(BigInt(i + 2))) + word(next());
    assert.ok(same("G1MSM", in1), "G1MSM past one chunk");
    let in2 = "";
    for (let i = 0; i < MSM_CHUNK + 1; i++) in2 += g2(G2P.BASE.multiply(BigInt(i + 3))) + word(next());
    assert.ok(same("G2MSM", in2), "G2MSM past one chunk");
  });

  it("a call on which mcl throws is answered by noble", () => {
    const boom = onMclOrNoble(() => {
      throw new Error("mcl failure");
    }, blsG1AddNoble);
    const input = hexToBytes(`0x${g1(G1P.BASE) + g1(G1P.BASE)}`);
    assert.deepEqual(boom(input, 1e6, RULES), blsG1AddNoble(input, 1e6, RULES));
  });

  it("pairing: products that are one and that are not, infinity pairs, subgroup checks", () => {
    const G1 = G1P.BASE;
    const G2 = G2P.BASE;
    for (let i = 0; i < 3; i++) {
      const a = scalarIn(Q);
      const b = scalarIn(Q);
      const one = g1(G1.multiply(a)) + g2(G2.multiply(b)) + g1(G1.multiply((a * b) % Q).negate()) + g2(G2);
      const notOne = g1(G1.multiply(a)) + g2(G2.multiply(b)) + g1(G1.multiply(a).negate()) + g2(G2);
      assert.ok(same("PAIRING", one));
      assert.ok(same("PAIRING", notOne));
      assert.ok(same("PAIRING", INF_G1 + g2(G2.multiply(b)) + one));
      assert.equal(same("PAIRING", one + g1(G1_OUT) + INF_G2), false);
      assert.equal(same("PAIRING", INF_G1 + g2(G2_OUT.add(G2)) + one), false);
    }
    const out = hexToBytes(`0x${"00".repeat(31)}01`);
    const one = blsPairing(hexToBytes(`0x${g1(G1) + g2(G2) + g1(G1.negate()) + g2(G2)}`), 1e9, RULES);
    assert.deepEqual(one.output, out, "e(P, Q) * e(-P, Q) = 1 on mcl");
  });

  it("map to curve: 0, 1, p - 1 and random field elements", () => {
    for (const u of [0n, 1n, P - 1n, (P - 1n) / 2n, next() % P, next() % P, next() % P]) {
      assert.ok(same("MAP_FP_TO_G1", fp(u)));
      assert.ok(same("MAP_FP2_TO_G2", fp(u) + fp(next() % P)));
      assert.ok(same("MAP_FP2_TO_G2", fp(0n) + fp(u)));
    }
  });
});
