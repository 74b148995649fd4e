// uniswap-v2-one-pool: every swap on a single Uniswap V2 pool (two tokens), by distinct traders in random
// directions. Each swap reads the reserves the previous one wrote: a serial chain through the pair's
// storage even though no two transactions share a sender.
import { buildSwapWorkload } from "./swap-workload.js";
import type { WorkloadGenerator } from "./types.js";

export const uniswapV2OnePool: WorkloadGenerator = {
  id: "uniswap-v2-one-pool",
  description: "Uniswap V2 swaps, distinct traders, all on one pool (serial through the pair's reserves)",
  gasPerTx: 57_500,
  generate: ({ seed, txs }) =>
    buildSwapWorkload({
      id: "uniswap-v2-one-pool",
      seed,
      txs,
      tokenCount: 2,
      poolCount: 1,
      pickPool: () => 0,
    }),
};
