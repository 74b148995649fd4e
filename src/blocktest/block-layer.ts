// What a blockchain-test run is parameterised by: the chain configuration for a fixture's network, and the
// block executor under test. Decoding and header validation are always the real block layer's; the
// executor is injectable so the parallel executor can be run (and compared) on the same blocks, and so the
// importer's chain logic can be unit-tested with a stand-in.
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions } from "../block/types.js";
import type { FixtureConfig } from "../fixture-io/config.js";
import type { InMemoryState } from "../state/memory-state.js";

/** `executeBlock`'s signature: what any block executor (sequential or parallel) must implement. */
export type BlockExecutor = (
  block: Block,
  preState: InMemoryState,
  chainConfig: ChainConfig,
  options: ExecuteBlockOptions,
) => BlockResult;

export interface BlockLayer {
  /**
   * The chain configuration for a fixture's `network` and `config`, or a string saying why that network is
   * not run (an unsupported fork or transition).
   */
  chainConfig(network: string, config: FixtureConfig): ChainConfig | string;
  execute: BlockExecutor;
}
