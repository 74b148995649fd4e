// Option parsing shared by the `lanes custody` subcommands.
import { type ParsedArgs, stringOption } from "./args.js";
import { UsageError } from "./usage-error.js";

export function requiredString(args: ParsedArgs, name: string, command: string): string {
  const v = stringOption(args, name);
  if (v === undefined) throw new UsageError(`custody ${command}: --${name} is required`);
  return v;
}

export function intOption(
  args: ParsedArgs,
  name: string,
  command: string,
  min: number,
  max: number,
): number | undefined {
  const s = stringOption(args, name);
  if (s === undefined) return undefined;
  if (!/^[0-9]+$/.test(s))
    throw new UsageError(`custody ${command}: --${name} must be a non-negative integer`);
  const n = Number(s);
  if (n < min || n > max)
    throw new UsageError(`custody ${command}: --${name} must be between ${min} and ${max}`);
  return n;
}

export function indexList(value: string, name: string, command: string): number[] {
  if (!/^[0-9]+(,[0-9]+)*$/.test(value))
    throw new UsageError(
      `custody ${command}: --${name} must be a comma-separated list of signer numbers, e.g. 1,3`,
    );
  const list = value.split(",").map(Number);
  if (list.some((i) => i < 1 || i > 255))
    throw new UsageError(`custody ${command}: signer numbers are 1..255`);
  if (new Set(list).size !== list.length)
    throw new UsageError(`custody ${command}: --${name} lists a signer twice`);
  return list;
}

export function noPositionals(args: ParsedArgs, command: string): void {
  if (args.positionals.length > 0)
    throw new UsageError(`custody ${command}: unexpected argument ${args.positionals[0]}`);
}
