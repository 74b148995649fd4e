// A driver for profiling the sequential block path: builds one `lanes bench` workload block, runs
// executeBlock on it a few times to warm up, then `--runs N` more times, for `node --cpu-prof` to record
// (filter the profile by the subtree of `profiledBlock`: the workload's setup blocks run executeBlock too).
// Prints the median wall and CPU time per block.
//
// Usage: node --cpu-prof --cpu-prof-dir DIR dist/bench/evm/block-profile.js --workload erc20-transfer
//          [--txs 2000] [--runs 20] [--warmup 5]
import { executeBlock } from "../../src/block/execute-block.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock } from "../../tools/workloads/types.js";
import { median } from "./report.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const id = arg("workload", "erc20-transfer");
if (!isWorkloadId(id)) throw new Error(`unknown workload ${id}`);
const txs = Number(arg("txs", "2000"));
const runs = Number(arg("runs", "20"));
const warmup = Number(arg("warmup", "5"));
const w = await buildWorkload(id, 1, { txs });
const block = lanesBlock(w);
/** The profiled call: filter a profile by this name (the workload's setup blocks also run executeBlock). */
function profiledBlock(): void {
  executeBlock(block, w.preState, w.chainConfig, w.executeOptions);
}
for (let i = 0; i < warmup; i++) profiledBlock();
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  profiledBlock();
  wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
process.stdout.write(
  `${id} ${txs} txs: wall median ${median(wall).toFixed(1)} ms, cpu median ${median(cpu).toFixed(1)} ms over ${runs} runs\n`,
);
