// `lanes blocktest`: runs blockchain-test fixtures and prints one JSON line per test on stdout, a summary
// on stderr.
import { defaultBlockLayer } from "../blocktest/default-layer.js";
import { type BlockchainOutcome, runBlockchainFile } from "../blocktest/runner.js";
import { BlocktestSummary } from "../blocktest/summary.js";
import { collectJsonFiles } from "../statetest/files.js";
import { parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes blocktest <file|dir>... [options]

Runs Ethereum blockchain-test fixtures (BlockchainTests, EEST blockchain_tests): builds the genesis
state, imports every block (blocks marked expectException must be rejected), then checks the last
block hash and the post-state. Directories are searched recursively for .json files.
One JSON line per test goes to stdout:
  {"name","network","pass","lastBlockHash","error"?}
and {"file","name"?,"pass":false,"error"} for a file or test that cannot be parsed. "error" also
carries notes that do not fail a test (an invalid block rejected for another reason than expected).
A summary goes to stderr. Tests of networks Lanes does not run are skipped.
Exit status: 0 if every test that ran passed, 1 otherwise, 2 on a usage error.

Options:
  --run REGEX       run only tests whose name matches REGEX
  --diff, -v        print failing tests with their post-state diff to stderr (alias --verbose)
  --failures-only   print JSON lines only for failing tests and malformed files
  --help, -h        show this help`;

const OPTIONS = {
  run: { value: true },
  diff: { value: false, aliases: ["--verbose", "-v"] },
  "failures-only": { value: false },
  help: { value: false, aliases: ["-h"] },
};

function toLine(outcome: Exclude<BlockchainOutcome, { kind: "skip" }>): string {
  if (outcome.kind === "error") {
    const line: Record<string, unknown> = { file: outcome.file };
    if (outcome.name !== undefined) line.name = outcome.name;
    return JSON.stringify({ ...line, pass: false, error: outcome.error });
  }
  const line: Record<string, unknown> = {
    name: outcome.name,
    network: outcome.network,
    pass: outcome.pass,
    lastBlockHash: outcome.lastBlockHash,
  };
  if (outcome.error !== undefined) line.error = outcome.error;
  return JSON.stringify(line);
}

function printFailure(outcome: BlockchainOutcome): void {
  if (outcome.kind !== "test" || outcome.pass) return;
  const lines = [
    `FAIL ${outcome.name} ${outcome.network} (${outcome.file})`,
    `  ${outcome.error ?? "failed"}`,
  ];
  for (const d of outcome.diff ?? []) lines.push(`  ${d}`);
  process.stderr.write(`${lines.join("\n")}\n`);
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new UsageError(`blocktest: invalid --run regex: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function run(argv: readonly string[]): number {
  const args = parseArgs(argv, OPTIONS, "blocktest");
  if (args.options.has("help")) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const runSource = args.options.get("run");
  const filter = typeof runSource === "string" ? compileRegex(runSource) : undefined;
  if (args.positionals.length === 0) throw new UsageError("blocktest: no fixture file or directory given");
  const diff = args.options.has("diff");
  const failuresOnly = args.options.has("failures-only");

  const started = performance.now();
  const summary = new BlocktestSummary();
  const layer = defaultBlockLayer();
  const { files, errors } = collectJsonFiles(args.positionals);
  for (const { file, error } of errors) {
    summary.add({ kind: "error", file, error: `${file}: ${error}` });
    process.stdout.write(`${JSON.stringify({ file, pass: false, error: `${file}: ${error}` })}\n`);
  }
  for (const file of files) {
    summary.files++;
    const lines: string[] = [];
    for (const outcome of runBlockchainFile(file, { layer, run: filter, diff })) {
      summary.add(outcome);
      if (outcome.kind === "skip" || (failuresOnly && outcome.kind === "test" && outcome.pass)) continue;
      lines.push(toLine(outcome));
      if (diff) printFailure(outcome);
    }
    if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
  }
  process.stderr.write(summary.render((performance.now() - started) / 1000));
  return summary.ok() ? EXIT_OK : EXIT_FAILED;
}

export const blocktestCommand: Command = {
  name: "blocktest",
  summary: "run Ethereum blockchain-test fixtures (block import) against Lanes",
  usage: USAGE,
  run,
};
