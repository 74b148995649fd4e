// `npm run bench:coprocessors`: the same work through a co-processor and in plain Solidity, on Lanes, as gas
// and as time. Inference: ModelRegistry.infer (SIMD co-processor) vs ModelRegistry.inferSolidity, on the
// shipped 256-64-10 digit model (and the 256-128-64-10 one with --large). Groth16: Groth16Gate.verifyProof
// (co-processor, key registered once) vs the Solidity verifier snarkjs exports, on the 3-signal fixture.
// Each figure is a read-only call at the chain's head (applyTransaction): gasUsed is the transaction's gas
// (intrinsic included), medianMs the median wall time of --runs calls after one warm-up call. Both ways
// must return the same result, or the benchmark stops.
//
// Usage: npm run bench:coprocessors -- [--runs N] [--large] [--json FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeVerificationKey, proofWords } from "../../src/coprocessors/groth16/key.js";
import { quantizeInput } from "../../src/coprocessors/inference/model.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { digitSamples, TEST_SEED } from "../../tools/coprocessors/digits-data.js";
import { CoproChain, encodeCall } from "../../tools/coprocessors/harness.js";
import { hex, loadModel, registrationCalls } from "../../tools/coprocessors/models.js";
import { repoRoot } from "../../tools/coprocessors/paths.js";

interface Row {
  task: "inference" | "groth16";
  via: "coprocessor" | "solidity";
  gasUsed: number;
  medianMs: number;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function intrinsic(data: Uint8Array): bigint {
  let gas = 21000n;
  for (const b of data) gas += b === 0 ? 4n : 16n;
  return gas;
}

function measure(chain: CoproChain, to: bigint, data: Uint8Array, runs: number) {
  const call = chain.prepareCall(chain.account(0), to, data, 30_000_000n);
  const first = call();
  if (first.status !== 1) throw new Error(`call failed: ${first.error}`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    call();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    output: bytesToHex(first.output),
    gasUsed: first.gasUsed,
    execGas: first.gasUsed - intrinsic(data),
    medianMs: times[Math.floor(times.length / 2)]!,
  };
}

async function main(): Promise<void> {
  const runs = Number(option("--runs") ?? "9");
  const rows: Row[] = [];
  const report = (task: Row["task"], a: ReturnType<typeof measure>, b: ReturnType<typeof measure>) => {
    if (a.output !== b.output) throw new Error(`${task}: the co-processor and Solidity results differ`);
    rows.push({ task, via: "coprocessor", gasUsed: Number(a.gasUsed), medianMs: a.medianMs });
    rows.push({ task, via: "solidity", gasUsed: Number(b.gasUsed), medianMs: b.medianMs });
    console.log(
      `${task.padEnd(10)} co-processor ${a.gasUsed} gas (execution ${a.execGas}), ${a.medianMs.toFixed(2)} ms | ` +
        `Solidity ${b.gasUsed} gas (execution ${b.execGas}), ${b.medianMs.toFixed(2)} ms | ` +
        `gas ${(Number(b.gasUsed) / Number(a.gasUsed)).toFixed(1)}x (execution ${(Number(b.execGas) / Number(a.execGas)).toFixed(1)}x), ` +
        `time ${(b.medianMs / a.medianMs).toFixed(1)}x`,
    );
  };

  const chain = new CoproChain();
  const owner = chain.account(0);
  const modelName = process.argv.includes("--large") ? "digits-mlp-large" : "digits-mlp";
  const model = loadModel(modelName);
  const registry = await chain.deploy(owner, "ModelRegistry");
  for (const data of registrationCalls(model, 0n)) await chain.send(owner, registry, data);
  const input = hex(new Uint8Array(quantizeInput(model, digitSamples(1, TEST_SEED)[0]!.image).buffer));
  console.log(
    `inference: ${modelName} (${model.layers.map((l) => `${l.cols}x${l.rows}`).join(", ")}), ${runs} runs`,
  );
  report(
    "inference",
    measure(chain, registry, encodeCall("ModelRegistry", "infer", [0n, input]), runs),
    measure(chain, registry, encodeCall("ModelRegistry", "inferSolidity", [0n, input]), runs),
  );

  const dir = join(repoRoot(), "test", "coprocessors", "fixtures", "groth16");
  const vk = JSON.parse(readFileSync(join(dir, "polynomial.vkey.json"), "utf8"));
  const p = proofWords(JSON.parse(readFileSync(join(dir, "polynomial.proof.json"), "utf8")));
  const signals = (JSON.parse(readFileSync(join(dir, "polynomial.public.json"), "utf8")) as string[]).map(
    BigInt,
  );
  const gate = await chain.deploy(owner, "Groth16Gate", [hex(encodeVerificationKey(vk))]);
  const snarkjs = await chain.deploy(owner, "PolynomialSnarkjsVerifier");
  const args = [
    [p[0], p[1]],
    [
      [p[2], p[3]],
      [p[4], p[5]],
    ],
    [p[6], p[7]],
    signals,
  ];
  console.log(`groth16: polynomial circuit (${signals.length} public signals), ${runs} runs`);
  report(
    "groth16",
    measure(chain, gate, encodeCall("Groth16Gate", "verifyProof", args), runs),
    measure(chain, snarkjs, encodeCall("PolynomialSnarkjsVerifier", "verifyProof", args), runs),
  );

  const json = option("--json");
  if (json !== undefined) {
    writeFileSync(json, `${JSON.stringify({ results: rows }, null, 2)}\n`);
    console.log(`wrote ${json}`);
  }
}

await main();
