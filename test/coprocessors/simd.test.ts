// The SIMD co-processor: its WebAssembly kernels equal the plain-JS reference on random inputs and edge
// values (-128 x -128, int32 wrap-around, requantization at the int32 and int64 limits), and its precompile
// interface decodes the ABI strictly, charges the documented gas and fails cleanly on bad input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeFunctionData, parseAbi } from "viem";
import { coprocessorPrecompile } from "../../src/coprocessors/registry.js";
import { createSimdCoprocessor, MAX_SHIFT } from "../../src/coprocessors/simd/coprocessor.js";
import { SimdEngine } from "../../src/coprocessors/simd/engine.js";
import { MACS_PER_GAS, SIMD_BASE_GAS, simdGas } from "../../src/coprocessors/simd/gas.js";
import * as ref from "../../src/coprocessors/simd/reference.js";
import { hexToBytes } from "../../src/primitives/hex.js";
import { Rng } from "../../tools/coprocessors/digits-data.js";

const rng = new Rng(1234);
const engine = new SimdEngine();

function int8s(n: number, edge = false): Int8Array {
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++)
    out[i] = edge && rng.next() < 0.3 ? (rng.next() < 0.5 ? -128 : 127) : rng.int(256) - 128;
  return out;
}

function int32s(n: number): Int32Array {
  const out = new Int32Array(n);
  const edges = [0, 1, -1, 2147483647, -2147483648, 2147483646, -2147483647];
  for (let i = 0; i < n; i++)
    out[i] = rng.next() < 0.2 ? edges[rng.int(edges.length)]! : rng.int(2 ** 32) | 0;
  return out;
}

describe("SIMD kernels vs the plain-JS reference", () => {
  it("dot products on random lengths, including -128 x -128 and wrap-around past 2^31", () => {
    for (let n = 0; n < 100; n++) {
      const a = int8s(n, true);
      const b = int8s(n, true);
      assert.equal(engine.dot(a, b), ref.dotRef(a, b), `n=${n}`);
    }
    const all = new Int8Array(1000).fill(-128);
    assert.equal(engine.dot(all, all), 1000 * 16384);
    // 140,000 x 16,384 > 2^31: int32 sums wrap (documented), identically in both.
    const big = new Int8Array(140_000).fill(-128);
    assert.equal(engine.dot(big, big), ref.dotRef(big, big));
    assert.equal(engine.dot(big, big), (140_000 * 16384) | 0);
  });

  it("matrix-vector and matrix-matrix products", () => {
    for (let t = 0; t < 60; t++) {
      const rows = 1 + rng.int(20);
      const cols = rng.int(70);
      const w = int8s(rows * cols, true);
      const x = int8s(cols, true);
      assert.deepEqual(engine.matVec(w, rows, cols, x), ref.matVecRef(w, rows, cols, x));
      const m = 1 + rng.int(6);
      const k = rng.int(40);
      const n = 1 + rng.int(9);
      const a = int8s(m * k, true);
      const b = int8s(k * n, true);
      assert.deepEqual(engine.matMul(a, b, m, k, n), ref.matMulRef(a, b, m, k, n));
    }
  });

  it("add, ReLU and argmax on int32 vectors with edge values", () => {
    for (let n = 0; n < 40; n++) {
      const a = int32s(n);
      const b = int32s(n);
      assert.deepEqual(engine.add(a, b), ref.addRef(a, b));
      assert.deepEqual(engine.relu(a), ref.reluRef(a));
      if (n > 0) assert.equal(engine.argmax(a), ref.argmaxRef(a));
    }
    assert.equal(engine.argmax(Int32Array.from([5, 9, 9, -1])), 1, "first index of the maximum");
  });

  it("requantization: rounding, saturation and overflow around the int32/int64 limits", () => {
    const extremes = [2147483647, -2147483648, 0, 1, -1, 3, -3];
    for (const scale of extremes) {
      for (const shift of [0, 1, 2, 15, 31, 32, 61, MAX_SHIFT]) {
        const x = Int32Array.from([...extremes, ...int32s(9)]);
        assert.deepEqual(
          engine.requantize(x, scale, shift),
          ref.requantizeRef(x, scale, shift),
          `${scale} >> ${shift}`,
        );
      }
    }
    for (let t = 0; t < 300; t++) {
      const x = int32s(rng.int(23));
      const scale = rng.int(2 ** 32) | 0;
      const shift = rng.int(MAX_SHIFT + 1);
      assert.deepEqual(engine.requantize(x, scale, shift), ref.requantizeRef(x, scale, shift));
    }
    // Round half up, then saturate.
    assert.deepEqual(
      [...engine.requantize(Int32Array.from([3, -3, 5, 1000, -1000]), 1, 1)],
      [2, -1, 3, 127, -128],
    );
  });
});

const abi = parseAbi([
  "function dot(bytes a, bytes b) view returns (int32)",
  "function matVec(bytes w, uint256 rows, uint256 cols, bytes x) view returns (bytes)",
  "function requantize(bytes x, int32 scale, uint8 shift) view returns (bytes)",
  "function argmax(bytes x) view returns (uint256, int32)",
]);

const hex = (b: Uint8Array): `0x${string}` => `0x${Buffer.from(b).toString("hex")}`;

describe("SIMD co-processor interface (ABI, gas, failures)", () => {
  const precompile = coprocessorPrecompile(createSimdCoprocessor());

  it("matVec through the ABI returns big-endian int32s and charges the documented gas", () => {
    const w = int8s(6 * 40, true);
    const x = int8s(40, true);
    const input = hexToBytes(
      encodeFunctionData({
        abi,
        functionName: "matVec",
        args: [hex(new Uint8Array(w.buffer)), 6n, 40n, hex(new Uint8Array(x.buffer))],
      }),
    );
    const r = precompile(input, 1_000_000, undefined as never);
    assert.equal(r.success, true);
    const expected = ref.matVecRef(w, 6, 40, x);
    const view = new DataView(r.output.buffer, r.output.byteOffset);
    assert.equal(view.getUint32(60), 24, "returns 24 bytes");
    for (let i = 0; i < 6; i++) assert.equal(view.getInt32(64 + 4 * i, false), expected[i]);
    assert.equal(r.gasUsed, simdGas(input.length, 64 + 32, 240, 0));
    assert.ok(r.gasUsed >= SIMD_BASE_GAS + Math.ceil(240 / MACS_PER_GAS));
    // Exactly enough gas succeeds, one less fails.
    assert.equal(precompile(input, r.gasUsed, undefined as never).success, true);
    assert.equal(precompile(input, r.gasUsed - 1, undefined as never).success, false);
  });

  it("rejects bad input without throwing: length mismatch, bad shift, unknown selector, truncated data", () => {
    const ok = (args: Parameters<typeof encodeFunctionData<typeof abi>>[0]) =>
      precompile(hexToBytes(encodeFunctionData(args)), 10_000_000, undefined as never).success;
    assert.equal(ok({ abi, functionName: "dot", args: ["0x0102", "0x01"] }), false);
    assert.equal(ok({ abi, functionName: "matVec", args: ["0x010203", 2n, 2n, "0x0102"] }), false);
    assert.equal(ok({ abi, functionName: "requantize", args: ["0x00000001", 1, 63] }), false);
    assert.equal(
      ok({ abi, functionName: "requantize", args: ["0x000001", 1, 3] }),
      false,
      "not whole int32s",
    );
    assert.equal(ok({ abi, functionName: "argmax", args: ["0x"] }), false);
    assert.equal(precompile(new Uint8Array([1, 2, 3, 4]), 1_000_000, undefined as never).success, false);
    assert.equal(precompile(new Uint8Array([1]), 1_000_000, undefined as never).success, false);
    const dot = hexToBytes(encodeFunctionData({ abi, functionName: "dot", args: ["0x0102", "0x0304"] }));
    assert.equal(precompile(dot.subarray(0, dot.length - 40), 1_000_000, undefined as never).success, false);
    assert.equal(precompile(dot, 1_000_000, undefined as never).success, true);
  });

  it("argmax returns the index and the sign-extended value", () => {
    const x = Int32Array.from([-5, -2, -9]);
    const bytes = new Uint8Array(12);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < x.length; i++) view.setInt32(4 * i, x[i]!, false);
    const r = precompile(
      hexToBytes(encodeFunctionData({ abi, functionName: "argmax", args: [hex(bytes)] })),
      1e6,
      undefined as never,
    );
    assert.equal(r.success, true);
    assert.equal(r.output[31], 1);
    assert.equal(BigInt.asIntN(256, BigInt(hex(r.output.subarray(32, 64)))), -2n);
  });
});
