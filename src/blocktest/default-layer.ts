// The real block layer for blockchain tests: the chain config a fixture's network and `config` name (single
// forks and "XToYAtTime15k" transitions, with the fixture's blob schedule), or a geth genesis' schedule
// that replaces it, and the sequential executor.
import { chainConfigForChoice } from "../block/chain-choice.js";
import { configForNetwork } from "../block/chain-config.js";
import { executeBlock } from "../block/execute-block.js";
import type { ChainSpec } from "../block/genesis-config.js";
import type { BlockLayer } from "./block-layer.js";

/**
 * With `chain` (`lanes blocktest --genesis`: a geth genesis' spec), every test runs under that schedule and
 * chain id instead of its network's; the config is built once and shared by every test.
 */
export function defaultBlockLayer(chain?: ChainSpec): BlockLayer {
  const chosen = chain === undefined ? undefined : chainConfigForChoice(chain.chainId, chain);
  return {
    chainConfig: (network, config) =>
      chosen ??
      configForNetwork(config.chainId, network, { blobSchedules: config.blobSchedules }) ??
      `unsupported network ${network}`,
    execute: executeBlock,
  };
}
