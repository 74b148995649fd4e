import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import {
  bls12381Backend,
  preloadBls12381Backend,
  setBls12381BackendEnabled,
} from "../../../src/evm/precompiles/bls12-381-mcl.js";
import { blsG1MsmGas, blsG2MsmGas } from "../../../src/evm/precompiles/bls12-381-msm.js";
import { assertFails, assertOk, call, word } from "./helpers.js";

let mclInstalled = true;
try {
  createRequire(import.meta.url).resolve("mcl-wasm");
} catch {
  mclInstalled = false;
}

const { Fp, Fp2: F2 } = bls12_381.fields;
const P = Fp.ORDER;
const Q = bls12_381.fields.Fr.ORDER;
const fp = (v: bigint) => word(v, 64);
const INF_G1 = "00".repeat(128);
const INF_G2 = "00".repeat(256);

// EIP-2537 vectors (G1 generator, 2 * G1, map_fp_to_G1 "bls_g1map_", map_fp2_to_G2 "bls_g2map_616263").
const G1 =
  fp(0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn) +
  fp(0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1n);
const G1_DOUBLE =
  fp(0x0572cbea904d67468808c8eb50a9450c9721db309128012543902d0ac358a62ae28f75bb8f1c7c42c39a8c5529bf0f4en) +
  fp(0x166a9d8cabc673a322fda673779d8e3822ba3ecb8670e461f73bb9021d5fd76a4c56d9d4cd16bd1bba86881979749d28n);

const encodeG1 = (p: WeierstrassPoint<bigint>) => {
  if (p.is0()) return INF_G1;
  const { x, y } = p.toAffine();
  return fp(x) + fp(y);
};
const encodeG2 = (p: WeierstrassPoint<Fp2>) => {
  if (p.is0()) return INF_G2;
  const { x, y } = p.toAffine();
  return fp(x.c0) + fp(x.c1) + fp(y.c0) + fp(y.c1);
};
const G2_POINT = bls12_381.G2.Point.BASE;
const G2 = encodeG2(G2_POINT);
const NEG_G1 = encodeG1(bls12_381.G1.Point.BASE.negate());

/** A point on E(Fp) outside the order-q subgroup (G1's cofactor is about 2^125). */
function g1OutsideSubgroup(): string {
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      continue;
    }
    if (!Fp.eql(Fp.sqr(y), rhs) || bls12_381.G1.Point.fromAffine({ x, y }).isTorsionFree()) continue;
    return fp(x) + fp(y);
  }
}

/** A point on E'(Fp2) outside the order-q subgroup. */
function g2OutsideSubgroup(): string {
  const b = bls12_381.G2.Point.CURVE().b;
  for (let k = 1n; ; k++) {
    const x = F2.fromBigTuple([k, 1n]);
    const rhs = F2.add(F2.mul(F2.sqr(x), x), b);
    let y: Fp2;
    try {
      y = F2.sqrt(rhs);
    } catch {
      continue;
    }
    if (!F2.eql(F2.sqr(y), rhs) || bls12_381.G2.Point.fromAffine({ x, y }).isTorsionFree()) continue;
    return fp(x.c0) + fp(x.c1) + fp(y.c0) + fp(y.c1);
  }
}

const G1_OUTSIDE = g1OutsideSubgroup();
const G2_OUTSIDE = g2OutsideSubgroup();
const G1_OFF_CURVE = fp(1n) + fp(1n);
const G2_OFF_CURVE = fp(1n) + fp(1n) + fp(1n) + fp(1n);

// Every suite runs on both backends: mcl (awaited, when installed) and noble (the fallback, forced).
for (const backend of ["mcl", "noble"] as const) {
  describe(`BLS12-381 precompiles on ${backend}`, () => {
    before(async () => {
      setBls12381BackendEnabled(backend === "mcl");
      if (backend === "mcl") {
        assert.equal(
          (await preloadBls12381Backend()) !== undefined,
          mclInstalled,
          "mcl loads when installed",
        );
      }
      assert.equal(bls12381Backend(), backend === "mcl" && mclInstalled ? "mcl (WASM)" : "noble");
    });
    after(() => setBls12381BackendEnabled(true));

    describe("BLS12-381 field element and point encoding", () => {
      it("G2 coordinates are c0 then c1 (generator x.c0 starts 024aa2b2)", () => {
        assert.ok(G2.startsWith(`${"00".repeat(16)}024aa2b2f08f0a91`));
      });

      it("rejects a nonzero top 16 bytes, a coordinate >= p, and points off the curve", () => {
        const topByte = `01${G1.slice(2)}`;
        assertFails(call(0x0bn, topByte + G1, { fork: "Prague" }));
        assertFails(call(0x0bn, fp(P) + fp(0n) + G1, { fork: "Prague" }));
        // x = p + 1 would reduce to a valid x; it must still be rejected.
        const x = BigInt(`0x${G1.slice(0, 128)}`);
        assertFails(call(0x0bn, fp(x + P) + G1.slice(128) + G1, { fork: "Prague" }));
        assertFails(call(0x0bn, G1_OFF_CURVE + G1, { fork: "Prague" }));
        assertFails(call(0x0dn, G2_OFF_CURVE + G2, { fork: "Prague" }));
      });
    });

    describe("BLS12_G1ADD (0x0b)", () => {
      it("adds, 375 gas", () => {
        assertOk(call(0x0bn, G1 + G1, { fork: "Prague" }), 375, G1_DOUBLE);
        assertOk(call(0x0bn, INF_G1 + G1), 375, G1);
        assertOk(call(0x0bn, INF_G1 + INF_G1), 375, INF_G1);
        assertOk(call(0x0bn, G1 + NEG_G1), 375, INF_G1);
      });

      it("does not require subgroup membership", () => {
        const point = bls12_381.G1.Point.fromAffine({
          x: BigInt(`0x${G1_OUTSIDE.slice(0, 128)}`),
          y: BigInt(`0x${G1_OUTSIDE.slice(128)}`),
        });
        assertOk(call(0x0bn, G1_OUTSIDE + G1), 375, encodeG1(point.add(bls12_381.G1.Point.BASE)));
      });

      it("fails unless the input is exactly 256 bytes, and out of gas", () => {
        assertFails(call(0x0bn, (G1 + G1).slice(2)));
        assertFails(call(0x0bn, `${G1 + G1}00`));
        assertFails(call(0x0bn, ""));
        assertFails(call(0x0bn, G1 + G1, { gas: 374 }));
      });
    });

    describe("BLS12_G2ADD (0x0d)", () => {
      it("adds, 600 gas", () => {
        const double = encodeG2(G2_POINT.double());
        assertOk(call(0x0dn, G2 + G2), 600, double);
        assertOk(call(0x0dn, G2 + INF_G2), 600, G2);
        assertOk(call(0x0dn, G2 + encodeG2(G2_POINT.negate())), 600, INF_G2);
      });

      it("does not require subgroup membership", () => {
        assert.equal(call(0x0dn, G2_OUTSIDE + G2).success, true);
      });

      it("fails unless the input is exactly 512 bytes, and out of gas", () => {
        assertFails(call(0x0dn, (G2 + G2).slice(2)));
        assertFails(call(0x0dn, G2 + G2, { gas: 599 }));
      });
    });

    describe("BLS12_G1MSM (0x0c)", () => {
      it("multiplies: the EIP's G1 * 2 vector, zero and q scalars, unreduced scalars", () => {
        assertOk(call(0x0cn, G1 + word(2n)), 12000, G1_DOUBLE);
        assertOk(call(0x0cn, G1 + word(0n)), 12000, INF_G1);
        assertOk(call(0x0cn, G1 + word(Q)), 12000, INF_G1);
        assertOk(call(0x0cn, G1 + word(Q + 2n)), 12000, G1_DOUBLE);
        assertOk(call(0x0cn, INF_G1 + word(5n)), 12000, INF_G1);
      });

      it("sums several pairs, with the discounted gas", () => {
        assertOk(call(0x0cn, G1 + word(1n) + G1 + word(1n)), 22776, G1_DOUBLE);
        const expected = encodeG1(bls12_381.G1.Point.BASE.multiply(1n + 2n + 3n));
        assertOk(
          call(0x0cn, G1 + word(1n) + G1 + word(2n) + INF_G1 + word(7n) + G1 + word(3n)),
          38256,
          expected,
        );
      });

      it("requires subgroup membership", () => {
        assertFails(call(0x0cn, G1_OUTSIDE + word(1n)));
        assertFails(call(0x0cn, G1_OUTSIDE + word(0n)));
        assertFails(call(0x0cn, G1 + word(1n) + G1_OFF_CURVE + word(1n)));
      });

      it("fails for empty input, a length not a multiple of 160, and out of gas", () => {
        assertFails(call(0x0cn, ""));
        assertFails(call(0x0cn, `${G1}${word(1n)}00`));
        assertFails(call(0x0cn, G1));
        assertFails(call(0x0cn, G1 + word(2n), { gas: 11999 }));
      });

      it("gas: floor(k * 12000 * discount(k) / 1000), discount capped at 519 past 128 pairs", () => {
        assert.equal(blsG1MsmGas(1), 12000);
        assert.equal(blsG1MsmGas(2), 22776);
        assert.equal(blsG1MsmGas(3), 30528);
        assert.equal(blsG1MsmGas(128), Math.floor((128 * 12000 * 519) / 1000));
        assert.equal(blsG1MsmGas(129), Math.floor((129 * 12000 * 519) / 1000));
        assert.equal(blsG1MsmGas(1000), Math.floor((1000 * 12000 * 519) / 1000));
      });
    });

    describe("BLS12_G2MSM (0x0e)", () => {
      it("multiplies and sums, with the discounted gas", () => {
        const double = encodeG2(G2_POINT.double());
        assertOk(call(0x0en, G2 + word(2n)), 22500, double);
        assertOk(call(0x0en, G2 + word(1n) + G2 + word(1n)), 45000, double);
        assertOk(call(0x0en, G2 + word(Q)), 22500, INF_G2);
      });

      it("requires subgroup membership", () => {
        assertFails(call(0x0en, G2_OUTSIDE + word(1n)));
        assertFails(call(0x0en, G2_OFF_CURVE + word(1n)));
      });

      it("fails for empty input, a length not a multiple of 288, and out of gas", () => {
        assertFails(call(0x0en, ""));
        assertFails(call(0x0en, `${G2}${word(1n)}00`));
        assertFails(call(0x0en, G2 + word(2n), { gas: 22499 }));
      });

      it("gas: multiplier 22500, discount capped at 524 past 128 pairs", () => {
        assert.equal(blsG2MsmGas(1), 22500);
        assert.equal(blsG2MsmGas(2), 45000);
        assert.equal(blsG2MsmGas(3), Math.floor((3 * 22500 * 923) / 1000));
        assert.equal(blsG2MsmGas(128), Math.floor((128 * 22500 * 524) / 1000));
        assert.equal(blsG2MsmGas(200), Math.floor((200 * 22500 * 524) / 1000));
      });
    });

    describe("BLS12_PAIRING_CHECK (0x0f)", () => {
      it("e(G1, G2) * e(-G1, G2) = 1 and e(G1, G2) != 1; gas 32600 * k + 37700", () => {
        assertOk(call(0x0fn, G1 + G2 + NEG_G1 + G2), 102900, word(1n));
        assertOk(call(0x0fn, G1 + G2), 70300, word(0n));
      });

      it("pairs with the point at infinity contribute 1", () => {
        assertOk(call(0x0fn, INF_G1 + G2), 70300, word(1n));
        assertOk(call(0x0fn, G1 + INF_G2), 70300, word(1n));
        assertOk(call(0x0fn, G1 + G2 + INF_G1 + INF_G2 + NEG_G1 + G2), 135500, word(1n));
      });

      it("requires subgroup membership of both points, even next to infinity", () => {
        assertFails(call(0x0fn, G1_OUTSIDE + G2));
        assertFails(call(0x0fn, G1 + G2_OUTSIDE));
        assertFails(call(0x0fn, G1_OUTSIDE + INF_G2));
        assertFails(call(0x0fn, INF_G1 + G2_OUTSIDE));
        assertFails(call(0x0fn, G1_OFF_CURVE + G2));
      });

      it("fails for empty input, a length not a multiple of 384, and out of gas", () => {
        assertFails(call(0x0fn, ""));
        assertFails(call(0x0fn, `${G1 + G2}00`));
        assertFails(call(0x0fn, G1 + G2 + NEG_G1 + G2, { gas: 102899 }));
      });
    });

    describe("BLS12_MAP_FP_TO_G1 (0x10) and BLS12_MAP_FP2_TO_G2 (0x11)", () => {
      it("EIP-2537 bls_g1map_ vector, 5500 gas", () => {
        assertOk(
          call(
            0x10n,
            fp(
              0x156c8a6a2c184569d69a76be144b5cdc5141d2d2ca4fe341f011e25e3969c55ad9e9b9ce2eb833c81a908e5fa4ac5f03n,
            ),
          ),
          5500,
          fp(
            0x184bb665c37ff561a89ec2122dd343f20e0f4cbcaec84e3c3052ea81d1834e192c426074b02ed3dca4e7676ce4ce48ban,
          ) +
            fp(
              0x04407b8d35af4dacc809927071fc0405218f1401a6d15af775810e4e460064bcc9468beeba82fdc751be70476c888bf3n,
            ),
        );
      });

      it("EIP-2537 bls_g2map_616263 vector, 23800 gas", () => {
        assertOk(
          call(
            0x11n,
            fp(
              0x138879a9559e24cecee8697b8b4ad32cced053138ab913b99872772dc753a2967ed50aabc907937aefb2439ba06cc50cn,
            ) +
              fp(
                0x0a1ae7999ea9bab1dcc9ef8887a6cb6e8f1e22566015428d220b7eec90ffa70ad1f624018a9ad11e78d588bd3617f9f2n,
              ),
          ),
          23800,
          fp(
            0x108ed59fd9fae381abfd1d6bce2fd2fa220990f0f837fa30e0f27914ed6e1454db0d1ee957b219f61da6ff8be0d6441fn,
          ) +
            fp(
              0x0296238ea82c6d4adb3c838ee3cb2346049c90b96d602d7bb1b469b905c9228be25c627bffee872def773d5b2a2eb57dn,
            ) +
            fp(
              0x033f90f6057aadacae7963b0a0b379dd46750c1c94a6357c99b65f63b79e321ff50fe3053330911c56b6ceea08fee656n,
            ) +
            fp(
              0x153606c417e59fb331b7ae6bce4fbf7c5190c33ce9402b5ebe2b70e44fca614f3f1382a3625ed5493843d0b0a652fc3fn,
            ),
        );
      });

      it("the result is in the subgroup", () => {
        const out = call(0x10n, fp(7n)).output;
        assert.equal(call(0x0cn, Uint8Array.from([...out, ...new Uint8Array(32)])).success, true);
      });

      it("fails for a field element >= p or with nonzero top bytes, a wrong length, and out of gas", () => {
        assertFails(call(0x10n, fp(P)));
        assertFails(call(0x10n, `01${fp(7n).slice(2)}`));
        assertFails(call(0x10n, fp(7n).slice(2)));
        assertFails(call(0x10n, `${fp(7n)}00`));
        assertFails(call(0x10n, fp(7n), { gas: 5499 }));
        assertFails(call(0x11n, fp(1n) + fp(P)));
        assertFails(call(0x11n, fp(1n)));
        assertFails(call(0x11n, fp(1n) + fp(2n), { gas: 23799 }));
      });
    });
  });
}
