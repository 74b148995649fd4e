// Uniswap V2 from its audited build (UniswapV2Factory creating UniswapV2Pair by CREATE2): deploying a
// factory, tokens and pools with liquidity through setup blocks, and the router-less swap the benchmark
// blocks make. A swap is two transactions from the trader, kept adjacent in the block: transfer the input
// token to the pair, then `pair.swap(amount0Out, amount1Out, trader, "")` with the output computed
// off-chain from the pair's reserves at that point of the block, with the 0.3% fee, exactly as
// UniswapV2Library.getAmountOut (the router) computes it. The generator tracks every pool's reserves
// through the block, so each swap asks for the most the pair will give.

import { concatBytes } from "../../src/primitives/hex.js";
import { keccak256Word } from "../../src/primitives/keccak.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import { type BenchArtifacts, selector } from "../contracts/artifacts.js";
import { encodeArgs, encodeCall, readWord } from "./abi.js";
import { signTx } from "./chain.js";
import type { Account } from "./keys.js";
import type { Rng } from "./rng.js";
import type { SetupChain } from "./setup.js";
import { deployToken, ERC20_TRANSFER_GAS, mintTokens, transferData } from "./tokens.js";

export const SWAP_GAS = 200_000n;
const FACTORY_GAS = 5_000_000n;
const CREATE_PAIR_GAS = 4_000_000n;
const PAIR_MINT_GAS = 300_000n;
/** UniswapV2Pair storage: reserve0 (112 bits) | reserve1 (112 bits) << 112 | blockTimestampLast << 224. */
const RESERVES_SLOT = 8n;
const MASK_112 = (1n << 112n) - 1n;
const PAIR_CREATED = keccak256Word(new TextEncoder().encode("PairCreated(address,address,address,uint256)"));

export interface Pool {
  pair: bigint;
  /** token0 < token1, as the pair orders them. */
  token0: bigint;
  token1: bigint;
  reserve0: bigint;
  reserve1: bigint;
}

export interface UniswapDeployment {
  factory: bigint;
  tokens: bigint[];
  pools: Pool[];
}

/** UniswapV2Library.getAmountOut: the output for `amountIn` after the 0.3% fee. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) throw new RangeError("getAmountOut: bad input");
  const amountInWithFee = amountIn * 997n;
  return (amountInWithFee * reserveOut) / (reserveIn * 1000n + amountInWithFee);
}

/** The first `count` token pairs (i < j) in a seeded order: which tokens each pool trades. */
function choosePairs(tokenCount: number, count: number, rng: Rng): [number, number][] {
  const all: [number, number][] = [];
  for (let i = 0; i < tokenCount; i++) for (let j = i + 1; j < tokenCount; j++) all.push([i, j]);
  if (all.length < count) throw new RangeError(`${tokenCount} tokens make only ${all.length} pools`);
  return rng.shuffle(all).slice(0, count);
}

/**
 * Deploys `tokenCount` BenchTokens, a factory and `poolCount` pools, each with liquidity of 10^23..10^25
 * of both tokens (so prices differ between pools). Mines the setup blocks and checks every pool's reserves
 * in the resulting state.
 */
export function deployUniswap(
  chain: SetupChain,
  artifacts: BenchArtifacts,
  rng: Rng,
  tokenCount: number,
  poolCount: number,
): UniswapDeployment {
  const tokens = Array.from({ length: tokenCount }, () => deployToken(chain, artifacts));
  const factoryCode = concatBytes(artifacts.uniswapFactory.bytecode, encodeArgs([chain.deployer.address]));
  const factory = chain.deploy(chain.deployer, factoryCode, FACTORY_GAS);
  const createPair = selector(artifacts.uniswapFactory, "createPair(address,address)");
  for (const [i, j] of choosePairs(tokenCount, poolCount, rng)) {
    chain.send(chain.deployer, factory, encodeCall(createPair, [tokens[i]!, tokens[j]!]), CREATE_PAIR_GAS);
  }
  const pools: Pool[] = [];
  for (const r of chain.allReceipts()) {
    for (const log of r.logs) {
      if (log.address !== factory || log.topics[0] !== PAIR_CREATED) continue;
      pools.push({
        pair: readWord(log.data, 0),
        token0: log.topics[1]!,
        token1: log.topics[2]!,
        reserve0: 0n,
        reserve1: 0n,
      });
    }
  }
  if (pools.length !== poolCount)
    throw new Error(`expected ${poolCount} PairCreated events, saw ${pools.length}`);

  // Liquidity: mint both tokens straight to the pair, then pair.mint(deployer) takes them as reserves.
  const pairMint = selector(artifacts.uniswapPair, "mint(address)");
  for (const pool of pools) {
    pool.reserve0 = rng.bigint(10n ** 23n, 10n ** 25n);
    pool.reserve1 = rng.bigint(10n ** 23n, 10n ** 25n);
    mintTokens(chain, artifacts, pool.token0, [pool.pair], [pool.reserve0]);
    mintTokens(chain, artifacts, pool.token1, [pool.pair], [pool.reserve1]);
    chain.send(chain.deployer, pool.pair, encodeCall(pairMint, [chain.deployer.address]), PAIR_MINT_GAS);
  }
  chain.mine();
  for (const pool of pools) {
    const packed = chain.state.getStorage(pool.pair, RESERVES_SLOT);
    if ((packed & MASK_112) !== pool.reserve0 || ((packed >> 112n) & MASK_112) !== pool.reserve1) {
      throw new Error(`pool ${pool.pair.toString(16)}: reserves in state differ from the generator's`);
    }
  }
  return { factory, tokens, pools };
}

/** A planned swap: who, where, which way and how much goes in. */
export interface SwapPlan {
  trader: Account;
  pool: Pool;
  /** true: token0 in, token1 out. */
  zeroForOne: boolean;
  amountIn: bigint;
}

/** A swap of 0.01%..0.5% of the pool's input reserve (as it stands when planned). */
export function planSwap(trader: Account, pool: Pool, rng: Rng): SwapPlan {
  const zeroForOne = rng.int(2) === 0;
  const reserveIn = zeroForOne ? pool.reserve0 : pool.reserve1;
  const bps = rng.bigint(1n, 50n);
  return { trader, pool, zeroForOne, amountIn: (reserveIn * bps) / 10_000n };
}

export function tokenIn(plan: SwapPlan): bigint {
  return plan.zeroForOne ? plan.pool.token0 : plan.pool.token1;
}

/** Queues setup mints giving each trader twice its swap's input (so a balance remains after the swap). */
export function fundTraders(chain: SetupChain, artifacts: BenchArtifacts, plans: readonly SwapPlan[]): void {
  const byToken = new Map<bigint, { holders: bigint[]; amounts: bigint[] }>();
  for (const p of plans) {
    const token = tokenIn(p);
    let entry = byToken.get(token);
    if (!entry) byToken.set(token, (entry = { holders: [], amounts: [] }));
    entry.holders.push(p.trader.address);
    entry.amounts.push(p.amountIn * 2n);
  }
  for (const [token, { holders, amounts }] of byToken) mintTokens(chain, artifacts, token, holders, amounts);
}

/**
 * The two transactions of a swap at the pool's current reserves (nonces `nonce` and `nonce + 1`), and the
 * reserves the pool will have after it.
 */
export function swapTransactions(
  artifacts: BenchArtifacts,
  plan: SwapPlan,
  nonce: bigint,
): SignedTransaction[] {
  const { pool, trader, zeroForOne, amountIn } = plan;
  const [reserveIn, reserveOut] = zeroForOne
    ? [pool.reserve0, pool.reserve1]
    : [pool.reserve1, pool.reserve0];
  const amountOut = getAmountOut(amountIn, reserveIn, reserveOut);
  if (amountOut === 0n) throw new Error("swap too small for any output");
  const transfer = signTx({
    from: trader,
    nonce,
    to: tokenIn(plan),
    data: transferData(artifacts, pool.pair, amountIn),
    gasLimit: ERC20_TRANSFER_GAS,
  });
  const [amount0Out, amount1Out] = zeroForOne ? [0n, amountOut] : [amountOut, 0n];
  const swapSel = selector(artifacts.uniswapPair, "swap(uint256,uint256,address,bytes)");
  const swap = signTx({
    from: trader,
    nonce: nonce + 1n,
    to: pool.pair,
    data: encodeCall(swapSel, [amount0Out, amount1Out, trader.address, { bytes: new Uint8Array(0) }]),
    gasLimit: SWAP_GAS,
  });
  if (zeroForOne) {
    pool.reserve0 += amountIn;
    pool.reserve1 -= amountOut;
  } else {
    pool.reserve1 += amountIn;
    pool.reserve0 -= amountOut;
  }
  return [transfer, swap];
}
