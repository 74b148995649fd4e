// Fork names on the command line: the list the usage texts show, and the one-line usage error for a name
// Lanes does not know (the same wording for `statetest --fork`, `run --fork` and `t8n --state.fork`).
import { FORKS, isForkName } from "../evm/forks.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { UsageError } from "./usage-error.js";

/** The supported fork names, comma-separated. */
export const FORK_LIST = Object.keys(FORKS).join(", ");

export function unknownForkError(command: string, fork: string): UsageError {
  return new UsageError(`${command}: unknown fork "${fork}" (supported: ${FORK_LIST})`);
}

/** `--fork NAME`, checked to be a fork Lanes implements; undefined when not given. */
export function forkOption(args: ParsedArgs, command: string): string | undefined {
  const fork = stringOption(args, "fork");
  if (fork !== undefined && !isForkName(fork)) throw unknownForkError(command, fork);
  return fork;
}
