// The contract every `lanes` subcommand implements (main.ts dispatches on `name`), and defineCommand, which
// gives every subcommand the same option parsing and `--help, -h` handling.
import { type OptionSpec, type ParsedArgs, parseArgs } from "./args.js";
import { EXIT_OK } from "./usage-error.js";

export interface Command {
  name: string;
  /** One line for `lanes --help`. */
  summary: string;
  /** Full usage text for `lanes help <command>` and `lanes <command> --help`. */
  usage: string;
  /** Returns the exit code; throws UsageError for invocation mistakes. */
  run(argv: readonly string[]): number | Promise<number>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** The command's options; `--help, -h` is added to them. */
  options: Readonly<Record<string, OptionSpec>>;
  /** Runs with the parsed arguments, once `--help` has been ruled out. */
  run(args: ParsedArgs): number | Promise<number>;
}

const HELP: OptionSpec = { value: false, aliases: ["-h"] };

export function defineCommand(spec: CommandSpec): Command {
  const options = { ...spec.options, help: HELP };
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    run(argv) {
      const args = parseArgs(argv, options, spec.name);
      if (args.options.has("help")) {
        process.stdout.write(`${spec.usage}\n`);
        return EXIT_OK;
      }
      return spec.run(args);
    },
  };
}
