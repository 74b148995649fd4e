// P256VERIFY (0x100, EIP-7951) on both backends (mcl, awaited, when installed; noble, forced), plus a
// differential test of the two on random signatures and edge cases.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import { p256 } from "@noble/curves/nist.js";
import { FORKS } from "../../../src/evm/forks.js";
import {
  p256Backend,
  preloadP256Backend,
  setP256BackendEnabled,
} from "../../../src/evm/precompiles/p256-mcl.js";
import { p256verify, p256verifyNoble } from "../../../src/evm/precompiles/p256verify.js";
import { bytesToHex, hexToBytes } from "../../../src/primitives/hex.js";
import { assertFails, assertOk, call, word } from "./helpers.js";

let mclInstalled = true;
try {
  createRequire(import.meta.url).resolve("mcl-wasm");
} catch {
  mclInstalled = false;
}

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const ONE = word(1n);

// go-ethereum CallP256Verify vector: h || r || s || qx || qy.
const H = "4cee90eb86eaa050036147a12d49004b6b9c72bd725d39d4785011fe190f0b4d";
const R = 0xa73bd4903f0ce3b639bbbf6e8e80d16931ff4bcf5993d58468e8fb19086e8cacn;
const S = 0x36dbcd03009df8c59286b162af3bd7fcc0450c9aa81be5d10d312af6c66b1d60n;
const QX = 0x4aebd3099c618202fcfe16ae7770b0c49ab5eadf74b754204a3bb6060e44eff3n;
const QY = 0x7618b065f9832de4ca6ca971a7a1adc826d0f7c00181a5fb2ddf79ae00b4e10en;

const input = (h = H, r = R, s = S, qx = QX, qy = QY) => h + word(r) + word(s) + word(qx) + word(qy);

for (const backend of ["mcl", "noble"] as const) {
  describe(`P256VERIFY on ${backend}`, () => {
    before(async () => {
      setP256BackendEnabled(backend === "mcl");
      if (backend === "mcl") {
        assert.equal((await preloadP256Backend()) !== undefined, mclInstalled, "mcl loads when installed");
      }
      assert.equal(p256Backend(), backend === "mcl" && mclInstalled ? "mcl (WASM)" : "noble");
    });
    after(() => setP256BackendEnabled(true));

    describe("P256VERIFY (0x100)", () => {
      it("accepts a valid signature: 32-byte 1, 6900 gas", () => {
        assertOk(call(0x100n, input()), 6900, ONE);
      });

      it("accepts the malleable twin (r, n - s)", () => {
        assertOk(call(0x100n, input(H, R, N - S)), 6900, ONE);
      });

      it("takes the hash modulo n", () => {
        const secret = new Uint8Array(32).fill(7);
        const publicKey = p256.getPublicKey(secret, false);
        const qx = BigInt(bytesToHex(publicKey.subarray(1, 33)));
        const qy = BigInt(bytesToHex(publicKey.subarray(33)));
        const h = N + 5n;
        const sig = p256.sign(hexToBytes(word(h)), secret, { prehash: false, lowS: false });
        const r = BigInt(bytesToHex(sig.subarray(0, 32)));
        const s = BigInt(bytesToHex(sig.subarray(32)));
        assertOk(call(0x100n, input(word(h), r, s, qx, qy)), 6900, ONE);
        assertOk(call(0x100n, input(word(5n), r, s, qx, qy)), 6900, ONE);
      });

      it("returns empty output, still charging gas, for a wrong signature or message", () => {
        assertOk(call(0x100n, input(`${H.slice(0, 62)}00`)), 6900, "");
        assertOk(call(0x100n, input(H, R + 1n)), 6900, "");
        assertOk(call(0x100n, input(H, R, S + 1n)), 6900, "");
      });

      it("returns empty output for r or s outside [1, n - 1]", () => {
        for (const [r, s] of [
          [0n, S],
          [R, 0n],
          [N, S],
          [R, N],
          [R + N, S],
        ] as const) {
          assertOk(call(0x100n, input(H, r, s)), 6900, "");
        }
      });

      it("returns empty output for an invalid public key: off the curve, coordinate >= p, infinity", () => {
        assertOk(call(0x100n, input(H, R, S, QX, QY + 1n)), 6900, "");
        assertOk(call(0x100n, input(H, R, S, QX + P, QY)), 6900, "");
        assertOk(call(0x100n, input(H, R, S, QX, QY + P)), 6900, "");
        assertOk(call(0x100n, input(H, R, S, 0n, 0n)), 6900, "");
      });

      it("returns empty output unless the input is exactly 160 bytes", () => {
        assertOk(call(0x100n, ""), 6900, "");
        assertOk(call(0x100n, input().slice(2)), 6900, "");
        assertOk(call(0x100n, `${input()}00`), 6900, "");
      });

      it("fails out of gas, whatever the input", () => {
        assertFails(call(0x100n, input(), { gas: 6899 }));
        assertFails(call(0x100n, "", { gas: 0 }));
      });

      it("is absent before Osaka", () => {
        assert.throws(() => call(0x100n, input(), { fork: "Prague" }));
      });
    });
  });
}

describe("P256VERIFY backends: mcl against noble", { skip: !mclInstalled }, () => {
  before(async () => {
    assert.ok(await preloadP256Backend(), "mcl loads");
  });

  it("agree on random signatures, tampered ones, h = 0 and h = n, and R' = infinity", () => {
    const rules = FORKS.Osaka;
    let seed = 0x5eed_1234n;
    const next = () => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
      return seed;
    };
    const same = (hex: string) => {
      const bytes = hexToBytes(`0x${hex}`);
      const a = p256verify(bytes, 1e6, rules);
      const b = p256verifyNoble(bytes, 1e6, rules);
      assert.equal(a.success, b.success);
      assert.equal(bytesToHex(a.output), bytesToHex(b.output), hex.slice(0, 64));
      return bytesToHex(b.output) !== "0x";
    };
    let validCount = 0;
    for (let i = 0; i < 12; i++) {
      const secret = hexToBytes(`0x${word((next() % (N - 1n)) + 1n)}`);
      const pub = p256.getPublicKey(secret, false);
      const qx = BigInt(bytesToHex(pub.subarray(1, 33)));
      const qy = BigInt(bytesToHex(pub.subarray(33)));
      const h = i === 0 ? 0n : i === 1 ? N : next();
      const sig = p256.sign(hexToBytes(`0x${word(h)}`), secret, { prehash: false, lowS: false });
      const r = BigInt(bytesToHex(sig.subarray(0, 32)));
      const s = BigInt(bytesToHex(sig.subarray(32)));
      if (same(input(word(h), r, s, qx, qy))) validCount++;
      assert.equal(same(input(word(h), r, N - s, qx, qy)), true, "the malleable twin");
      assert.equal(same(input(word(h ^ 1n), r, s, qx, qy)), false);
      assert.equal(same(input(word(h), r, s, qx, (qy + 1n) % P)), false);
      // R' = u1*G + u2*Q = O when Q = k*G and h = -r*k (mod n): a failure on both.
      const k = (next() % (N - 1n)) + 1n;
      const kq = p256.Point.BASE.multiply(k).toAffine();
      assert.equal(same(input(word((N - ((r * k) % N)) % N), r, s, kq.x, kq.y)), false);
    }
    assert.equal(validCount, 12);
  });
});
