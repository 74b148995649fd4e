// Same-run A/B comparison of two Lanes builds: this build against an older one compiled into another
// outdir (e.g. `git archive <commit> | tar -x -C /tmp/base && cd /tmp/base && LANES_OUTDIR=... node
// scripts/build.mjs`), timed alternately in one process so that machine load hits both alike. It answers
// "did this change make Lanes slower?" more precisely than two separate benchmark runs on a shared, noisy
// machine.
// - default: the bench:evm contracts, one transaction each (applyTransaction);
// - `--workloads a,b --txs N`: `lanes bench` workloads as one block each, run by the sequential executor
//   (executeBlock), each build generating its own copy of the workload from the same seed; the two builds'
//   state roots must agree.
// Each run is measured in wall time and in the process's CPU time (process.cpuUsage: user + system, which
// leaves out the time the thread waited for a core while other jobs ran); on a loaded machine CPU time is
// the steadier figure. Medians and minimums of both are printed; the ratio uses CPU-time medians.
//
// Usage: node dist/bench/evm/compare-builds.js --base /tmp/base/dist [--runs N] [--warmup N] [--scale X]
//          [--only a,b] [--workloads a,b --txs N --seed S]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { bytesToHex } from "../../src/primitives/hex.js";
import { benchContracts } from "./contracts.js";
import { LanesRunner } from "./lanes-runner.js";
import { median } from "./report.js";

interface Options {
  base: string;
  runs: number;
  warmup: number;
  scale: number;
  only?: string[];
  workloads?: string[];
  txs: number;
  seed: number;
}

interface Sample {
  wall: number;
  cpu: number;
}

/** One thing to time: `run` executes it once; `check` returns a fingerprint both builds must share. */
interface Subject {
  run(): void;
  check(): string;
}

function fail(message: string): never {
  process.stderr.write(`compare-builds: ${message}\n`);
  process.exit(1);
}

function parse(argv: string[]): Options {
  const o: Options = { base: "", runs: 9, warmup: 2, scale: 1, txs: 2000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => argv[++i] ?? fail(`${flag} needs a value`);
    if (flag === "--base") o.base = value();
    else if (flag === "--runs") o.runs = Number(value());
    else if (flag === "--warmup") o.warmup = Number(value());
    else if (flag === "--scale") o.scale = Number(value());
    else if (flag === "--only") o.only = value().split(",");
    else if (flag === "--workloads") o.workloads = value().split(",");
    else if (flag === "--txs") o.txs = Number(value());
    else if (flag === "--seed") o.seed = Number(value());
    else fail(`unknown argument ${flag}`);
  }
  if (o.base === "") fail("--base <outdir of the other build> is required");
  if (!(o.runs >= 1) || !(o.warmup >= 0) || !(o.scale > 0) || !(o.txs >= 1)) fail("bad numeric option");
  return o;
}

function timed(subject: Subject): Sample {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  subject.run();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

// biome-ignore lint/suspicious/noExplicitAny: modules of another build are loaded by path, untyped.
type AnyModule = any;
const load = (root: string, path: string): Promise<AnyModule> =>
  import(pathToFileURL(resolve(root, path)).href);

const opts = parse(process.argv.slice(2));
const thisRoot = resolve(new URL("../..", import.meta.url).pathname);

/** The bench:evm contracts of one build, as subjects. */
async function contractSubjects(root: string): Promise<Map<string, Subject>> {
  const { LanesRunner: Runner } =
    root === thisRoot ? { LanesRunner } : await load(root, "bench/evm/lanes-runner.js");
  const out = new Map<string, Subject>();
  for (const contract of benchContracts(opts.scale)) {
    if (opts.only !== undefined && !opts.only.includes(contract.name)) continue;
    const runner = new Runner(contract);
    out.set(contract.name, { run: () => runner.run(), check: () => contract.name });
  }
  return out;
}

/** One block per workload, generated and executed by one build's own modules. */
async function blockSubjects(root: string, ids: string[]): Promise<Map<string, Subject>> {
  const { buildWorkload, WORKLOAD_IDS } = await load(root, "tools/workloads/registry.js");
  const known = WORKLOAD_IDS as readonly string[];
  for (const id of ids)
    if (!known.includes(id)) fail(`unknown workload ${id} in ${root} (known: ${known.join(", ")})`);
  const { lanesBlock } = await load(root, "tools/workloads/types.js");
  const { executeBlock } = await load(root, "src/block/execute-block.js");
  const out = new Map<string, Subject>();
  for (const id of ids) {
    const w = await buildWorkload(id, opts.seed, { txs: opts.txs });
    const block = lanesBlock(w);
    const exec = () => executeBlock(block, w.preState, w.chainConfig);
    out.set(id, { run: exec, check: () => bytesToHex(exec().stateRoot) });
  }
  return out;
}

const current =
  opts.workloads !== undefined
    ? await blockSubjects(thisRoot, opts.workloads)
    : await contractSubjects(thisRoot);
const base =
  opts.workloads !== undefined
    ? await blockSubjects(opts.base, opts.workloads)
    : await contractSubjects(opts.base);

const rows: string[] = [];
const logs: number[] = [];
const fmt = (x: number) => x.toFixed(1).padStart(7);
for (const [name, a0] of current) {
  const b0 = base.get(name) ?? fail(`${name} is missing from the base build`);
  if (a0.check() !== b0.check()) fail(`${name}: the builds computed different results`);
  for (let i = 0; i < opts.warmup; i++) {
    a0.run();
    b0.run();
  }
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < opts.runs; i++) {
    if (i % 2 === 0) {
      b.push(timed(b0));
      a.push(timed(a0));
    } else {
      a.push(timed(a0));
      b.push(timed(b0));
    }
  }
  const stat = (xs: Sample[], key: keyof Sample) => {
    const v = xs.map((x) => x[key]);
    return { median: median(v), min: Math.min(...v) };
  };
  const [bw, aw, bc, ac] = [stat(b, "wall"), stat(a, "wall"), stat(b, "cpu"), stat(a, "cpu")];
  const ratio = bc.median / ac.median;
  logs.push(Math.log(ratio));
  rows.push(
    `${name.padEnd(16)} wall median ${fmt(bw.median)} ${fmt(aw.median)}  min ${fmt(bw.min)} ${fmt(aw.min)}` +
      ` | cpu median ${fmt(bc.median)} ${fmt(ac.median)}  min ${fmt(bc.min)} ${fmt(ac.min)}` +
      ` | base/this cpu ${ratio.toFixed(3)} (min ${(bc.min / ac.min).toFixed(3)})`,
  );
  process.stderr.write(`${rows[rows.length - 1]}\n`);
}
const geo = Math.exp(logs.reduce((s, x) => s + x, 0) / logs.length);
process.stdout.write(
  `\nA/B over ${opts.runs} alternating runs, ms (base, this); base = ${opts.base}\n${rows.join("\n")}\n` +
    `geometric mean of base/this (CPU-time medians): ${geo.toFixed(3)} (>1: this build is faster)\n`,
);
