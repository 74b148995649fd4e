// Co-processors through `lanes node`: inference with viem readContract equals the int8 reference, and an
// async job's whole life cycle: post, off-chain run on a worker thread, result and callback in a later
// block by the operator's system transaction, verification by re-execution; a tampered result is rejected
// and the job refunded after its deadline; only the operator may fulfill.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Abi,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { JOB_QUEUE_ADDRESS } from "../../src/coprocessors/addresses.js";
import { coprocessorArtifact } from "../../src/coprocessors/artifacts.js";
import { inferInt8, quantizeInput } from "../../src/coprocessors/inference/model.js";
import { computeMlp, prepareMlp } from "../../src/coprocessors/jobs/mlp-inference.js";
import type { JobBackend } from "../../src/coprocessors/jobs/types.js";
import { WorkerThreadBackend } from "../../src/coprocessors/jobs/worker-backend.js";
import type { RunningNode } from "../../src/node/index.js";
import { digitSamples, TEST_SEED } from "../../tools/coprocessors/digits-data.js";
import { hex, loadModel, registrationCalls } from "../../tools/coprocessors/models.js";
import { ANVIL_KEYS, call, startTestNode, tempDir } from "../../tools/node-client.js";

const QUEUE = `0x${JOB_QUEUE_ADDRESS.toString(16).padStart(40, "0")}` as const;
const abi = (name: string) => coprocessorArtifact(name).abi as Abi;
const bytecode = (name: string) => coprocessorArtifact(name).bytecode as Hex;
const samples = digitSamples(6, TEST_SEED);

/** A backend that returns wrong results: the job service must catch it. */
class TamperingBackend implements JobBackend {
  private readonly inner = new WorkerThreadBackend();
  async run(request: Parameters<JobBackend["run"]>[0]): Promise<Uint8Array> {
    const out = await this.inner.run(request);
    out[31] = out[31]! ^ 1; // another class
    return out;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

async function setup(running: RunningNode) {
  const account = privateKeyToAccount(ANVIL_KEYS[0]);
  const pub = createPublicClient({
    chain: foundry,
    transport: http(running.url),
    pollingInterval: 20,
  }) as PublicClient;
  const wallet = createWalletClient({ account, chain: foundry, transport: http(running.url) });
  const send = async (to: Hex, data: Hex, value = 0n) => {
    const hash = await wallet.sendTransaction({ to, data, value, gas: 15_000_000n });
    const r = await pub.waitForTransactionReceipt({ hash });
    assert.equal(r.status, "success");
    return r;
  };
  const deploy = async (name: string, args: unknown[] = []) => {
    const hash = await wallet.deployContract({
      abi: abi(name),
      bytecode: bytecode(name),
      args,
      gas: 15_000_000n,
    });
    const r = await pub.waitForTransactionReceipt({ hash });
    assert.equal(r.status, "success");
    return r.contractAddress!;
  };
  return { account, pub, wallet, send, deploy };
}

describe("co-processors through lanes node", () => {
  const dir = tempDir("lanes-copro-");
  let running: RunningNode;
  let env: Awaited<ReturnType<typeof setup>>;
  let registry: Hex;
  const small = loadModel("digits-mlp");
  const large = loadModel("digits-mlp-large");

  before(async () => {
    running = await startTestNode(dir.path, { threads: 2 });
    env = await setup(running);
    registry = await env.deploy("ModelRegistry");
    for (const data of registrationCalls(small, 0n)) await env.send(registry, hex(data));
    for (const data of registrationCalls(large, 1n)) await env.send(registry, hex(data));
  });

  after(async () => {
    await running.close();
    dir.remove();
  });

  it("inference with viem readContract equals the int8 reference", async () => {
    for (const s of samples) {
      const input = quantizeInput(small, s.image);
      const expected = inferInt8(small, input);
      const [cls, scores] = (await env.pub.readContract({
        address: registry,
        abi: abi("ModelRegistry"),
        functionName: "infer",
        args: [0n, hex(new Uint8Array(input.buffer))],
      })) as [bigint, readonly number[]];
      assert.equal(Number(cls), expected.class);
      assert.deepEqual([...scores], [...expected.scores]);
    }
  });

  it("debug_traceCall (callTracer) shows the co-processor calls of an inference", async () => {
    const input = quantizeInput(small, samples[0]!.image);
    const data = encodeFunctionData({
      abi: abi("ModelRegistry"),
      functionName: "infer",
      args: [0n, hex(new Uint8Array(input.buffer))],
    });
    const trace = (await call(running.url, "debug_traceCall", [
      { from: env.account.address, to: registry, data, gas: "0xe4e1c0" },
      "latest",
      { tracer: "callTracer" },
    ])) as { calls?: { to: string; type: string; error?: string }[]; error?: string };
    assert.equal(trace.error, undefined);
    const simd = (trace.calls ?? []).filter(
      (c) => c.to.toLowerCase() === "0x0000000000000000000000000000000000000c01",
    );
    assert.equal(simd.length, 4, "dense, requantize, dense, argmax");
    for (const c of simd) {
      assert.equal(c.type, "STATICCALL");
      assert.equal(c.error, undefined);
    }
  });

  it("an async inference job: posted, run off-chain, returned with its callback in a later block, verified", async () => {
    const client = await env.deploy("InferenceJobClient", [QUEUE, registry]);
    const input = quantizeInput(large, samples[3]!.image);
    const expected = inferInt8(large, input);
    const head = await env.pub.getBlockNumber();
    const fee = 10n ** 17n;
    const operator = running.node.jobs!.operator.address;
    const operatorBefore = await env.pub.getBalance({
      address: `0x${operator.toString(16).padStart(40, "0")}`,
    });
    const posted = await env.send(
      client,
      encodeFunctionData({
        abi: abi("InferenceJobClient"),
        functionName: "request",
        args: [1n, hex(new Uint8Array(input.buffer)), head + 100n],
      }),
      fee,
    );
    const service = running.node.jobs!.service;
    await service.idle();
    const job = service.job(0n)!;
    assert.equal(job.status, "fulfilled", job.error);
    const onChain = (await env.pub.readContract({
      address: QUEUE,
      abi: abi("CoprocessorJobs"),
      functionName: "getJob",
      args: [0n],
    })) as {
      status: number;
      outputCommitment: Hex;
      inputCommitment: Hex;
    };
    assert.equal(onChain.status, 2, "Fulfilled");
    assert.equal(onChain.outputCommitment, keccak256(hex(job.output!)));
    assert.equal(onChain.inputCommitment, keccak256(hex(job.input)));
    const answered = await env.pub.readContract({
      address: client,
      abi: abi("InferenceJobClient"),
      functionName: "answered",
      args: [0n],
    });
    assert.equal(answered, true);
    const cls = await env.pub.readContract({
      address: client,
      abi: abi("InferenceJobClient"),
      functionName: "classOf",
      args: [0n],
    });
    assert.equal(Number(cls), expected.class);
    for (let i = 0; i < 10; i++) {
      const score = await env.pub.readContract({
        address: client,
        abi: abi("InferenceJobClient"),
        functionName: "score",
        args: [0n, BigInt(i)],
      });
      assert.equal(score, expected.scores[i]);
    }
    // The result came in a later block, through the operator's transaction, which was paid the fee.
    const logs = await env.pub.getLogs({ address: QUEUE, fromBlock: posted.blockNumber + 1n });
    assert.ok(logs.length > 0, "JobFulfilled after the posting block");
    const operatorAfter = await env.pub.getBalance({
      address: `0x${operator.toString(16).padStart(40, "0")}`,
    });
    assert.ok(operatorAfter > operatorBefore - 10n ** 16n, "the fee covers the operator's gas");
    // Verification by re-execution: the output passes, a tampered one does not.
    assert.equal((await service.verify(0n, job.output!)).valid, true);
    // Any verifier can recompute it from the posted input and the chain's blobs.
    assert.deepEqual(job.output, computeMlp(prepareMlp(job.input, (a) => running.node.state.getCode(a))));
    const tampered = job.output!.slice();
    tampered[100] = tampered[100]! ^ 0xff;
    assert.equal((await service.verify(0n, tampered)).valid, false);
  });

  it("only the operator may fulfill", async () => {
    const hash = await env.wallet.sendTransaction({
      to: QUEUE,
      data: encodeFunctionData({
        abi: abi("CoprocessorJobs"),
        functionName: "fulfill",
        args: [0n, "0x01"],
      }),
      gas: 200_000n,
    });
    const r = await env.pub.waitForTransactionReceipt({ hash });
    assert.equal(r.status, "reverted");
  });
});

describe("a tampered job result through lanes node", () => {
  const dir = tempDir("lanes-copro-tamper-");
  let running: RunningNode;

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("is rejected by re-execution, never reaches the chain, and the job is refunded after its deadline", async () => {
    running = await startTestNode(dir.path, { threads: 1, jobs: { backend: new TamperingBackend() } });
    const env = await setup(running);
    const small = loadModel("digits-mlp");
    const registry = await env.deploy("ModelRegistry");
    for (const data of registrationCalls(small, 0n)) await env.send(registry, hex(data));
    const client = await env.deploy("InferenceJobClient", [QUEUE, registry]);
    const head = await env.pub.getBlockNumber();
    const fee = 5n * 10n ** 17n;
    await env.send(
      client,
      encodeFunctionData({
        abi: abi("InferenceJobClient"),
        functionName: "request",
        args: [0n, hex(new Uint8Array(quantizeInput(small, samples[0]!.image).buffer)), head + 4n],
      }),
      fee,
    );
    const service = running.node.jobs!.service;
    await service.idle();
    assert.equal(service.job(0n)!.status, "rejected");
    const balanceBefore = await env.pub.getBalance({ address: client });
    // Blocks pass; once the head reaches the deadline the node refunds the job.
    for (let i = 0; i < 5 && service.job(0n)!.status !== "refunded"; i++) {
      await running.node.mine();
      await service.idle();
    }
    assert.equal(service.job(0n)!.status, "refunded");
    const onChain = (await env.pub.readContract({
      address: QUEUE,
      abi: abi("CoprocessorJobs"),
      functionName: "getJob",
      args: [0n],
    })) as {
      status: number;
    };
    assert.equal(onChain.status, 3, "Refunded");
    assert.equal(await env.pub.getBalance({ address: client }), balanceBefore + fee);
    const answered = await env.pub.readContract({
      address: client,
      abi: abi("InferenceJobClient"),
      functionName: "answered",
      args: [0n],
    });
    assert.equal(answered, false);
  });
});

/** A backend that never answers (the node stops before the job is computed). */
class StalledBackend implements JobBackend {
  run(): Promise<Uint8Array> {
    return new Promise(() => {});
  }
  async close(): Promise<void> {}
}

describe("async jobs across a node restart", () => {
  const dir = tempDir("lanes-copro-restart-");
  let running: RunningNode | undefined;

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("a job open when the node stopped is computed after the restart; a fulfilled one is not redone", async () => {
    const small = loadModel("digits-mlp");
    const input = quantizeInput(small, samples[1]!.image);
    // First life: one job fulfilled, then the backend stalls and a second job is left open at the stop.
    running = await startTestNode(dir.path, { threads: 1 });
    let env = await setup(running);
    const registry = await env.deploy("ModelRegistry");
    for (const data of registrationCalls(small, 0n)) await env.send(registry, hex(data));
    const client = await env.deploy("InferenceJobClient", [QUEUE, registry]);
    const request = (deadline: bigint) =>
      env.send(
        client,
        encodeFunctionData({
          abi: abi("InferenceJobClient"),
          functionName: "request",
          args: [0n, hex(new Uint8Array(input.buffer)), deadline],
        }),
        10n ** 16n,
      );
    await request((await env.pub.getBlockNumber()) + 100n);
    await running.node.jobs!.service.idle();
    assert.equal(running.node.jobs!.service.job(0n)!.status, "fulfilled");
    await running.close();

    running = await startTestNode(dir.path, { threads: 1, jobs: { backend: new StalledBackend() } });
    env = await setup(running);
    await request((await env.pub.getBlockNumber()) + 100n);
    assert.equal(running.node.jobs!.service.job(1n)!.status, "running");
    await running.close();

    // Second life, with a working backend: job 1 is recovered from the chain and fulfilled; job 0 is known
    // as fulfilled and not computed again.
    running = await startTestNode(dir.path, { threads: 1 });
    env = await setup(running);
    const service = running.node.jobs!.service;
    assert.equal(service.job(0n)!.status, "fulfilled");
    assert.equal(service.job(0n)!.output, undefined, "a settled job is not recomputed");
    await service.idle();
    assert.equal(service.job(1n)!.status, "fulfilled", service.job(1n)!.error);
    const onChain = (await env.pub.readContract({
      address: QUEUE,
      abi: abi("CoprocessorJobs"),
      functionName: "getJob",
      args: [1n],
    })) as { status: number };
    assert.equal(onChain.status, 2, "Fulfilled");
    const cls = await env.pub.readContract({
      address: client,
      abi: abi("InferenceJobClient"),
      functionName: "classOf",
      args: [1n],
    });
    assert.equal(Number(cls), inferInt8(small, input).class);
  });
});
