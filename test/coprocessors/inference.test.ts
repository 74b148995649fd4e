// On-chain inference through the SIMD co-processor: the ModelRegistry result equals the exact int8
// reference and the plain-Solidity path, agrees with the float model within the quantization error, and a
// block of inference transactions gives byte-identical results sequentially and in parallel at 1, 2 and 4
// threads.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { executeBlock } from "../../src/block/execute-block.js";
import {
  argmax,
  dequantizeScores,
  inferFloat,
  inferInt8,
  quantizeInput,
} from "../../src/coprocessors/inference/model.js";
import { decodeRevertReason } from "../../src/evm/tracing/format.js";
import { executeBlockParallel } from "../../src/parallel/index.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { digitSamples, TEST_SEED } from "../../tools/coprocessors/digits-data.js";
import { CoproChain, decodeResult, encodeCall } from "../../tools/coprocessors/harness.js";
import { hex, loadModel, registrationCalls } from "../../tools/coprocessors/models.js";

const model = loadModel("digits-mlp");

/** The intrinsic gas of a call with `data` (no access list): 21,000 plus 4 per zero byte, 16 per other. */
function callIntrinsic(data: Uint8Array): bigint {
  let gas = 21000n;
  for (const b of data) gas += b === 0 ? 4n : 16n;
  return gas;
}
const samples = digitSamples(40, TEST_SEED);

describe("on-chain inference (ModelRegistry + SIMD co-processor)", () => {
  const chain = new CoproChain();
  const owner = chain.account(0);
  let registry = 0n;

  before(async () => {
    registry = await chain.deploy(owner, "ModelRegistry");
    for (const data of registrationCalls(model, 0n)) await chain.send(owner, registry, data);
  });

  it("the model's int8 inference agrees with its float reference within the quantization error", () => {
    const bound = model.metrics.maxLogitErrorTrain! * 1.5;
    let agree = 0;
    for (const s of samples) {
      const logits = inferFloat(model, s.image);
      const q = inferInt8(model, quantizeInput(model, s.image));
      const deq = dequantizeScores(model, q.scores);
      for (let c = 0; c < 10; c++)
        assert.ok(Math.abs(deq[c]! - logits[c]!) <= bound, `logit ${c} off by more than ${bound}`);
      // Classes may differ only where the float margin is within twice the error bound.
      const sorted = [...logits].sort((a, b) => b - a);
      if (q.class === argmax(logits)) agree++;
      else
        assert.ok(sorted[0]! - sorted[1]! <= 2 * bound, "int8 and float classes differ on a clear-cut input");
    }
    assert.ok(agree >= samples.length - 1);
    assert.ok(model.metrics.int8TestAccuracy! >= 0.95, "the shipped model is accurate");
  });

  /**
   * `infer` on `registry` (model 0 there) equals the int8 reference and inferSolidity on `count` samples, and
   * its execution gas (less the intrinsic gas both ways pay; gas is deterministic) is at least 100x lower.
   */
  function checkInference(m: typeof model, at: bigint, count: number, userIndex: number): void {
    const user = chain.account(userIndex);
    for (const s of samples.slice(0, count)) {
      const input = quantizeInput(m, s.image);
      const expected = inferInt8(m, input);
      const data = encodeCall("ModelRegistry", "infer", [0n, hex(new Uint8Array(input.buffer))]);
      const viaCopro = chain.call(user, at, data);
      const viaSolidity = chain.call(
        user,
        at,
        encodeCall("ModelRegistry", "inferSolidity", [0n, hex(new Uint8Array(input.buffer))]),
        30_000_000n,
      );
      assert.equal(viaCopro.status, 1, viaCopro.error);
      assert.equal(viaSolidity.status, 1, viaSolidity.error);
      const [cls, scores] = decodeResult("ModelRegistry", "infer", viaCopro.output) as [
        bigint,
        readonly number[],
      ];
      assert.equal(Number(cls), expected.class);
      assert.deepEqual([...scores], [...expected.scores]);
      assert.equal(bytesToHex(viaSolidity.output), bytesToHex(viaCopro.output));
      const intrinsic = callIntrinsic(data);
      assert.ok(
        (viaCopro.gasUsed - intrinsic) * 100n <= viaSolidity.gasUsed - intrinsic,
        `execution gas ${viaCopro.gasUsed - intrinsic} vs ${viaSolidity.gasUsed - intrinsic}`,
      );
    }
  }

  it("infer (co-processor) equals the int8 reference and inferSolidity, for >= 100x less execution gas", () => {
    checkInference(model, registry, 10, 1);
  });

  it("a model whose weights span several blobs (not inline in the manifest) gives the int8 reference's result", async () => {
    const large = loadModel("digits-mlp-large");
    const largeRegistry = await chain.deploy(owner, "ModelRegistry");
    for (const data of registrationCalls(large, 0n)) await chain.send(owner, largeRegistry, data);
    checkInference(large, largeRegistry, 4, 2);
  });

  it("a manifest that does not match the input is refused with a clear reason", () => {
    const r = chain.call(
      chain.account(1),
      registry,
      encodeCall("ModelRegistry", "infer", [0n, hex(new Uint8Array(7))]),
    );
    assert.equal(r.status, 0);
    assert.equal(decodeRevertReason(r.output), "ModelRegistry: input length");
    const missing = chain.call(
      chain.account(1),
      registry,
      encodeCall("ModelRegistry", "infer", [99n, hex(new Uint8Array(256))]),
    );
    assert.equal(missing.status, 0);
    assert.equal(decodeRevertReason(missing.output), "ModelRegistry: no such sealed model");
  });

  it("a block of inference transactions: sequential and parallel at 1, 2 and 4 threads agree", async () => {
    const users = Array.from({ length: 8 }, (_, i) => chain.account(10 + i));
    const txs = samples
      .slice(0, 16)
      .map((s, i) =>
        chain.tx(
          users[i % users.length]!,
          registry,
          encodeCall("ModelRegistry", "inferAndLog", [
            0n,
            hex(new Uint8Array(quantizeInput(model, s.image).buffer)),
          ]),
          3_000_000n,
        ),
      );
    const block = chain.block(txs);
    const sequential = executeBlock(block, chain.state, chain.config);
    sequential.receipts.forEach((r, i) => {
      assert.equal(r.status, 1, `tx ${i}`);
      const log = r.logs[0]!;
      const expected = inferInt8(model, quantizeInput(model, samples[i]!.image));
      // Inferred(modelId, caller, class, scores): data = class, offset, length, scores...
      const word = (k: number) =>
        BigInt.asIntN(256, BigInt(bytesToHex(log.data.subarray(32 * k, 32 * k + 32))));
      assert.equal(Number(word(0)), expected.class);
      for (let c = 0; c < 10; c++) assert.equal(Number(word(3 + c)), expected.scores[c]);
    });
    for (const threads of [1, 2, 4]) {
      const { stats, ...parallel } = await executeBlockParallel(block, chain.state, chain.config, {
        threads,
        mode: "parallel",
      });
      assert.equal(stats.mode, "parallel", `threads ${threads}: ${stats.reason}`);
      assert.equal(bytesToHex(parallel.stateRoot), bytesToHex(sequential.stateRoot));
      assert.equal(bytesToHex(parallel.receiptsRoot), bytesToHex(sequential.receiptsRoot));
      assert.equal(parallel.gasUsed, sequential.gasUsed);
      assert.deepEqual(
        parallel.receipts.map((r) => r.logs.map((l) => bytesToHex(l.data))),
        sequential.receipts.map((r) => r.logs.map((l) => bytesToHex(l.data))),
      );
    }
  });
});
