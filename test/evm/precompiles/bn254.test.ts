// The BN254 precompiles (0x06-0x08), on the adopted backend (mcl, awaited) and on noble, the fallback;
// plus a cross-check of the two on derived points.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { before, describe, it } from "node:test";
import { bn254 } from "@noble/curves/bn254.js";
import { FORKS } from "../../../src/evm/forks.js";
import { bn254Add, bn254Mul, bn254Noble, bn254Pairing } from "../../../src/evm/precompiles/bn254.js";
import { preloadBn254Backend } from "../../../src/evm/precompiles/bn254-mcl.js";
import type { Precompile, PrecompileResult } from "../../../src/evm/precompiles/types.js";
import { hexToBytes } from "../../../src/primitives/hex.js";
import { assertFails, assertOk, type CallOptions, outHex, word } from "./helpers.js";

let mclInstalled = true;
try {
  createRequire(import.meta.url).resolve("mcl-wasm");
} catch {
  mclInstalled = false;
}

const P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const G1 = word(1n) + word(2n);
const G1_DOUBLE =
  "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd315ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
const ZERO_G1 = "00".repeat(64);
// G2 generator and its negation, EIP-197 encoding (imaginary part first in each coordinate).
const G2_X =
  "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed";
const G2 = `${G2_X}090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa`;
const NEG_G2 = `${G2_X}275dc4a288d1afb3cbb1ac09187524c7db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d`;
const ONE = word(1n);
const ZERO = word(0n);

/** A point on the G2 twist outside the order-r subgroup (the twist's cofactor is large). */
function twistPointOutsideSubgroup(): string {
  const F2 = bn254.fields.Fp2;
  const b = bn254.G2.Point.CURVE().b;
  for (let k = 1n; ; k++) {
    const x = F2.fromBigTuple([k, 1n]);
    let y: typeof x;
    try {
      y = F2.sqrt(F2.add(F2.mul(F2.sqr(x), x), b));
    } catch {
      continue;
    }
    if (!F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), b))) continue;
    const point = bn254.G2.Point.fromAffine({ x, y });
    if (point.isTorsionFree()) continue;
    return word(x.c1) + word(x.c0) + word(y.c1) + word(y.c0);
  }
}

type Caller = (address: bigint, input: string, options?: CallOptions) => PrecompileResult;

function caller(set: Record<string, Precompile>): Caller {
  return (address, input, options = {}) => {
    const precompile = set[address.toString()];
    assert.ok(precompile, `no BN254 precompile at ${address}`);
    const gas = options.gas ?? 100_000_000;
    const result = precompile(hexToBytes(`0x${input}`), gas, FORKS[options.fork ?? "Osaka"]);
    if (result.success) assert.ok(result.gasUsed <= gas, "gasUsed above the limit");
    return result;
  };
}

const ADOPTED = caller({ "6": bn254Add, "7": bn254Mul, "8": bn254Pairing });
const NOBLE = caller({ "6": bn254Noble.add, "7": bn254Noble.mul, "8": bn254Noble.pairing });

describe("BN254 backends", () => {
  before(async () => {
    assert.equal((await preloadBn254Backend()) !== undefined, mclInstalled, "mcl loads when installed");
  });

  it("agree on sums, products and pairings of derived points", () => {
    let seed = 0x1234_5678_9abc_def0n;
    const next = () => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
      return seed;
    };
    const G = bn254.G1.Point.BASE;
    const g1 = (k: bigint) => {
      const { x, y } = G.multiply(k).toAffine();
      return word(x) + word(y);
    };
    for (let i = 0; i < 8; i++) {
      const a = (next() % (R - 1n)) + 1n;
      const b = (next() % (R - 1n)) + 1n;
      const s = next();
      for (const [address, input] of [
        [6n, g1(a) + g1(b)],
        [6n, g1(a) + g1(R - a)],
        [7n, g1(a) + word(s)],
        [8n, g1(a) + G2 + g1(R - a) + G2],
        [8n, g1(a) + G2 + g1(b) + NEG_G2],
      ] as const) {
        const x = ADOPTED(address, input);
        const y = NOBLE(address, input);
        assert.equal(x.success, y.success);
        assert.equal(outHex(x), outHex(y), `address ${address}`);
      }
    }
  });
});

for (const [backend, call] of [
  ["adopted backend", ADOPTED],
  ["noble", NOBLE],
] as const) {
  describe(`BN254 on the ${backend}`, () => {
    before(async () => {
      await preloadBn254Backend();
    });

    describe("BN254 ECADD (0x06)", () => {
      it("adds, 150 gas (EIP-1108)", () => {
        assertOk(call(6n, G1 + G1), 150, G1_DOUBLE);
        assertOk(call(6n, G1 + ZERO_G1), 150, G1);
        assertOk(call(6n, ZERO_G1 + ZERO_G1), 150, ZERO_G1);
        // P + (-P) = O
        assertOk(call(6n, G1 + word(1n) + word(P - 2n)), 150, ZERO_G1);
      });

      it("right-pads short input and ignores extra bytes", () => {
        assertOk(call(6n, ""), 150, ZERO_G1);
        assertOk(call(6n, G1), 150, G1);
        assertOk(call(6n, `${G1}${G1}ffff`), 150, G1_DOUBLE);
      });

      it("fails for a point not on the curve or a coordinate >= p", () => {
        assertFails(call(6n, word(1n) + word(3n) + G1));
        assertFails(call(6n, G1 + word(1n + P) + word(2n)));
        assertFails(call(6n, G1 + word(1n) + word(2n + P)));
      });

      it("fails out of gas", () => {
        assertFails(call(6n, G1 + G1, { gas: 149 }));
      });
    });

    describe("BN254 ECMUL (0x07)", () => {
      it("multiplies, 6000 gas (EIP-1108)", () => {
        assertOk(call(7n, G1 + word(2n)), 6000, G1_DOUBLE);
        assertOk(call(7n, G1 + word(0n)), 6000, ZERO_G1);
        assertOk(call(7n, G1 + word(R)), 6000, ZERO_G1);
        assertOk(call(7n, G1 + word(R + 2n)), 6000, G1_DOUBLE);
        assertOk(call(7n, ZERO_G1 + word(5n)), 6000, ZERO_G1);
      });

      it("multiplying by r - 1 gives the negation", () => {
        assertOk(call(7n, G1 + word(R - 1n)), 6000, word(1n) + word(P - 2n));
      });

      it("right-pads short input: a missing scalar is 0", () => {
        assertOk(call(7n, G1), 6000, ZERO_G1);
        // One scalar byte 0x02 reads as 0x02 followed by 31 zero bytes.
        const padded = call(7n, G1 + word(2n << 248n));
        assert.equal(padded.output.length, 64);
        assertOk(call(7n, `${G1}02`), 6000, outHex(padded));
      });

      it("fails for an invalid point", () => {
        assertFails(call(7n, word(1n) + word(3n) + word(2n)));
        assertFails(call(7n, word(P) + word(0n) + word(2n)));
      });

      it("fails out of gas", () => {
        assertFails(call(7n, G1 + word(2n), { gas: 5999 }));
      });
    });

    describe("BN254 pairing check (0x08)", () => {
      it("go-ethereum jeff1 (true) and jeff6 (false), 45000 + 34000 per pair", () => {
        const jeff1 =
          "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
        const jeff6 =
          "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c103188585e2364128fe25c70558f1560f4f9350baf3959e603cc91486e110936198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
        assertOk(call(8n, jeff1), 113000, ONE);
        assertOk(call(8n, jeff6), 113000, ZERO);
      });

      it("e(G1, G2) * e(G1, -G2) = 1; e(G1, G2) alone is not", () => {
        assertOk(call(8n, G1 + G2 + G1 + NEG_G2), 113000, ONE);
        assertOk(call(8n, G1 + G2), 79000, ZERO);
      });

      it("empty input and pairs with the point at infinity count as 1", () => {
        assertOk(call(8n, ""), 45000, ONE);
        assertOk(call(8n, ZERO_G1 + G2), 79000, ONE);
        assertOk(call(8n, G1 + "00".repeat(128)), 79000, ONE);
        assertOk(call(8n, G1 + G2 + ZERO_G1 + G2 + G1 + NEG_G2), 147000, ONE);
      });

      it("fails when the length is not a multiple of 192", () => {
        assertFails(call(8n, (G1 + G2).slice(2)));
        assertFails(call(8n, `${G1 + G2}00`));
      });

      it("fails for invalid points: off-curve G1, coordinate >= p, G2 outside the subgroup or off the twist", () => {
        assertFails(call(8n, word(1n) + word(3n) + G2));
        assertFails(call(8n, word(1n + P) + word(2n) + G2));
        assertFails(call(8n, G1 + word(P) + G2.slice(64)));
        assertFails(call(8n, G1 + G2.slice(0, 192) + word(1n)));
        // y = 0 (stZeroKnowledge ecpairing_inputs): no twist point has it; must fail, not throw.
        assertFails(call(8n, G1 + G2_X + word(0n) + word(0n)));
        const outside = twistPointOutsideSubgroup();
        assertFails(call(8n, G1 + outside));
        // Even paired with infinity, an invalid point fails the call.
        assertFails(call(8n, ZERO_G1 + outside));
      });

      it("fails out of gas", () => {
        assertFails(call(8n, G1 + G2 + G1 + NEG_G2, { gas: 112999 }));
        assert.equal(call(8n, G1 + G2 + G1 + NEG_G2, { gas: 113000 }).success, true);
      });
    });
  });
}
