// A small strict option parser: the CLI's errors must be one clear line, which node:util's parseArgs
// messages (multi-sentence, with positional hints) are not.
import { UsageError } from "./usage-error.js";

export interface OptionSpec {
  /** Whether the option takes a value (`--fork Prague` / `--fork=Prague`) or is a flag. */
  value: boolean;
  /** Other spellings, e.g. ["-v", "--verbose"]. */
  aliases?: string[];
}

export interface ParsedArgs {
  positionals: string[];
  /** Keyed by the option's canonical name (without dashes); flags map to true. */
  options: Map<string, string | true>;
}

export function parseArgs(
  argv: readonly string[],
  spec: Readonly<Record<string, OptionSpec>>,
  command: string,
): ParsedArgs {
  const byName = new Map<string, string>();
  for (const [name, option] of Object.entries(spec)) {
    byName.set(`--${name}`, name);
    for (const alias of option.aliases ?? []) byName.set(alias, name);
  }
  const result: ParsedArgs = { positionals: [], options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      result.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = byName.get(flag);
    if (name === undefined) throw new UsageError(`${command}: unknown option ${flag}`);
    if (!spec[name]!.value) {
      if (eq > 0) throw new UsageError(`${command}: option ${flag} takes no value`);
      result.options.set(name, true);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new UsageError(`${command}: option ${flag} needs a value`);
    result.options.set(name, value);
  }
  return result;
}

/** The value of an option that takes one, or undefined when it was not given. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === "string" ? value : undefined;
}
