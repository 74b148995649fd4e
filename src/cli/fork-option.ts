// Fork names and chain configs on the command line: the list the usage texts show, the one-line usage error
// for a name Lanes does not know (the same wording for `statetest --fork`, `run --fork` and
// `t8n --state.fork`), and `--genesis FILE` (a geth genesis.json, or its bare `config` object), whose fork
// schedule the commands that run blocks accept in place of a fork name (src/block/chain-choice.ts).
import { readFileSync } from "node:fs";
import type { ChainChoice } from "../block/chain-choice.js";
import { type ChainSpec, parseGenesisConfig } from "../block/genesis-config.js";
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

/** Genesis files are small; anything larger is not one. */
const MAX_GENESIS_BYTES = 64 << 20;

/**
 * The fork schedule of a geth genesis file: the whole genesis.json (its `config`) or the bare config object.
 * Any problem (unreadable, too large, not JSON, a malformed field) is a one-line usage error.
 */
export function readGenesisSpec(file: string, command: string, option = "--genesis"): ChainSpec {
  const fail = (why: string) => new UsageError(`${command}: ${option} ${file}: ${why}`);
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_GENESIS_BYTES) throw fail(`larger than ${MAX_GENESIS_BYTES} bytes`);
    text = bytes.toString("utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw fail((e as Error).message);
  }
  try {
    const raw: unknown = JSON.parse(text);
    const config =
      typeof raw === "object" && raw !== null && "config" in raw ? (raw as { config: unknown }).config : raw;
    return parseGenesisConfig(config);
  } catch (e) {
    throw fail((e as Error).message);
  }
}

/** `--genesis FILE`'s spec; undefined when not given. */
export function genesisOption(args: ParsedArgs, command: string): ChainSpec | undefined {
  const genesis = stringOption(args, "genesis");
  if (genesis === undefined) return undefined;
  if (genesis === "") throw new UsageError(`${command}: --genesis wants a file name`);
  return readGenesisSpec(genesis, command);
}

/** `--fork NAME` or `--genesis FILE` (not both); undefined, for mainnet's schedule, when neither is given. */
export function chainOption(args: ParsedArgs, command: string): ChainChoice {
  const fork = forkOption(args, command);
  if (stringOption(args, "genesis") === undefined) return fork;
  if (fork !== undefined) throw new UsageError(`${command}: give --fork or --genesis, not both`);
  return genesisOption(args, command);
}
