// The profiler's overhead: a block of N transactions (default 2,000) of each workload, executed on Block-STM
// uninstrumented (executeBlockParallel, mode "parallel") and instrumented (profile: true: timelines,
// dependency reads by location, the KECCAK256 step tracer), and the whole `lanes profile` analysis on top
// (profileBlock's measured run + analyzeProfile: graph, critical path, bounds, advice). Runs interleave
// after warm-up, so noise hits both sides alike; medians printed, with the ratio to the uninstrumented run.
// Goal (issue 20): instrumented < 2x uninstrumented. A measurement, not a test.
//   node dist/bench/profiler/overhead.js [--txs N] [--runs N] [--warmup N] [--threads N] [ids...]
//   (default ids: erc20-transfer uniswap-v2-swap)
import { executeBlockParallel, SharedStateSnapshot } from "../../src/parallel/index.js";
import { analyzeProfile } from "../../src/profiler/analyze.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock, type WorkloadId } from "../../tools/workloads/types.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const txs = Number(option("--txs", "2000"));
const runs = Number(option("--runs", "7"));
const warmup = Number(option("--warmup", "2"));
const threads = Number(option("--threads", "2"));
const named = process.argv.slice(2).filter(isWorkloadId) as WorkloadId[];
const ids: WorkloadId[] = named.length > 0 ? named : ["erc20-transfer", "uniswap-v2-swap"];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const f = (ms: number) => ms.toFixed(1).padStart(8);

console.log(
  `profiler overhead: ${txs} txs, ${threads} threads, ${runs} interleaved runs after ${warmup} warm-up; medians (ms)`,
);
console.log(
  `${"workload".padEnd(22)}${"plain".padStart(8)}${"instr.".padStart(8)}${"ratio".padStart(7)}` +
    `${"+report".padStart(9)}${"ratio".padStart(7)}  (plain re-exec / instr. re-exec)`,
);
for (const id of ids) {
  const w = await buildWorkload(id, 1, { txs });
  const block = lanesBlock(w);
  const snapshot = SharedStateSnapshot.fromState(w.preState);
  const base = { threads, mode: "parallel" as const, snapshot };
  const plain: number[] = [];
  const instrumented: number[] = [];
  const reported: number[] = [];
  let reExec = [0, 0];
  for (let r = 0; r < warmup + runs; r++) {
    let t = performance.now();
    const a = await executeBlockParallel(block, w.preState, w.chainConfig, base);
    const plainMs = performance.now() - t;
    t = performance.now();
    const b = await executeBlockParallel(block, w.preState, w.chainConfig, { ...base, profile: true });
    const instrumentedMs = performance.now() - t;
    if (b.profile === undefined) throw new Error(`${id}: the block did not run on Block-STM`);
    analyzeProfile({ data: b.profile, block, result: b, stats: b.stats, codeHashOf: () => undefined });
    const reportedMs = performance.now() - t;
    if (r < warmup) continue;
    plain.push(plainMs);
    instrumented.push(instrumentedMs);
    reported.push(reportedMs);
    reExec = [a.stats.reExecutions, b.stats.reExecutions];
  }
  const p = median(plain);
  const i = median(instrumented);
  const rep = median(reported);
  console.log(
    `${id.padEnd(22)}${f(p)}${f(i)}${(i / p).toFixed(2).padStart(6)}x${f(rep).padStart(9)}${(rep / p)
      .toFixed(2)
      .padStart(6)}x  (${reExec[0]} / ${reExec[1]})`,
  );
}
process.exit(0);
