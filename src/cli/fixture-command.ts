// The skeleton shared by `lanes statetest` and `lanes blocktest`: options --run, --diff (-v, --verbose) and
// --failures-only; fixture files from the paths given; one JSON line per case or test on stdout (failures
// only, with --failures-only), a failure report per failing one on stderr with --diff, and the summary on
// stderr. Exit status 0 when everything that ran passed, 1 otherwise, 2 on a usage error.
import { collectJsonFiles } from "../fixture-io/files.js";
import { type ErrorOutcome, errorMessage } from "../fixture-io/fixture-file.js";
import type { FixtureSummary } from "../fixture-io/summary.js";
import { type OptionSpec, type ParsedArgs, stringOption } from "./args.js";
import { type Command, defineCommand } from "./command.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

/** What the skeleton needs of a case or test that ran. */
interface RanOutcome {
  kind: "case" | "test";
  file: string;
  name: string;
  pass: boolean;
  error?: string;
  diff?: string[];
}

type FixtureOutcome = RanOutcome | { kind: "skip" } | ErrorOutcome;

/** Runs one fixture file with the shared options applied. */
export type FileRunner<O> = (
  file: string,
  options: { run: RegExp | undefined; diff: boolean },
) => Iterable<O>;

export interface FixtureCommandSpec<O extends FixtureOutcome> {
  name: string;
  summary: string;
  usage: string;
  /** Options besides the shared ones. */
  options?: Readonly<Record<string, OptionSpec>>;
  /** Checks the command's own options; runs before the shared ones are checked. */
  checkOptions?(args: ParsedArgs): void;
  /** Prepares the run (after the arguments are checked) and returns how to run one file. */
  openRunner(args: ParsedArgs): FileRunner<O>;
  newSummary(): FixtureSummary & { add(outcome: O | ErrorOutcome): void };
  /** The stdout line's fields for a case or test that ran (malformed ones share one format). */
  lineFields(outcome: Extract<O, RanOutcome>): Record<string, unknown>;
  /** The heading of a failure's report on stderr, e.g. "FAIL name network (file)". */
  failureTitle(outcome: Extract<O, RanOutcome>): string;
}

const SHARED_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  run: { value: true },
  diff: { value: false, aliases: ["--verbose", "-v"] },
  "failures-only": { value: false },
};

function isRan<O extends FixtureOutcome>(outcome: O): outcome is Extract<O, RanOutcome> {
  return outcome.kind === "case" || outcome.kind === "test";
}

/** The line for a file or test that cannot be parsed. */
function errorLine(outcome: ErrorOutcome): string {
  const line: Record<string, unknown> = { file: outcome.file };
  if (outcome.name !== undefined) line.name = outcome.name;
  return JSON.stringify({ ...line, pass: false, error: outcome.error });
}

function compileRegex(command: string, source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new UsageError(`${command}: invalid --run regex: ${errorMessage(e)}`);
  }
}

export function defineFixtureCommand<O extends FixtureOutcome>(spec: FixtureCommandSpec<O>): Command {
  const toLine = (outcome: Extract<O, RanOutcome> | ErrorOutcome): string => {
    if (outcome.kind === "error") return errorLine(outcome);
    const line = spec.lineFields(outcome);
    if (outcome.error !== undefined) line.error = outcome.error;
    return JSON.stringify(line);
  };
  const printFailure = (outcome: Extract<O, RanOutcome>): void => {
    const lines = [spec.failureTitle(outcome), `  ${outcome.error ?? "failed"}`];
    for (const d of outcome.diff ?? []) lines.push(`  ${d}`);
    process.stderr.write(`${lines.join("\n")}\n`);
  };

  const run = (args: ParsedArgs): number => {
    spec.checkOptions?.(args);
    const runSource = stringOption(args, "run");
    const filter = runSource !== undefined ? compileRegex(spec.name, runSource) : undefined;
    if (args.positionals.length === 0) {
      throw new UsageError(`${spec.name}: no fixture file or directory given`);
    }
    const diff = args.options.has("diff");
    const failuresOnly = args.options.has("failures-only");

    const started = performance.now();
    const summary = spec.newSummary();
    const runFile = spec.openRunner(args);
    const { files, errors } = collectJsonFiles(args.positionals);
    for (const { file, error } of errors) {
      const outcome: ErrorOutcome = { kind: "error", file, error: `${file}: ${error}` };
      summary.add(outcome);
      process.stdout.write(`${errorLine(outcome)}\n`);
    }
    for (const file of files) {
      summary.files++;
      // Lines are batched per file: one write per case is measurably slow for 10k-case runs.
      const lines: string[] = [];
      for (const outcome of runFile(file, { run: filter, diff })) {
        summary.add(outcome);
        if (outcome.kind === "skip") continue;
        const ran = isRan(outcome) ? outcome : undefined;
        if (failuresOnly && ran?.pass) continue;
        lines.push(toLine(ran ?? (outcome as ErrorOutcome)));
        if (diff && ran && !ran.pass) printFailure(ran);
      }
      if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
    }
    process.stderr.write(summary.render((performance.now() - started) / 1000));
    return summary.ok() ? EXIT_OK : EXIT_FAILED;
  };

  return defineCommand({
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    options: { ...spec.options, ...SHARED_OPTIONS },
    run,
  });
}
