// The WASM contract SDKs reach the co-processors: the same `simd` example in AssemblyScript, C and Rust calls
// the SIMD co-processor through its SDK wrappers (dot, matVec, argmax) and must return what the plain-JS
// reference computes, including the int8 edge values; a co-processor failure reverts the calling contract.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { withCoprocessors } from "../../src/coprocessors/builtins.js";
import { argmaxRef, dotRef, matVecRef } from "../../src/coprocessors/simd/reference.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { type BuiltWasmContract, buildWasmContract } from "../../tools/wasm-contracts/build.js";
import { decode, encode, TestChain, WASM_CONFIG } from "../../tools/wasm-contracts/chain.js";

const LANGUAGES = [
  { name: "AssemblyScript", file: "sdk/assemblyscript/examples/simd.ts" },
  { name: "C", file: "sdk/c/examples/simd.c" },
  { name: "Rust", file: "sdk/rust/examples/simd.rs" },
];

/** Deterministic int8 vectors (xorshift), with the extremes -128 and 127 forced in. */
function int8s(n: number, seed: number): Int8Array {
  const out = new Int8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s & 0xff) - 128;
  }
  if (n > 1) {
    out[0] = -128;
    out[1] = 127;
  }
  return out;
}

const hex = (a: Int8Array) => bytesToHex(new Uint8Array(a.buffer, a.byteOffset, a.length));

for (const lang of LANGUAGES) {
  describe(`${lang.name} SDK: co-processors`, () => {
    let simd: BuiltWasmContract;
    const chain = new TestChain(true, undefined, withCoprocessors(WASM_CONFIG));
    let c = 0n;
    before(async () => {
      simd = await buildWasmContract(lang.file);
      c = chain.deploy(chain.user(0), simd.initCode);
    });

    it("dot equals the reference, including -128 x -128 sums that pass 2^31", () => {
      const cases: [Int8Array, Int8Array][] = [
        [int8s(33, 1), int8s(33, 2)],
        [int8s(1, 3), int8s(1, 4)],
        [new Int8Array(4096).fill(-128), new Int8Array(4096).fill(-128)], // 4096 * 16384 = 2^26
        [new Int8Array(0), new Int8Array(0)],
      ];
      // 2^31 / 16384 = 131072 products of -128 x -128 wrap the int32 sum exactly once.
      const big = new Int8Array(131_073).fill(-128);
      cases.push([big, big]);
      for (const [a, b] of cases) {
        const r = chain.call(c, encode(simd.abi, "dot", [hex(a), hex(b)]), 0x1234n, 30_000_000);
        assert.equal(r.success, true, `${a.length}: ${r.error}`);
        assert.equal(Number(decode(simd.abi, "dot", r.output)), dotRef(a, b), `length ${a.length}`);
      }
    });

    it("classify (matVec then argmax) equals the reference", () => {
      for (const [rows, cols, seed] of [
        [10, 64, 5],
        [3, 7, 6],
        [1, 1, 7],
      ] as const) {
        const w = int8s(rows * cols, seed);
        const x = int8s(cols, seed + 100);
        const r = chain.call(c, encode(simd.abi, "classify", [hex(w), BigInt(rows), BigInt(cols), hex(x)]));
        assert.equal(r.success, true, r.error);
        const expected = argmaxRef(matVecRef(w, rows, cols, x));
        assert.equal(decode(simd.abi, "classify", r.output), BigInt(expected), `${rows}x${cols}`);
      }
    });

    it("a co-processor failure (length mismatch, bad shape) reverts the calling contract", () => {
      const bad = chain.call(c, encode(simd.abi, "dot", [hex(int8s(4, 1)), hex(int8s(5, 2))]));
      assert.equal(bad.success, false);
      const shape = chain.call(c, encode(simd.abi, "classify", [hex(int8s(6, 1)), 4n, 2n, hex(int8s(2, 2))]));
      assert.equal(shape.success, false);
      const huge = chain.call(
        c,
        encode(simd.abi, "classify", [hex(int8s(6, 1)), 1n << 64n, 2n, hex(int8s(2, 2))]),
      );
      assert.equal(huge.success, false);
    });
  });
}
