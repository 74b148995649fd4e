// How a command picks the chain it runs under, one rule for `lanes run`, `verify`, `profile`, `t8n` and
// `blocktest`: a fork name or a fixture network name (one fork for every block, or a transition such as
// "HomesteadToDaoAt5"), a geth genesis' schedule (`--genesis FILE`), or, given neither, mainnet's whole
// schedule from Frontier (src/block/mainnet.ts).
import { configForNetwork } from "./chain-config.js";
import { type ChainSpec, chainConfigFromSpec } from "./genesis-config.js";
import { mainnetConfig } from "./mainnet.js";
import type { ChainConfig } from "./types.js";

/** A fork or network name, a genesis' spec, or undefined for mainnet's schedule. */
export type ChainChoice = string | ChainSpec | undefined;

/**
 * The config for `choice`. A name runs under `chainId` (the input's); a spec under its own chain id; mainnet's
 * schedule under `chainId`. Throws RangeError for a name that is neither a fork nor a network Lanes runs.
 */
export function chainConfigForChoice(chainId: bigint, choice: ChainChoice): ChainConfig {
  if (choice === undefined) return mainnetConfig(chainId);
  if (typeof choice !== "string") return chainConfigFromSpec(choice);
  const config = configForNetwork(chainId, choice);
  if (config === undefined) throw new RangeError(`unknown fork or network "${choice}"`);
  return config;
}

/** What the choice is, for messages: "--fork X", "the genesis' schedule" or "mainnet's schedule". */
export function describeChoice(choice: ChainChoice): string {
  if (choice === undefined) return "mainnet's schedule";
  return typeof choice === "string" ? `fork ${choice}` : `the genesis' schedule (chain ${choice.chainId})`;
}
