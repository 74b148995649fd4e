// uniswap-v2-swap: Uniswap V2 swaps spread uniformly over 100 pools (15 tokens, 100 of their 105 pairs),
// each swap by a distinct trader as two adjacent transactions: transfer the input token to the pair, then
// pair.swap. Swaps on the same pool conflict (reserves, the pair's token balances, price accumulators);
// with 100 uniform pools, any two swaps share a pool with probability 1%.
import { buildSwapWorkload } from "./swap-workload.js";
import type { WorkloadGenerator } from "./types.js";

export const POOL_COUNT = 100;
export const TOKEN_COUNT = 15;

export const uniswapV2Swap: WorkloadGenerator = {
  id: "uniswap-v2-swap",
  description: "Uniswap V2 swaps (transfer in + pair.swap), distinct traders, 100 pools chosen uniformly",
  gasPerTx: 57_700,
  generate: ({ seed, txs }) =>
    buildSwapWorkload({
      id: "uniswap-v2-swap",
      seed,
      txs,
      tokenCount: TOKEN_COUNT,
      poolCount: POOL_COUNT,
      pickPool: (rng) => rng.int(POOL_COUNT),
    }),
};
