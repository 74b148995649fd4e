// Two builds of the parallel executor side by side in one process, for CPU-time A/B of a change on a
// loaded machine: this build and another build's dist folder (`--before DIR`, e.g. a copy of dist made
// before the change) run the same block alternately (ABBA), each with its own workers, and the script
// prints the means of the figures that do not depend on the run queue: the executor loops' CPU time per
// execution (all workers), the busiest worker's loop CPU, and the main thread's CPU before the dispatch,
// during the phase and in the commit. Both builds must produce the same state and receipts roots.
// A profiling aid, not a test.
//   node dist/bench/parallel/ab-builds.js --before DIR [--txs N] [--runs N] [--warmup N] [--threads N] [ids...]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as after from "../../src/parallel/index.js";
import { bytesEqual } from "../../src/primitives/hex.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock, type WorkloadId } from "../../tools/workloads/types.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const beforeDir = option("--before", "");
if (beforeDir === "") {
  console.error(
    "usage: ab-builds.js --before DIST_DIR [--txs N] [--runs N] [--warmup N] [--threads N] [ids...]",
  );
  process.exit(2);
}
const txs = Number(option("--txs", "2000"));
const runs = Number(option("--runs", "10"));
const warmup = Number(option("--warmup", "3"));
const threads = Number(option("--threads", "2"));
const ids = process.argv.slice(2).filter(isWorkloadId) as WorkloadId[];

type Module = typeof after;
type Workloads = { buildWorkload: typeof buildWorkload; lanesBlock: typeof lanesBlock };
const fromBefore = (path: string) => import(pathToFileURL(resolve(beforeDir, path)).href);
const before = (await fromBefore("src/parallel/index.js")) as Module;
// Each build gets the workload built by its own modules: the executor tells its own state classes apart
// with instanceof, which another build's instances fail.
const beforeWorkloads = {
  ...((await fromBefore("tools/workloads/registry.js")) as Pick<Workloads, "buildWorkload">),
  ...((await fromBefore("tools/workloads/types.js")) as Pick<Workloads, "lanesBlock">),
};
const afterWorkloads: Workloads = { buildWorkload, lanesBlock };

const FIGURES = ["loopCpuUs", "workerCpu", "mainSetupCpu", "mainPhaseCpu", "mainCommitCpu"] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

for (const id of ids.length > 0 ? ids : (["erc20-transfer"] as WorkloadId[])) {
  const sides = [];
  for (const [name, m, wl] of [
    ["before", before, beforeWorkloads],
    ["after", after, afterWorkloads],
  ] as const) {
    const w = await wl.buildWorkload(id, 1, { txs });
    const snapshot = m.SharedStateSnapshot.fromState(w.preState);
    sides.push({ name, m, w, block: wl.lanesBlock(w), snapshot, sums: zero() });
  }
  let roots: { state: Uint8Array; receipts: Uint8Array } | undefined;
  for (let round = 0; round < warmup + runs; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const side = sides[k]!;
      const r = await side.m.executeBlockParallel(side.block, side.w.preState, side.w.chainConfig, {
        threads,
        snapshot: side.snapshot,
        mode: "parallel",
        measureCpu: true,
      });
      if (roots === undefined) roots = { state: r.stateRoot, receipts: r.receiptsRoot };
      else if (!bytesEqual(roots.state, r.stateRoot) || !bytesEqual(roots.receipts, r.receiptsRoot)) {
        throw new Error(`${id}: the ${side.name} build's roots differ`);
      }
      if (round < warmup) continue;
      const t = r.stats.perThread;
      const executions = Math.max(1, r.stats.executions);
      side.sums.loopCpuUs += (1000 * t.reduce((sum, x) => sum + x.cpuMs, 0)) / executions;
      side.sums.workerCpu += Math.max(...t.map((x) => x.cpuMs));
      side.sums.mainSetupCpu += r.stats.mainThreadCpu?.setupMs ?? Number.NaN;
      side.sums.mainPhaseCpu += r.stats.mainThreadCpu?.phaseMs ?? Number.NaN;
      side.sums.mainCommitCpu += r.stats.mainThreadCpu?.commitMs ?? Number.NaN;
    }
  }
  console.log(`${id} (${txs} txs, ${threads} threads, means of ${runs} runs each, ABBA; roots identical)`);
  for (const f of FIGURES) {
    const [b, a] = sides.map((s) => s.sums[f] / runs) as [number, number];
    console.log(
      `  ${f.padEnd(14)} before ${b.toFixed(2).padStart(8)}  after ${a.toFixed(2).padStart(8)}  ${pct(a, b)}`,
    );
  }
}

function zero(): Figures {
  return { loopCpuUs: 0, workerCpu: 0, mainSetupCpu: 0, mainPhaseCpu: 0, mainCommitCpu: 0 };
}

function pct(a: number, b: number): string {
  return `${a >= b ? "+" : ""}${((100 * (a - b)) / b).toFixed(1)}%`;
}
