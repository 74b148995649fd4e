// The real block layer for blockchain tests: the chain config a fixture's network and `config` name (single
// forks and "XToYAtTime15k" transitions, with the fixture's blob schedule), and the sequential executor.
import { configForNetwork } from "../block/chain-config.js";
import { executeBlock } from "../block/execute-block.js";
import type { BlockLayer } from "./block-layer.js";

export function defaultBlockLayer(): BlockLayer {
  return {
    chainConfig: (network, config) =>
      configForNetwork(config.chainId, network, { blobSchedules: config.blobSchedules }) ??
      `unsupported network ${network}`,
    execute: executeBlock,
  };
}
