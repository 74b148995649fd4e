// The shared body of the Uniswap V2 workloads: deploy tokens and pools, give each trader (one per swap,
// all distinct) the input token, then emit each swap as its adjacent pair of transactions (transfer in,
// swap) in plan order. Workloads differ only in how many pools there are and how a swap picks its pool.
import { loadArtifacts } from "../contracts/artifacts.js";
import { accounts } from "./keys.js";
import { Rng } from "./rng.js";
import { SetupChain } from "./setup.js";
import type { Workload, WorkloadId } from "./types.js";
import { deployUniswap, fundTraders, planSwap, swapTransactions } from "./uniswap.js";

export interface SwapWorkloadSpec {
  id: WorkloadId;
  seed: number;
  /** Transactions wanted; rounded up to an even number (two per swap). */
  txs: number;
  tokenCount: number;
  poolCount: number;
  /** Picks the pool (index) of the next swap. */
  pickPool: (rng: Rng) => number;
}

export async function buildSwapWorkload(spec: SwapWorkloadSpec): Promise<Workload> {
  const artifacts = await loadArtifacts();
  const chain = new SetupChain(spec.seed);
  const swaps = Math.ceil(spec.txs / 2);
  const traders = accounts(spec.seed, "trader", swaps);
  for (const t of traders) chain.fund(t.address);
  // The same pools for every workload with the same seed and pool count.
  const poolRng = new Rng(spec.seed, `uniswap/${spec.tokenCount}/${spec.poolCount}`);
  const { pools } = deployUniswap(chain, artifacts, poolRng, spec.tokenCount, spec.poolCount);
  const rng = new Rng(spec.seed, spec.id);
  const plans = traders.map((trader) => planSwap(trader, pools[spec.pickPool(rng)]!, rng));
  fundTraders(chain, artifacts, plans);
  chain.mine();
  const perPool = new Map<bigint, number>();
  const out = plans.flatMap((plan) => {
    perPool.set(plan.pool.pair, (perPool.get(plan.pool.pair) ?? 0) + 1);
    const nonce = chain.nextNonce(plan.trader.address);
    chain.nextNonce(plan.trader.address);
    return swapTransactions(artifacts, plan, nonce);
  });
  const hottest = Math.max(0, ...perPool.values());
  return chain.finish(spec.id, out, {
    swaps,
    traders: swaps,
    tokens: spec.tokenCount,
    pools: spec.poolCount,
    poolsUsed: perPool.size,
    hottestPoolShare: swaps === 0 ? 0 : Number((hottest / swaps).toFixed(3)),
  });
}
