// Calibration of the co-processors' gas (docs/coprocessors.md, "Calibration"). Prints, side by side in one
// run on this machine:
// - the EVM's gas rate on int8 multiply-accumulates: gas and time of ModelRegistry.inferSolidity per MAC;
// - the SIMD co-processor's time per MAC (a 256 x 256 matVec through its WebAssembly kernels, and through
//   the whole precompile including ABI decoding), and the gas per MAC that equals that time at the EVM's rate;
// - the Groth16 co-processor's time against the EVM's BN254 pairing precompile with 4 pairs (181,000 gas),
//   and the gas that equals it at the pairing precompile's own rate.
// Usage: npm run build && node dist/bench/coprocessors/calibrate.js
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bn254 } from "@noble/curves/bn254.js";
import { encodeVerificationKey, proofWords } from "../../src/coprocessors/groth16/key.js";
import { preparedKey, verifyGroth16 } from "../../src/coprocessors/groth16/verify.js";
import { quantizeInput } from "../../src/coprocessors/inference/model.js";
import { coprocessorPrecompile } from "../../src/coprocessors/registry.js";
import { createSimdCoprocessor } from "../../src/coprocessors/simd/coprocessor.js";
import { SimdEngine } from "../../src/coprocessors/simd/engine.js";
import { MACS_PER_GAS } from "../../src/coprocessors/simd/gas.js";
import { FORKS } from "../../src/evm/forks.js";
import { bn254Pairing } from "../../src/evm/precompiles/bn254.js";
import { digitSamples, Rng, TEST_SEED } from "../../tools/coprocessors/digits-data.js";
import { CoproChain, encodeCall } from "../../tools/coprocessors/harness.js";
import { hex, loadModel, registrationCalls } from "../../tools/coprocessors/models.js";
import { repoRoot } from "../../tools/coprocessors/paths.js";

function median(f: () => void, runs: number): number {
  f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(runs / 2)]!;
}

async function main(): Promise<void> {
  // 1. The EVM on int8 MACs.
  const model = loadModel("digits-mlp");
  const macs = model.layers.reduce((s, l) => s + l.rows * l.cols, 0);
  const chain = new CoproChain();
  const owner = chain.account(0);
  const registry = await chain.deploy(owner, "ModelRegistry");
  for (const data of registrationCalls(model, 0n)) await chain.send(owner, registry, data);
  const input = hex(new Uint8Array(quantizeInput(model, digitSamples(1, TEST_SEED)[0]!.image).buffer));
  const call = chain.prepareCall(
    owner,
    registry,
    encodeCall("ModelRegistry", "inferSolidity", [0n, input]),
    30_000_000n,
  );
  const gas = Number(call().gasUsed);
  const evmMs = median(() => call(), 5);
  const evmGasPerNs = gas / (evmMs * 1e6);
  console.log(
    `EVM (plain Solidity, ${macs} MACs): ${gas} gas in ${evmMs.toFixed(1)} ms = ${(gas / macs).toFixed(0)} gas/MAC, ` +
      `${((evmMs * 1e6) / macs).toFixed(0)} ns/MAC, ${(evmGasPerNs * 1000).toFixed(1)} Mgas/s`,
  );

  // 2. The SIMD co-processor per MAC.
  const rng = new Rng(5);
  const n = 256;
  const w = Int8Array.from({ length: n * n }, () => rng.int(256) - 128);
  const x = Int8Array.from({ length: n }, () => rng.int(256) - 128);
  const engine = new SimdEngine();
  const kernelMs = median(() => engine.matVec(w, n, n, x), 51);
  const precompile = coprocessorPrecompile(createSimdCoprocessor());
  const { encodeFunctionData, parseAbi } = await import("viem");
  const abi = parseAbi([
    "function matVec(bytes w, uint256 rows, uint256 cols, bytes x) view returns (bytes)",
  ]);
  const matVecCall = Uint8Array.from(
    Buffer.from(
      encodeFunctionData({
        abi,
        functionName: "matVec",
        args: [hex(new Uint8Array(w.buffer)), BigInt(n), BigInt(n), hex(new Uint8Array(x.buffer))],
      }).slice(2),
      "hex",
    ),
  );
  const r = precompile(matVecCall, 1e9, FORKS.Prague);
  const callMs = median(() => precompile(matVecCall, 1e9, FORKS.Prague), 51);
  const nsPerMac = (kernelMs * 1e6) / (n * n);
  const callNsPerMac = (callMs * 1e6) / (n * n);
  console.log(
    `SIMD co-processor (${n}x${n} matVec): kernel ${nsPerMac.toFixed(2)} ns/MAC, whole call ${callNsPerMac.toFixed(2)} ns/MAC ` +
      `-> ${(callNsPerMac * evmGasPerNs).toFixed(3)} gas/MAC at the EVM's rate; charged 1/${MACS_PER_GAS} = ` +
      `${(1 / MACS_PER_GAS).toFixed(3)} gas/MAC (${r.gasUsed} gas for this call, ` +
      `${(1 / MACS_PER_GAS / (callNsPerMac * evmGasPerNs)).toFixed(1)}x the time-equivalent)`,
  );

  // 3. Groth16 against the pairing precompile.
  const dir = join(repoRoot(), "test", "coprocessors", "fixtures", "groth16");
  const vk = preparedKey(
    encodeVerificationKey(JSON.parse(readFileSync(join(dir, "polynomial.vkey.json"), "utf8"))),
  );
  const proof = proofWords(JSON.parse(readFileSync(join(dir, "polynomial.proof.json"), "utf8")));
  const signals = (JSON.parse(readFileSync(join(dir, "polynomial.public.json"), "utf8")) as string[]).map(
    BigInt,
  );
  const verifyMs = median(() => verifyGroth16(vk, proof, signals), 9);
  const g1 = bn254.G1.Point.BASE.toAffine();
  const g2 = bn254.G2.Point.BASE.toAffine();
  const word = (v: bigint) => v.toString(16).padStart(64, "0");
  const pair = word(g1.x) + word(g1.y) + word(g2.x.c1) + word(g2.x.c0) + word(g2.y.c1) + word(g2.y.c0);
  const pairing = Uint8Array.from(Buffer.from(pair.repeat(4), "hex"));
  const pairingMs = median(() => bn254Pairing(pairing, 1e9, FORKS.Prague), 9);
  console.log(
    `Groth16 (3 signals): ${verifyMs.toFixed(1)} ms; BN254 pairing precompile, 4 pairs (181000 gas): ${pairingMs.toFixed(1)} ms ` +
      `-> ${Math.round((181000 * verifyMs) / pairingMs)} gas at the pairing precompile's rate`,
  );
}

await main();
