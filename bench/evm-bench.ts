// EVM micro-benchmark: Lanes vs @ethereumjs/evm and anvil (native revm) on the same compute-heavy
// contracts, in one run.
//
// What it measures: wall-clock time to execute one large transaction per contract (an arithmetic loop, a
// keccak loop, memory copies, storage writes, ERC-20-like transfers; see bench/evm/contracts.ts), and from it
// Mgas/s. Why: Lanes' goal is to be at least 10x faster than ethereumjs at executing EVM code, and a
// side-by-side run on the same machine, same code, same input and same gas limit is the only comparison
// that survives noisy shared hardware. Both engines must agree on gas used, output, logs and storage
// before anything is timed; otherwise the benchmark aborts (exit code 2). Speed never fails it.
//
// Levels: Lanes is timed at the transaction level (applyTransaction: validation, gas purchase, execution,
// refunds, state diff); ethereumjs at the message level (evm.runCall); anvil at the eth_call level (revm
// runs the message; one loopback JSON-RPC round trip included; see bench/evm/anvil-runner.ts). anvil is
// started by the harness when installed (optional dependency @foundry-rs/anvil-linux-amd64, or ANVIL=path)
// and skipped with a notice otherwise, or with --no-anvil.
//
// Method: per contract, one verification run each, `--warmup` untimed runs each, then `--runs` timed runs
// alternating the engines (and which goes first) so that load from other jobs hits both; the median is
// reported. With --gc, a full GC runs before each timed run (bench/evm/gc.ts; off by default, see there).
//
// Usage: npm run bench:evm -- [--runs N] [--warmup N] [--scale X] [--only a,b]
//          [--ejs-state simple|merkle] [--json FILE] [--list] [--gc] [--no-anvil]
import { writeFileSync } from "node:fs";
import { AnvilRunner, findAnvil } from "./evm/anvil-runner.js";
import { type BenchContract, benchContracts } from "./evm/contracts.js";
import { type EjsStateKind, EthereumjsRunner } from "./evm/ethereumjs-runner.js";
import { LanesRunner } from "./evm/lanes-runner.js";
import { compareOutcomes } from "./evm/outcome.js";
import {
  type ContractResult,
  formatTable,
  geometricMeanSpeedup,
  geometricMeanVsAnvil,
  machineInfo,
  median,
  mgasPerSecond,
  speedup,
} from "./evm/report.js";
import { collectGarbage, gcAvailable } from "./harness/gc.js";

interface Options {
  runs: number;
  warmup: number;
  scale: number;
  only: string[] | undefined;
  ejsState: EjsStateKind;
  json: string | undefined;
  list: boolean;
  gc: boolean;
  anvil: boolean;
}

const USAGE = `usage: npm run bench:evm -- [--runs N] [--warmup N] [--scale X] [--only a,b]
                         [--ejs-state simple|merkle] [--json FILE] [--list] [--gc] [--no-anvil]`;

function fail(message: string, code = 1): never {
  process.stderr.write(`evm-bench: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    runs: 5,
    warmup: 2,
    scale: 1,
    only: undefined,
    ejsState: "simple",
    json: undefined,
    list: false,
    gc: false,
    anvil: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => argv[++i] ?? fail(`${flag} needs a value\n${USAGE}`);
    const count = (min: number): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) fail(`${flag} must be an integer >= ${min}`);
      return n;
    };
    if (flag === "--runs") opts.runs = count(1);
    else if (flag === "--warmup") opts.warmup = count(0);
    else if (flag === "--scale") {
      opts.scale = Number(value());
      if (!(opts.scale > 0)) fail("--scale must be a positive number");
    } else if (flag === "--only") opts.only = value().split(",");
    else if (flag === "--ejs-state") {
      const kind = value();
      if (kind !== "simple" && kind !== "merkle") fail("--ejs-state must be simple or merkle");
      opts.ejsState = kind;
    } else if (flag === "--json") opts.json = value();
    else if (flag === "--list") opts.list = true;
    else if (flag === "--gc") opts.gc = true;
    else if (flag === "--no-anvil") opts.anvil = false;
    else if (flag === "--help" || flag === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument ${flag}\n${USAGE}`);
  }
  return opts;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Runs every engine once and aborts unless they computed exactly the same thing. */
async function verify(
  contract: BenchContract,
  lanes: LanesRunner,
  ejs: EthereumjsRunner,
  anvil: AnvilRunner | undefined,
): Promise<bigint> {
  const lanesOut = lanes.outcome(contract.probeSlots);
  const slots = [...new Set([...contract.probeSlots, ...lanesOut.writtenSlots])];
  const lanesFull = slots.length === contract.probeSlots.length ? lanesOut : lanes.outcome(slots);
  const ejsOut = await ejs.outcome(slots);
  const diffs = compareOutcomes(lanesFull, ejsOut, "Lanes", "ethereumjs");
  if (anvil !== undefined)
    diffs.push(...compareOutcomes(lanesFull, await anvil.outcome(slots), "Lanes", "anvil"));
  if (!lanesFull.success) diffs.push(`the transaction failed in Lanes (${lanesFull.error})`);
  if (diffs.length > 0) {
    fail(
      `${contract.name}: the engines disagree, a timing comparison would be meaningless:\n  ${diffs.join("\n  ")}`,
      2,
    );
  }
  return lanesFull.gasUsed;
}

async function benchContract(
  contract: BenchContract,
  opts: Options,
  anvilBinary: string | undefined,
): Promise<ContractResult> {
  const lanes = new LanesRunner(contract);
  const ejs = await EthereumjsRunner.create(contract, opts.ejsState);
  const anvil = anvilBinary === undefined ? undefined : await AnvilRunner.start(anvilBinary, contract);
  try {
    const gasUsed = await verify(contract, lanes, ejs, anvil);
    progress(`${contract.name}: engines agree (gas ${gasUsed}); warming up`);
    for (let i = 0; i < opts.warmup; i++) {
      lanes.run();
      await ejs.run();
      await anvil?.run();
    }
    const lanesSamples: number[] = [];
    const ethereumjsSamples: number[] = [];
    const anvilSamples: number[] = [];
    const gc = opts.gc ? collectGarbage : () => {};
    const timers: (() => Promise<void>)[] = [
      async () => {
        gc();
        lanesSamples.push(lanes.run());
      },
      async () => {
        gc();
        ethereumjsSamples.push(await ejs.run());
      },
    ];
    if (anvil !== undefined) timers.push(async () => void anvilSamples.push(await anvil.run()));
    for (let i = 0; i < opts.runs; i++) {
      // Rotate which engine goes first, so none is systematically measured right after another.
      for (let k = 0; k < timers.length; k++) await timers[(i + k) % timers.length]!();
    }
    const result: ContractResult = {
      name: contract.name,
      gasUsed,
      lanesMs: median(lanesSamples),
      ethereumjsMs: median(ethereumjsSamples),
      anvilMs: anvil === undefined ? undefined : median(anvilSamples),
      lanesSamples,
      ethereumjsSamples,
      anvilSamples,
    };
    progress(
      `${contract.name}: Lanes ${result.lanesMs.toFixed(1)} ms, ethereumjs ${result.ethereumjsMs.toFixed(1)} ms` +
        (result.anvilMs === undefined ? "" : `, anvil ${result.anvilMs.toFixed(1)} ms`),
    );
    return result;
  } finally {
    anvil?.stop();
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  let contracts = benchContracts(opts.scale);
  if (opts.list) {
    for (const c of contracts) process.stdout.write(`${c.name.padEnd(12)} ${c.exercises}\n`);
    return;
  }
  if (opts.only) {
    const unknown = opts.only.filter((n) => !contracts.some((c) => c.name === n));
    if (unknown.length > 0) fail(`unknown contract(s): ${unknown.join(", ")} (see --list)`);
    contracts = contracts.filter((c) => opts.only!.includes(c.name));
  }

  const anvilBinary = opts.anvil ? findAnvil() : undefined;
  if (opts.anvil && anvilBinary === undefined) {
    progress(
      "evm-bench: anvil not found (optional dependency @foundry-rs/anvil-linux-amd64, or ANVIL=path); skipping it",
    );
  }
  const machine = machineInfo();
  const levels = {
    lanes: "transaction (applyTransaction)",
    ethereumjs: `message (evm.runCall, ${opts.ejsState === "merkle" ? "MerkleStateManager + caches" : "SimpleStateManager"})`,
    anvil: anvilBinary === undefined ? "not run" : "message (eth_call over loopback JSON-RPC, revm)",
  };
  const results: ContractResult[] = [];
  for (const contract of contracts) results.push(await benchContract(contract, opts, anvilBinary));

  const out = [
    "",
    `EVM benchmark, Cancun, median of ${opts.runs} runs after ${opts.warmup} warm-up runs (scale ${opts.scale})`,
    `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}`,
    `Lanes revision: ${machine.lanesRevision}`,
    `timed at: Lanes ${levels.lanes}; ethereumjs ${levels.ethereumjs}; anvil ${levels.anvil}`,
    `full GC before each timed run: ${!opts.gc ? "no" : gcAvailable ? "yes (--gc)" : "no (gc() unavailable)"}`,
    "",
    formatTable(results),
    "",
  ];
  process.stdout.write(out.join("\n"));

  if (opts.json) {
    const report = {
      date: new Date().toISOString(),
      machine,
      options: {
        runs: opts.runs,
        warmup: opts.warmup,
        scale: opts.scale,
        ejsState: opts.ejsState,
        forcedGc: opts.gc && gcAvailable,
      },
      levels,
      results: results.map((r) => ({
        name: r.name,
        gasUsed: r.gasUsed.toString(),
        lanesMs: r.lanesMs,
        ethereumjsMs: r.ethereumjsMs,
        lanesMgasPerSecond: mgasPerSecond(r.gasUsed, r.lanesMs),
        ethereumjsMgasPerSecond: mgasPerSecond(r.gasUsed, r.ethereumjsMs),
        ratio: speedup(r),
        anvilMs: r.anvilMs,
        lanesVsAnvil: r.anvilMs === undefined ? undefined : r.anvilMs / r.lanesMs,
        lanesSamples: r.lanesSamples,
        ethereumjsSamples: r.ethereumjsSamples,
        anvilSamples: r.anvilSamples,
      })),
      geometricMeanRatio: geometricMeanSpeedup(results),
      geometricMeanLanesVsAnvil: geometricMeanVsAnvil(results),
    };
    writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
    progress(`wrote ${opts.json}`);
  }
}

await main();
