// `lanes bench`: block-level benchmarks of Lanes (sequential and parallel) against @ethereumjs/vm, EDR and
// anvil on the seeded workloads of tools/workloads. A launcher: the harness lives in bench/harness, beside the CLI
// and not inside it (docs/architecture.md). It is loaded by path when the command runs, so src/ holds no
// import of bench/ (the layer check enforces that), and the other commands never load the baselines. The
// published package ships no bench/ (it needs devDependencies: the baselines, the workload builders'
// contracts): there the command says so and exits 1. From a source checkout after `npm ci` it runs.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { OptionSpec, ParsedArgs } from "./args.js";
import { defineCommand } from "./command.js";
import { EXIT_FAILED } from "./usage-error.js";

const USAGE = `Usage: lanes bench [options]

Runs each workload through each engine in one process, on the same signed transactions and the same
pre-state, and prints medians (ms, tx/s, Mgas/s) with ratio columns against each baseline. Before timing,
every engine's result is checked against Lanes' sequential executeBlock: gas used, every receipt and log,
receipts root, bloom, requests hash and post-state root (EDR: all but the state root, plus the post-block
accounts the block changed).

Workloads: eth-transfer, erc20-transfer, erc20-one-sender, erc721-mint, uniswap-v2-swap (100 pools,
uniform), uniswap-v2-zipf, uniswap-v2-one-pool, mixed, rollup-blobs (KZG point evaluations), zk-verify
(BN254 pairings), defi-mix (oracle + aggregator) (docs/workloads.md).
Engines: lanes-sequential (executeBlock), lanes-parallel (executeBlockParallel, Block-STM), ethereumjs
(@ethereumjs/vm runBlock), edr (@nomicfoundation/edr: eth_sendRawTransaction, then timed evm_mine), anvil
(@foundry-rs/anvil-linux-amd64 on a loopback port: genesis from the pre-state, transactions sent one at a
time, timed evm_mine).
An engine that cannot load or fails is reported as skipped, with the reason.

Options:
  --workloads a,b    workloads to run (default: all)
  --engines a,b      engines to run (default: all)
  --txs N            transactions per block (default 2000)
  --size S           block size: N, Ntxs, NMgas, Ngas or gigagas
  --gigagas          1-gigagas blocks (ethereumjs then takes about a minute per run)
  --runs N           timed runs per engine; the median is reported (default 5)
  --warmup N         untimed warm-up runs per engine (default 3)
  --threads N        worker threads for lanes-parallel (default: available cores)
  --seed N           workload seed (default 1)
  --json FILE        write {machine, options, engines, workloads, results, mismatches} as JSON
  --markdown FILE    write the report as Markdown
  --svg FILE         write a bar chart of throughput (Mgas/s) per engine per workload
  --no-gc            no full GC (and re-warming run) before each timed run
  --no-conflicts     skip the per-workload write-conflict analysis
  --block FILE[,..]  also run these blocks (lanes run's input format: {"env", "pre", "txs"}) through every
                     engine, warm, like the workloads; alone (without --workloads) only the blocks run.
                     Engines that submit signed bytes skip a block with unsigned ("from") transactions
  --state-accounts N add N idle accounts (2 storage slots per account on average) to every pre-state, to
                     see how each engine's block time grows with the state
  --model-threads L  replay each block's measured Block-STM schedule (per-transaction times and the
                     dependencies found) on these simulated thread counts, e.g. 4,8,16,32, commit and
                     roots included, and print the predicted speedups
  --no-bound         do not measure the bound (lanes-parallel's parallel.boundSpeedup/boundEfficiency:
                     T threads each running 1/T of the block sequentially, roots split across them)
  --quiet            no progress on stderr
  --help, -h         show this help

Exit status: 0 when every engine that ran matched, 1 on a mismatch, 2 on a usage error.`;

/** What the CLI needs from bench/harness/main.ts (test/cli/bench-launcher.test.ts checks it matches). */
export interface BenchHarness {
  benchMain(args: ParsedArgs, argv: readonly string[]): Promise<number>;
}

// A URL, not a string literal: the type checker and the declaration build then never pull bench/ into src's
// program, and the published package's types stay free of it.
export const HARNESS_URL = new URL("../../bench/harness/main.js", import.meta.url);

export const NOT_INSTALLED =
  "lanes: bench: the benchmark harness is not part of the installed package (it needs the devDependencies);\n" +
  "run it from a source checkout: npm ci && npm run bench -- [options]\n";

async function run(args: ParsedArgs): Promise<number> {
  let harness: BenchHarness;
  try {
    harness = (await import(HARNESS_URL.href)) as BenchHarness;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code !== "ERR_MODULE_NOT_FOUND") throw e;
    // The harness itself is absent (an installed package), or one of its imports is (a checkout installed
    // without devDependencies): say which.
    if (!existsSync(fileURLToPath(HARNESS_URL))) process.stderr.write(NOT_INSTALLED);
    else
      process.stderr.write(`lanes: bench: ${err.message} (run \`npm ci\` to install the devDependencies)\n`);
    return EXIT_FAILED;
  }
  return harness.benchMain(args, process.argv.slice(3));
}

export const BENCH_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  workloads: { value: true },
  engines: { value: true },
  txs: { value: true },
  size: { value: true },
  gigagas: { value: false },
  runs: { value: true },
  warmup: { value: true },
  threads: { value: true },
  seed: { value: true },
  json: { value: true },
  markdown: { value: true },
  svg: { value: true },
  "no-gc": { value: false },
  "no-conflicts": { value: false },
  quiet: { value: false },
  block: { value: true },
  "state-accounts": { value: true },
  "model-threads": { value: true },
  "no-bound": { value: false },
};

export const benchCommand = defineCommand({
  name: "bench",
  summary: "benchmark Lanes (sequential, parallel) against ethereumjs, EDR and anvil on the workloads",
  usage: USAGE,
  options: BENCH_OPTIONS,
  run,
});
