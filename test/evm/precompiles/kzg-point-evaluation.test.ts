// The KZG point evaluation precompile (0x0a, EIP-4844): valid proofs, every way an input can fail, gas; on
// the adopted backend (through the registry) and on noble, the fallback.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { FORKS } from "../../../src/evm/forks.js";
import { preloadKzg } from "../../../src/evm/precompiles/index.js";
import {
  kzgBackend,
  kzgPointEvaluationNoble,
  loadKzg,
  verifyKzgProof,
  verifyWithNoble,
} from "../../../src/evm/precompiles/kzg-point-evaluation.js";
import type { PrecompileResult } from "../../../src/evm/precompiles/types.js";
import { bytesToHex, hexToBytes } from "../../../src/primitives/hex.js";
import { assertFails, assertOk, type CallOptions, call as callRegistry, word } from "./helpers.js";

const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const OUTPUT = word(4096n) + word(BLS_MODULUS);

// go-ethereum pointEvaluation1: versioned hash || z || y || commitment || proof.
const VALID =
  "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d3630624d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a18f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a";
const HASH = VALID.slice(0, 64);
const Z = VALID.slice(64, 128);
const Y = VALID.slice(128, 192);
const COMMITMENT = VALID.slice(192, 288);
const PROOF = VALID.slice(288);

/** A compressed G1 encoding of a curve point outside the order-r subgroup (the smallest x that gives one). */
function offSubgroupPoint(): string {
  const Fp = bls12_381.fields.Fp;
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      continue;
    }
    const point = bls12_381.G1.Point.fromAffine({ x, y });
    if (point.isTorsionFree()) continue;
    return word(x | (1n << 383n), 48);
  }
}

function versionedHash(commitmentHex: string): string {
  return `01${bytesToHex(sha256(hexToBytes(commitmentHex))).slice(4)}`;
}

describe("KZG point evaluation (0x0a): loading", () => {
  it("preloading builds one verifier and leaves results unchanged", () => {
    preloadKzg();
    const verifier = loadKzg();
    preloadKzg();
    assert.equal(loadKzg(), verifier, "one verifier, built once");
    // The warm-up verification preloadKzg runs is a failing one: the zero polynomial is not 7 at 5.
    const infinity = `0xc0${"00".repeat(47)}`;
    assert.equal(
      verifier.verifyProof(infinity, `0x${"00".repeat(31)}05`, `0x${"00".repeat(31)}07`, infinity),
      false,
    );
    assertOk(callRegistry(0x0an, VALID, { fork: "Cancun" }), 50000, OUTPUT);
    assertFails(callRegistry(0x0an, `02${VALID.slice(2)}`));
  });

  it("reports its backend: native when the optional binding loads", () => {
    let installed = true;
    try {
      createRequire(import.meta.url).resolve("@crate-crypto/node-eth-kzg-linux-x64-gnu");
    } catch {
      installed = false;
    }
    assert.equal(kzgBackend(), installed ? "rust-eth-kzg (native)" : "noble");
  });

  it("both backends agree on valid, wrong and malformed proofs", () => {
    const b = (hex: string) => hexToBytes(`0x${hex}`);
    const bad = b("ff".repeat(48));
    const cases: [Uint8Array, Uint8Array, Uint8Array, Uint8Array, boolean][] = [
      [b(COMMITMENT), b(Z), b(Y), b(PROOF), true],
      [b(COMMITMENT), b(Z), b(word(BLS_MODULUS)), b(PROOF), false],
      [b(COMMITMENT), b(word(BLS_MODULUS)), b(Y), b(PROOF), false],
      [b(COMMITMENT), b(Z), b(Y), bad, false],
      [bad, b(Z), b(Y), b(PROOF), false],
      [b(COMMITMENT), b(Z), b(Y), b(COMMITMENT), false],
      [b(COMMITMENT), b(Z), b(Y), b(offSubgroupPoint()), false],
      [b(offSubgroupPoint()), b(Z), b(Y), b(PROOF), false],
    ];
    for (const [c, z, y, p, want] of cases) {
      assert.equal(verifyKzgProof(c, z, y, p), want);
      assert.equal(verifyWithNoble(c, z, y, p), want);
    }
  });
});

const BACKENDS: [string, (input: string, options?: CallOptions) => PrecompileResult][] = [
  ["adopted backend", (input, options) => callRegistry(0x0an, input, options)],
  [
    "noble",
    (input, options = {}) =>
      kzgPointEvaluationNoble(
        hexToBytes(`0x${input}`),
        options.gas ?? 100_000_000,
        FORKS[options.fork ?? "Osaka"],
      ),
  ],
];

for (const [backend, run] of BACKENDS) {
  describe(`KZG point evaluation (0x0a) on the ${backend}`, () => {
    const call = (_address: bigint, input: string, options?: CallOptions) => run(input, options);
    it("accepts a valid proof, 50000 gas, returning FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS", () => {
      assertOk(call(0x0an, VALID, { fork: "Cancun" }), 50000, OUTPUT);
      assertOk(call(0x0an, VALID, { fork: "Osaka" }), 50000, OUTPUT);
    });

    it("accepts the zero polynomial: commitment and proof at infinity, y = 0", () => {
      const infinity = `c0${"00".repeat(47)}`;
      assertOk(call(0x0an, versionedHash(infinity) + Z + word(0n) + infinity + infinity), 50000, OUTPUT);
    });

    it("fails when the versioned hash does not match the commitment", () => {
      assertFails(call(0x0an, `02${VALID.slice(2)}`));
      assertFails(call(0x0an, `${VALID.slice(0, 10)}ff${VALID.slice(12)}`));
    });

    it("fails for a wrong evaluation or proof", () => {
      const y = (BigInt(`0x${Y}`) + 1n) % BLS_MODULUS;
      assertFails(call(0x0an, HASH + Z + word(y) + COMMITMENT + PROOF));
      assertFails(call(0x0an, HASH + word(2n) + Y + COMMITMENT + PROOF));
      // The commitment in the proof slot (a valid point, wrong proof).
      assertFails(call(0x0an, HASH + Z + Y + COMMITMENT + COMMITMENT));
    });

    it("fails for z or y not below BLS_MODULUS", () => {
      assertFails(call(0x0an, HASH + word(BLS_MODULUS) + Y + COMMITMENT + PROOF));
      assertFails(call(0x0an, HASH + Z + word(BLS_MODULUS + BigInt(`0x${Y}`)) + COMMITMENT + PROOF));
    });

    it("fails for a commitment or proof that is not a compressed G1 point", () => {
      const bad = "ff".repeat(48);
      assertFails(call(0x0an, versionedHash(bad) + Z + Y + bad + PROOF));
      assertFails(call(0x0an, HASH + Z + Y + COMMITMENT + bad));
      // The uncompressed-form flag is not allowed in a 48-byte encoding.
      const uncompressedFlag = `0${PROOF.slice(1)}`;
      assertFails(call(0x0an, HASH + Z + Y + COMMITMENT + uncompressedFlag));
    });

    it("fails unless the input is exactly 192 bytes", () => {
      assertFails(call(0x0an, ""));
      assertFails(call(0x0an, VALID.slice(2)));
      assertFails(call(0x0an, `${VALID}00`));
    });

    it("fails out of gas", () => {
      assertFails(call(0x0an, VALID, { gas: 49999 }));
    });
  });
}
