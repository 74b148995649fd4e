// The contract every `lanes` subcommand implements; main.ts dispatches on `name`.
export interface Command {
  name: string;
  /** One line for `lanes --help`. */
  summary: string;
  /** Full usage text for `lanes help <command>` and `lanes <command> --help`. */
  usage: string;
  /** Returns the exit code; throws UsageError for invocation mistakes. */
  run(argv: readonly string[]): number | Promise<number>;
}
