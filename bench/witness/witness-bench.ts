// Execution witnesses on the benchmark workloads (tools/workloads): size (trie nodes, codes, bytes, gzip) per
// Mgas of block gas, and how long generation and stateless verification take against plain execution,
// sequential and parallel, measured interleaved in one process (medians of --runs after a warm-up run).
// Every witness is checked first: verification must give the executed state root and use every node.
//
//   npm run build && node --max-semi-space-size=64 dist/bench/witness/witness-bench.js \
//     [--txs 2000] [--runs 5] [--threads 2] [--workloads erc20-transfer,uniswap-v2-swap] [--json out.json]
import { writeFileSync } from "node:fs";
import { executeBlock } from "../../src/block/execute-block.js";
import { executeBlockParallel, SharedStateSnapshot } from "../../src/parallel/index.js";
import { verifyBlockStatelessParallel } from "../../src/parallel/witness.js";
import { bytesEqual } from "../../src/primitives/hex.js";
import { generateWitness, verifyBlockStateless, witnessSize } from "../../src/witness/index.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock, WORKLOAD_IDS, type WorkloadId } from "../../tools/workloads/types.js";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const txs = Number(option("txs") ?? 2000);
const runs = Number(option("runs") ?? 5);
const threads = Number(option("threads") ?? 2);
const workloads = (option("workloads")?.split(",") ?? [...WORKLOAD_IDS]).filter((w): w is WorkloadId => {
  if (!isWorkloadId(w)) throw new Error(`unknown workload ${w}`);
  return true;
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

interface Row {
  workload: string;
  txs: number;
  mgas: number;
  nodes: number;
  nodeBytes: number;
  codes: number;
  codeBytes: number;
  bytes: number;
  compressedBytes: number;
  jsonBytes: number;
  execMs: number;
  generateMs: number;
  verifyMs: number;
  parallelExecMs: number;
  parallelVerifyMs: number;
}

const rows: Row[] = [];
for (const id of workloads) {
  const w = await buildWorkload(id, 1, { txs });
  const block = lanesBlock(w);
  const pre = w.preState;
  const config = w.chainConfig;
  const preStateRoot = pre.stateRoot();
  const snapshot = SharedStateSnapshot.fromState(pre);
  const generated = generateWitness(block, pre, config);
  const witness = generated.witness;
  const options = { preStateRoot, expectStateRoot: generated.result.stateRoot };
  const times: Record<
    keyof Pick<Row, "execMs" | "generateMs" | "verifyMs" | "parallelExecMs" | "parallelVerifyMs">,
    number[]
  > = {
    execMs: [],
    generateMs: [],
    verifyMs: [],
    parallelExecMs: [],
    parallelVerifyMs: [],
  };
  for (let run = 0; run <= runs; run++) {
    const [exec, execMs] = await time(() => executeBlock(block, pre, config));
    const [, generateMs] = await time(() => generateWitness(block, pre, config));
    const [v, verifyMs] = await time(() => verifyBlockStateless(block, witness, config, options));
    const [par, parallelExecMs] = await time(() =>
      executeBlockParallel(block, pre, config, { threads, snapshot, mode: "parallel" }),
    );
    const [pv, parallelVerifyMs] = await time(() =>
      verifyBlockStatelessParallel(block, witness, config, { ...options, threads }),
    );
    if (!v.ok || !pv.ok || v.unusedNodes + v.unusedCodes + pv.unusedNodes + pv.unusedCodes !== 0) {
      throw new Error(`${id}: the witness does not verify minimally`);
    }
    if (!bytesEqual(exec.stateRoot, v.stateRoot) || !bytesEqual(par.stateRoot, pv.stateRoot)) {
      throw new Error(`${id}: verification computed another state root`);
    }
    if (run === 0) continue; // warm-up
    times.execMs.push(execMs);
    times.generateMs.push(generateMs);
    times.verifyMs.push(verifyMs);
    times.parallelExecMs.push(parallelExecMs);
    times.parallelVerifyMs.push(parallelVerifyMs);
  }
  const size = witnessSize(witness);
  const row: Row = {
    workload: id,
    txs: block.transactions.length,
    mgas: Number(generated.result.gasUsed) / 1e6,
    nodes: size.nodes,
    nodeBytes: size.nodeBytes,
    codes: size.codes,
    codeBytes: size.codeBytes,
    bytes: size.bytes,
    compressedBytes: size.compressedBytes,
    jsonBytes: size.jsonBytes,
    execMs: median(times.execMs),
    generateMs: median(times.generateMs),
    verifyMs: median(times.verifyMs),
    parallelExecMs: median(times.parallelExecMs),
    parallelVerifyMs: median(times.parallelVerifyMs),
  };
  rows.push(row);
  process.stderr.write(`${id}: done\n`);
}

const kb = (n: number) => (n / 1024).toFixed(1);
const perMgas = (n: number, mgas: number) => (n / 1024 / mgas).toFixed(1);
const ms = (n: number) => n.toFixed(0);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const lines = [
  `Witness size per block (${txs} transactions) and per Mgas; times are medians of ${runs} runs (ms), ${threads} threads for parallel.`,
  "",
  "| workload | Mgas | nodes | node KB | codes | code KB | witness KB | KB/Mgas | gzip KB/Mgas | execute | generate | verify | verify/execute | parallel execute | parallel verify | parallel verify/execute |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.workload} | ${r.mgas.toFixed(1)} | ${r.nodes} | ${kb(r.nodeBytes)} | ${r.codes} | ${kb(r.codeBytes)} | ${kb(r.bytes)} | ${perMgas(r.bytes, r.mgas)} | ${perMgas(r.compressedBytes, r.mgas)} | ${ms(r.execMs)} | ${ms(r.generateMs)} | ${ms(r.verifyMs)} | ${ratio(r.verifyMs, r.execMs)} | ${ms(r.parallelExecMs)} | ${ms(r.parallelVerifyMs)} | ${ratio(r.parallelVerifyMs, r.parallelExecMs)} |`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
const jsonPath = option("json");
if (jsonPath !== undefined) writeFileSync(jsonPath, `${JSON.stringify(rows, null, 2)}\n`);
process.exit(0);
