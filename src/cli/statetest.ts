// `lanes statetest`: runs state-test fixtures and prints one JSON line per case on stdout, a summary on stderr.
import { FORKS, isForkName } from "../evm/forks.js";
import { collectJsonFiles } from "../statetest/files.js";
import { type Outcome, runFile } from "../statetest/runner.js";
import { parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { StatetestSummary } from "./statetest-summary.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes statetest <file|dir>... [options]

Runs Ethereum state-test fixtures (GeneralStateTests, EEST state_tests). Directories are searched
recursively for .json files. One JSON line per case goes to stdout:
  {"name","fork","index":{"data","gas","value"},"pass","stateRoot","logsHash","error"?}
and {"file","name"?,"pass":false,"error"} for a file or test that cannot be parsed.
A summary (passed/failed/skipped per fork) goes to stderr. Cases of forks Lanes does not implement
are skipped. Exit status: 0 if every case that ran passed, 1 otherwise, 2 on a usage error.

Options:
  --fork NAME       run only this fork's cases (${Object.keys(FORKS).join(", ")})
  --run REGEX       run only tests whose name matches REGEX
  --diff, -v        print the post-state diff of failing cases to stderr (alias --verbose)
  --failures-only   print JSON lines only for failing cases and malformed files
  --help, -h        show this help`;

const OPTIONS = {
  fork: { value: true },
  run: { value: true },
  diff: { value: false, aliases: ["--verbose", "-v"] },
  "failures-only": { value: false },
  help: { value: false, aliases: ["-h"] },
};

function toLine(outcome: Exclude<Outcome, { kind: "skip" }>): string {
  if (outcome.kind === "error") {
    const line: Record<string, unknown> = { file: outcome.file };
    if (outcome.name !== undefined) line.name = outcome.name;
    return JSON.stringify({ ...line, pass: false, error: outcome.error });
  }
  const line: Record<string, unknown> = {
    name: outcome.name,
    fork: outcome.fork,
    index: outcome.index,
    pass: outcome.pass,
    stateRoot: outcome.stateRoot,
    logsHash: outcome.logsHash,
  };
  if (outcome.error !== undefined) line.error = outcome.error;
  return JSON.stringify(line);
}

function printDiff(outcome: Outcome): void {
  if (outcome.kind !== "case" || outcome.pass) return;
  const { data, gas, value } = outcome.index;
  const lines = [`FAIL ${outcome.name} ${outcome.fork} d${data}g${gas}v${value} (${outcome.file})`];
  lines.push(`  ${outcome.error ?? "failed"}`);
  for (const d of outcome.diff ?? []) lines.push(`  ${d}`);
  process.stderr.write(`${lines.join("\n")}\n`);
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new UsageError(`statetest: invalid --run regex: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function run(argv: readonly string[]): number {
  const args = parseArgs(argv, OPTIONS, "statetest");
  if (args.options.has("help")) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const fork = args.options.get("fork");
  if (typeof fork === "string" && !isForkName(fork)) {
    throw new UsageError(`statetest: unknown fork "${fork}" (supported: ${Object.keys(FORKS).join(", ")})`);
  }
  const runSource = args.options.get("run");
  const filter = typeof runSource === "string" ? compileRegex(runSource) : undefined;
  if (args.positionals.length === 0) throw new UsageError("statetest: no fixture file or directory given");
  const diff = args.options.has("diff");
  const failuresOnly = args.options.has("failures-only");

  const started = performance.now();
  const summary = new StatetestSummary();
  const { files, errors } = collectJsonFiles(args.positionals);
  for (const { file, error } of errors) {
    summary.add({ kind: "error", file, error: `${file}: ${error}` });
    process.stdout.write(`${JSON.stringify({ file, pass: false, error: `${file}: ${error}` })}\n`);
  }
  for (const file of files) {
    summary.files++;
    // Lines are batched per file: one write per case is measurably slow for 10k-case runs.
    const lines: string[] = [];
    for (const outcome of runFile(file, {
      fork: typeof fork === "string" ? fork : undefined,
      run: filter,
      diff,
    })) {
      summary.add(outcome);
      if (outcome.kind === "skip" || (failuresOnly && outcome.kind === "case" && outcome.pass)) continue;
      lines.push(toLine(outcome));
      if (diff) printDiff(outcome);
    }
    if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
  }
  process.stderr.write(summary.render((performance.now() - started) / 1000));
  return summary.ok() ? EXIT_OK : EXIT_FAILED;
}

export const statetestCommand: Command = {
  name: "statetest",
  summary: "run Ethereum state-test fixtures against the Lanes EVM",
  usage: USAGE,
  run,
};
