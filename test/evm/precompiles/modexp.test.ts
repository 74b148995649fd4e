import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FORKS } from "../../../src/evm/forks.js";
import { modexpGas, modPow } from "../../../src/evm/precompiles/modexp.js";
import { assertFails, assertOk, call, word } from "./helpers.js";

const header = (b: number | bigint, e: number | bigint, m: number | bigint) =>
  word(BigInt(b)) + word(BigInt(e)) + word(BigInt(m));

// secp256k1 field prime p and p - 1: EIP-198's examples compute 3^(p-1) mod p and 0^(p-1) mod p.
const P = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
const P_MINUS_1 = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e";

// go-ethereum's nagydani-1 vectors: 64-byte base and modulus.
const BASE_1 =
  "e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb5";
const MOD_1 =
  "fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b";
const NAGYDANI_1 = [
  {
    name: "square",
    exp: "02",
    out: "60008f1614cc01dcfb6bfb09c625cf90b47d4468db81b5f8b7a39d42f332eab9b2da8f2d95311648a8f243f4bb13cfb3d8f7f2a3c014122ebb3ed41b02783adc",
    cancunGas: 200,
    osakaGas: 500,
  },
  {
    name: "qube",
    exp: "03",
    out: "4834a46ba565db27903b1c720c9d593e84e4cbd6ad2e64b31885d944f68cd801f92225a8961c952ddf2797fa4701b330c85c4b363798100b921a1a22a46a7fec",
    cancunGas: 200,
    osakaGas: 500,
  },
  {
    name: "pow0x10001",
    exp: "010001",
    out: "c36d804180c35d4426b57b50c5bfcca5c01856d104564cd513b461d3c8b8409128a5573e416d0ebe38f5f736766d9dc27143e4da981dfa4d67f7dc474cbee6d2",
    cancunGas: 341,
    osakaGas: 2048,
  },
];

describe("MODEXP (0x05)", () => {
  it("EIP-198 example 1: 3^(p-1) mod p = 1", () => {
    const input = `${header(1, 32, 32)}03${P_MINUS_1}${P}`;
    // Cancun: ceil(32/8)^2 * 255 / 3. Osaka: 16 * 255 (complexity 16 up to 32 bytes, no divisor).
    assertOk(call(5n, input, { fork: "Cancun" }), 1360, word(1n));
    assertOk(call(5n, input, { fork: "Osaka" }), 4080, word(1n));
  });

  it("EIP-198 example 2: zero base length gives 0", () => {
    const input = header(0, 32, 32) + P_MINUS_1 + P;
    assertOk(call(5n, input, { fork: "Cancun" }), 1360, word(0n));
  });

  for (const v of NAGYDANI_1) {
    it(`nagydani-1-${v.name}: same result, EIP-2565 vs EIP-7883 gas`, () => {
      const input = header(64, v.exp.length / 2, 64) + BASE_1 + v.exp + MOD_1;
      assertOk(call(5n, input, { fork: "Cancun" }), v.cancunGas, v.out);
      assertOk(call(5n, input, { fork: "Prague" }), v.cancunGas, v.out);
      assertOk(call(5n, input, { fork: "Osaka" }), v.osakaGas, v.out);
    });
  }

  it("go-ethereum marius-1-even input (long exponent, small modulus): EIP-7883 gas 45296", () => {
    // Output cross-checked with Python's pow(); the input is 305 bytes, so the modulus reads as written.
    const input =
      "000000000000000000000000000000000000000000000000000000000000000300000000000000000000000000000000000000000000000000000000000000c1000000000000000000000000000000000000000000000000000000000000000cffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe000007d7d7d83828282348286877d7d827d407d797d7d7d7d7d7d7d7d7d7d7d5b00000000000000000000000000000000000000000000000000000000000000030000000000000000000000000000000000000000000000000000000000000021000000000000000000000000000000000000000000000000000000000000000cffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff4000007d7d7d83828282348286877d7d82";
    assertOk(call(5n, input, { fork: "Osaka" }), 45296, "2847d4c039aacb31593ffd36");
    // EIP-2565: ceil(12 / 8)^2 * (8 * (193 - 32) + 255) / 3
    assertOk(
      call(5n, input, { fork: "Cancun" }),
      Math.floor((4 * (8 * 161 + 255)) / 3),
      "2847d4c039aacb31593ffd36",
    );
  });

  it("prices exponents longer than 32 bytes with multiplier 8 before Osaka and 16 from Osaka", () => {
    // 64-byte operands (8 words), 40-byte exponent whose first 32 bytes have bit length 256.
    const input = header(64, 40, 64) + BASE_1 + "ff".repeat(40) + MOD_1;
    // Cancun: 8^2 * (8 * 8 + 255) / 3 = 6805. Osaka: 2 * 8^2 * (16 * 8 + 255) = 49024.
    assert.equal(call(5n, input, { fork: "Cancun" }).gasUsed, 6805);
    assert.equal(call(5n, input, { fork: "Osaka" }).gasUsed, 49024);
    // A zero head adds nothing to the length term.
    const zeroHead = header(64, 40, 64) + BASE_1 + word(1n, 40) + MOD_1;
    assert.equal(call(5n, zeroHead, { fork: "Cancun" }).gasUsed, Math.floor((64 * 64) / 3));
    assert.equal(call(5n, zeroHead, { fork: "Osaka" }).gasUsed, 128 * 128);
  });

  it("applies the minimum gas: 200 before Osaka, 500 from Osaka", () => {
    assertOk(call(5n, "", { fork: "Cancun" }), 200, "");
    assertOk(call(5n, "", { fork: "Osaka" }), 500, "");
    assertOk(call(5n, `${header(1, 1, 1)}020301`, { fork: "Osaka" }), 500, "00");
  });

  it("modexpGas: EIP-7883 complexity is 16 up to 32 bytes, then 2 * words^2", () => {
    const osaka = FORKS.Osaka;
    const head = 1n << 255n; // bit length 256: 255 iterations
    assert.equal(modexpGas(32n, 32n, 32n, head, osaka), 16n * 255n);
    assert.equal(modexpGas(33n, 32n, 1n, head, osaka), 2n * 5n * 5n * 255n);
    assert.equal(modexpGas(1n, 32n, 256n, head, osaka), 2n * 32n * 32n * 255n);
    assert.equal(modexpGas(1n, 1n, 1n, 1n, osaka), 500n);
    const cancun = FORKS.Cancun;
    assert.equal(modexpGas(33n, 32n, 1n, head, cancun), (25n * 255n) / 3n);
    assert.equal(modexpGas(1n, 1n, 1n, 1n, cancun), 200n);
  });

  it("reads missing input bytes as zeros", () => {
    // Base 2, exponent 3, modulus length 2 with only its first byte present: modulus 0x0100.
    assertOk(call(5n, `${header(1, 1, 2)}020301`, { fork: "Cancun" }), 200, "0008");
    // Modulus entirely missing: 0, so the output is mLen zero bytes.
    assertOk(call(5n, `${header(1, 1, 4)}0203`, { fork: "Cancun" }), 200, "00000000");
  });

  it("handles modulus 1 and exponent 0", () => {
    assertOk(call(5n, `${header(1, 1, 1)}050301`, { fork: "Cancun" }), 200, "00");
    assertOk(call(5n, `${header(1, 0, 2)}05ffff`, { fork: "Cancun" }), 200, "0001");
    assertOk(call(5n, `${header(0, 0, 1)}07`, { fork: "Cancun" }), 200, "01");
  });

  it("EIP-7823: from Osaka a length above 1024 bytes fails; before, it only costs gas", () => {
    const body = "01".repeat(1025);
    for (const input of [header(1025, 1, 1) + body, header(1, 1025, 1) + body, header(1, 1, 1025) + body]) {
      assert.equal(call(5n, input, { fork: "Cancun", gas: 30_000_000 }).success, true);
      assertFails(call(5n, input, { fork: "Osaka", gas: 1_000_000_000 }));
    }
    const atLimit = header(1024, 1, 1024) + "01".repeat(2049);
    assert.equal(call(5n, atLimit, { fork: "Osaka", gas: 30_000_000 }).success, true);
  });

  it("huge length fields price out of gas, except an empty modulus before Osaka", () => {
    const huge = 1n << 255n;
    assertFails(call(5n, header(huge, 1, 1), { fork: "Cancun" }));
    assertFails(call(5n, header(1, 1, huge), { fork: "Cancun" }));
    assertFails(call(5n, header(1, huge, 1), { fork: "Cancun" }));
    // Zero base and modulus lengths: complexity 0, minimum gas, empty output, exponent never read.
    assertOk(call(5n, header(0, huge, 0), { fork: "Cancun" }), 200, "");
    assertFails(call(5n, header(0, huge, 0), { fork: "Osaka" }));
  });

  it("fails out of gas", () => {
    const input = `${header(1, 32, 32)}03${P_MINUS_1}${P}`;
    assertFails(call(5n, input, { fork: "Cancun", gas: 1359 }));
    assertFails(call(5n, input, { fork: "Osaka", gas: 4079 }));
  });

  it("modPow agrees with plain square-and-multiply across window sizes", () => {
    let seed = 12345n;
    const next = (bits: number) => {
      let v = 0n;
      for (let i = 0; i < bits; i += 61) {
        seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
        v = (v << 61n) | (seed >> 3n);
      }
      return v & ((1n << BigInt(bits)) - 1n);
    };
    const naive = (b: bigint, e: bigint, m: bigint) => {
      let result = 1n % m;
      let x = b % m;
      for (let k = e; k > 0n; k >>= 1n) {
        if (k & 1n) result = (result * x) % m;
        x = (x * x) % m;
      }
      return result;
    };
    for (const expBits of [1, 2, 17, 25, 100, 129, 300, 513, 1100]) {
      for (let i = 0; i < 3; i++) {
        const b = next(400);
        const e = next(expBits) | 1n;
        const m = next(300) | 2n;
        assert.equal(modPow(b, e, m), naive(b, e, m), `bits ${expBits}`);
      }
    }
    assert.equal(modPow(0n, 5n, 7n), 0n);
    assert.equal(modPow(7n, 0n, 7n), 1n);
  });
});
