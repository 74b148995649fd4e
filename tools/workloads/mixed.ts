// mixed: a block shaped like a mainnet block, mixing the other workloads by transaction count:
//   ~40% ETH transfers, ~32% ERC-20 transfers, ~20% Uniswap V2 swap transactions (10% swaps, two
//   transactions each), ~8% ERC-721 mints,
// over the uniswap-v2-swap deployment (15 tokens, 100 pools) plus one NFT collection. Most transactions come
// from distinct users, but as on mainnet a few exchange hot wallets are busy: 15% of the ETH and ERC-20
// transfers are withdrawals from one of 4 hot wallets (nonce chains), and 25% of the users' transfers are
// deposits to one (many writers of one balance). ERC-20 transfers pick their token Zipf(s=1.2) over the 15
// tokens (a USDT/USDC-like head), swaps their pool Zipf(s=1) over the 100 pools. Actions are shuffled;
// a swap's two transactions stay adjacent.

import type { SignedTransaction } from "../../src/tx/codec/types.js";
import { type BenchArtifacts, loadArtifacts } from "../contracts/artifacts.js";
import { ETHER, signTx } from "./chain.js";
import { tokenIds } from "./erc721-mint.js";
import { type Account, account, accounts, address } from "./keys.js";
import { Rng, Zipf } from "./rng.js";
import { SetupChain } from "./setup.js";
import {
  deployNft,
  ERC20_TRANSFER_GAS,
  ERC721_MINT_GAS,
  mintTokens,
  nftMintData,
  transferData,
} from "./tokens.js";
import type { WorkloadGenerator } from "./types.js";
import { deployUniswap, fundTraders, planSwap, type SwapPlan, swapTransactions } from "./uniswap.js";
import { POOL_COUNT, TOKEN_COUNT } from "./uniswap-v2-swap.js";

export const MIX = { eth: 0.4, swapActions: 0.1, nft: 0.08 } as const;
const HOT_WALLETS = 4;
const HOT_SENDER_SHARE = 0.15;
const DEPOSIT_SHARE = 0.25;
const USER_HOLDING = 1_000n * ETHER;
const HOT_HOLDING = 10n ** 30n;

type Action =
  | { kind: "eth"; from: Account; hot: boolean; to: bigint; value: bigint }
  | { kind: "erc20"; from: Account; hot: boolean; token: bigint; to: bigint; amount: bigint }
  | { kind: "swap"; plan: SwapPlan }
  | { kind: "nft"; from: Account; tokenId: bigint };

function emit(
  action: Action,
  chain: SetupChain,
  artifacts: BenchArtifacts,
  nft: bigint,
): SignedTransaction[] {
  switch (action.kind) {
    case "eth":
      return [
        signTx({
          from: action.from,
          nonce: chain.nextNonce(action.from.address),
          to: action.to,
          value: action.value,
          gasLimit: 21_000n,
        }),
      ];
    case "erc20":
      return [
        signTx({
          from: action.from,
          nonce: chain.nextNonce(action.from.address),
          to: action.token,
          data: transferData(artifacts, action.to, action.amount),
          gasLimit: ERC20_TRANSFER_GAS,
        }),
      ];
    case "swap": {
      const nonce = chain.nextNonce(action.plan.trader.address);
      chain.nextNonce(action.plan.trader.address);
      return swapTransactions(artifacts, action.plan, nonce);
    }
    case "nft":
      return [
        signTx({
          from: action.from,
          nonce: chain.nextNonce(action.from.address),
          to: nft,
          data: nftMintData(artifacts, action.from.address, action.tokenId),
          gasLimit: ERC721_MINT_GAS,
        }),
      ];
  }
}

export const mixed: WorkloadGenerator = {
  id: "mixed",
  description:
    "mainnet-shaped mix: 40% ETH, 32% ERC-20, 20% Uniswap V2 swap txs, 8% ERC-721 mints; hot wallets",
  gasPerTx: 41_000,
  async generate({ seed, txs }) {
    const artifacts = await loadArtifacts();
    const rng = new Rng(seed, "mixed");
    const swaps = Math.round(txs * MIX.swapActions);
    const mints = Math.round(txs * MIX.nft);
    const eths = Math.round(txs * MIX.eth);
    const erc20s = Math.max(0, txs - 2 * swaps - mints - eths);

    const chain = new SetupChain(seed);
    const hot = accounts(seed, "exchange", HOT_WALLETS);
    for (const h of hot) chain.fund(h.address, 1_000_000n * ETHER);
    let users = 0;
    let fresh = 0;
    const newUser = (): Account => {
      const u = account(seed, "user", users++);
      chain.fund(u.address);
      return u;
    };
    const freshAddress = () => address(seed, "recipient", fresh++);
    // A transfer's sender and recipient: a hot wallet's withdrawal, or a user's payment or deposit.
    const parties = (): { from: Account; hot: boolean; to: bigint } => {
      if (rng.float() < HOT_SENDER_SHARE)
        return { from: hot[rng.int(HOT_WALLETS)]!, hot: true, to: freshAddress() };
      const to = rng.float() < DEPOSIT_SHARE ? hot[rng.int(HOT_WALLETS)]!.address : freshAddress();
      return { from: newUser(), hot: false, to };
    };

    const poolRng = new Rng(seed, `uniswap/${TOKEN_COUNT}/${POOL_COUNT}`);
    const { tokens, pools } = deployUniswap(chain, artifacts, poolRng, TOKEN_COUNT, POOL_COUNT);
    const nft = deployNft(chain, artifacts);
    const tokenZipf = new Zipf(TOKEN_COUNT, 1.2);
    const poolZipf = new Zipf(POOL_COUNT, 1);
    const ids = tokenIds(rng, mints);

    const actions: Action[] = [];
    for (let i = 0; i < eths; i++)
      actions.push({ kind: "eth", ...parties(), value: rng.bigint(10n ** 15n, 10n ** 18n) });
    const holders = new Map<bigint, bigint[]>(tokens.map((t) => [t, []]));
    for (let i = 0; i < erc20s; i++) {
      const token = tokens[tokenZipf.sample(rng)]!;
      const p = parties();
      if (!p.hot) holders.get(token)!.push(p.from.address);
      actions.push({ kind: "erc20", ...p, token, amount: rng.bigint(1n, USER_HOLDING) });
    }
    const plans: SwapPlan[] = [];
    for (let i = 0; i < swaps; i++) {
      const plan = planSwap(newUser(), pools[poolZipf.sample(rng)]!, rng);
      plans.push(plan);
      actions.push({ kind: "swap", plan });
    }
    for (let i = 0; i < mints; i++) actions.push({ kind: "nft", from: newUser(), tokenId: ids[i]! });

    for (const [token, list] of holders) {
      const all = [...hot.map((h) => h.address), ...list];
      mintTokens(
        chain,
        artifacts,
        token,
        all,
        all.map((_, i) => (i < HOT_WALLETS ? HOT_HOLDING : USER_HOLDING)),
      );
    }
    fundTraders(chain, artifacts, plans);
    chain.mine();

    const out = rng.shuffle(actions).flatMap((a) => emit(a, chain, artifacts, nft));
    const hotTxs = actions.filter((a) => (a.kind === "eth" || a.kind === "erc20") && a.hot).length;
    return chain.finish("mixed", out, {
      ethTransfers: eths,
      erc20Transfers: erc20s,
      swaps,
      nftMints: mints,
      hotWalletTxs: hotTxs,
      distinctSenders: users + HOT_WALLETS,
      pools: POOL_COUNT,
      tokens: TOKEN_COUNT,
    });
  },
};
