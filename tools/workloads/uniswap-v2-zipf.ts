// uniswap-v2-zipf: the uniswap-v2-swap pools and flow, but the pool of each swap is drawn from a Zipf
// distribution (s = 1) over the 100 pools: the hottest pool gets ~19% of the swaps, the top 10 ~56%, as
// on mainnet where a few pairs carry most of the volume. Long dependency chains on the hot pools.
import { Zipf } from "./rng.js";
import { buildSwapWorkload } from "./swap-workload.js";
import type { WorkloadGenerator } from "./types.js";
import { POOL_COUNT, TOKEN_COUNT } from "./uniswap-v2-swap.js";

export const ZIPF_EXPONENT = 1;

export const uniswapV2Zipf: WorkloadGenerator = {
  id: "uniswap-v2-zipf",
  description: "Uniswap V2 swaps, distinct traders, 100 pools chosen Zipf(s=1) (hottest pool ~19%)",
  gasPerTx: 57_700,
  generate: ({ seed, txs }) => {
    const zipf = new Zipf(POOL_COUNT, ZIPF_EXPONENT);
    return buildSwapWorkload({
      id: "uniswap-v2-zipf",
      seed,
      txs,
      tokenCount: TOKEN_COUNT,
      poolCount: POOL_COUNT,
      pickPool: (rng) => zipf.sample(rng),
    });
  },
};
