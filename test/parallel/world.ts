// The pre-state every randomized differential block starts from, built once per process: the Prague system
// contracts, funded users (ETH and every token), EIP-7702 authorities with keys (half of them funded, half
// not existing), OpenZeppelin ERC-20 tokens and Uniswap V2 pools deployed by real setup blocks (through
// executeBlock, tools/workloads/setup.ts), and the hand-written contracts of ./contracts.ts placed directly.
// Blocks never mutate it (executeBlock and executeBlockParallel both treat the pre-state as read-only), so
// all blocks share one instance; the generator varies which accounts a block touches instead.

import { concatBytes } from "../../src/primitives/hex.js";
import { keccak256Word } from "../../src/primitives/keccak.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import { word } from "../../tools/workloads/abi.js";
import { ETHER } from "../../tools/workloads/chain.js";
import { type Account, account, address } from "../../tools/workloads/keys.js";
import { Rng } from "../../tools/workloads/rng.js";
import { SetupChain } from "../../tools/workloads/setup.js";
import { deployUniswap, type Pool } from "../../tools/workloads/uniswap.js";
import {
  CHILD_RUNTIME,
  create2Address,
  DELEGATE_A_CODE,
  DELEGATE_B_CODE,
  DEPOSIT_LOGGER_CODE,
  FACTORY_CODE,
  PROBE_CODE,
  WIDE_CODE,
} from "./contracts.js";

export const WORLD_SEED = 4242;
export const USER_COUNT = 320;
export const AUTHORITY_COUNT = 12;
export const FACTORY_COUNT = 4;
export const TOKEN_COUNT = 6;
export const POOL_COUNT = 12;
export const EMPTY_ACCOUNT_COUNT = 16;
export const USER_ETH = 100n * ETHER;
export const AUTHORITY_ETH = 10n * ETHER;
export const COINBASE_ETH = 10n * ETHER;
/** Every user holds this much of every token (far more than any block spends). */
export const USER_TOKENS = 10n ** 27n;

/** OpenZeppelin v5 ERC20 storage: `_balances` at slot 0, `_totalSupply` at slot 2. */
export function erc20BalanceSlot(holder: bigint): bigint {
  return keccak256Word(concatBytes(word(holder), word(0n)));
}
const TOTAL_SUPPLY_SLOT = 2n;

export interface World {
  preState: InMemoryState;
  /** The number of the first block after the setup blocks. */
  nextNumber: bigint;
  users: bigint[];
  /** Keyed accounts for EIP-7702 authorizations; `authorityFunded[i]` says whether it exists with ETH. */
  authorities: Account[];
  authorityFunded: boolean[];
  /** Accounts that exist but are empty (nonce 0, balance 0, no code): a touch deletes them (EIP-161). */
  emptyAccounts: bigint[];
  /** A funded EOA used as the fee recipient of some blocks. */
  fundedCoinbase: bigint;
  tokens: bigint[];
  /** The pools as set up (reserves at the pre-state); copy before tracking a block's swaps. */
  pools: readonly Pool[];
  factories: bigint[];
  probe: bigint;
  delegateA: bigint;
  delegateB: bigint;
  /** CHILD_RUNTIME deployed in the pre-state (a delegation target that can SELFDESTRUCT). */
  childTemplate: bigint;
  depositLogger: bigint;
  /** WIDE_CODE: touches `count` slots and accounts from `start`. */
  wide: bigint;
  /** An address with storage but no code or nonce (EIP-7610): CREATE2 of CHILD there by factory 0 collides. */
  storageCollision: { salt: bigint; address: bigint };
  selectors: { transfer: Uint8Array; swap: Uint8Array; balanceOf: Uint8Array };
}

let cached: Promise<World> | undefined;

/** The shared world (built on first call, ~1-2 s). */
export function getWorld(): Promise<World> {
  cached ??= buildWorld();
  return cached;
}

const contractAddress = (name: string) => address(WORLD_SEED, `contract/${name}`, 0);

async function buildWorld(): Promise<World> {
  const artifacts = await loadArtifacts();
  const chain = new SetupChain(WORLD_SEED);
  const rng = new Rng(WORLD_SEED, "world");
  const { tokens, pools } = deployUniswap(chain, artifacts, rng, TOKEN_COUNT, POOL_COUNT);
  const state = chain.state;

  const users = Array.from({ length: USER_COUNT }, (_, i) => address(WORLD_SEED, "user", i));
  for (const u of users) chain.fund(u, USER_ETH);
  for (const token of tokens) {
    for (const u of users) state.setStorage(token, erc20BalanceSlot(u), USER_TOKENS);
    const supply = state.getStorage(token, TOTAL_SUPPLY_SLOT);
    state.setStorage(token, TOTAL_SUPPLY_SLOT, supply + USER_TOKENS * BigInt(USER_COUNT));
  }

  const authorities = Array.from({ length: AUTHORITY_COUNT }, (_, i) => account(WORLD_SEED, "authority", i));
  const authorityFunded = authorities.map((_, i) => i % 2 === 0);
  authorities.forEach((a, i) => {
    if (authorityFunded[i]) chain.fund(a.address, AUTHORITY_ETH);
  });
  const emptyAccounts = Array.from({ length: EMPTY_ACCOUNT_COUNT }, (_, i) =>
    address(WORLD_SEED, "empty", i),
  );
  for (const a of emptyAccounts) state.putAccount(a, {});
  const fundedCoinbase = address(WORLD_SEED, "fee-recipient", 0);
  chain.fund(fundedCoinbase, COINBASE_ETH);

  const factories = Array.from({ length: FACTORY_COUNT }, (_, i) => address(WORLD_SEED, "factory", i));
  for (const f of factories) state.putAccount(f, { nonce: 1n, code: FACTORY_CODE });
  const place = (name: string, code: Uint8Array, storage?: Map<bigint, bigint>) => {
    const a = contractAddress(name);
    state.putAccount(a, { nonce: 1n, code, ...(storage ? { storage } : {}) });
    return a;
  };
  const probe = place("probe", PROBE_CODE);
  const delegateA = place("delegate-a", DELEGATE_A_CODE);
  const delegateB = place("delegate-b", DELEGATE_B_CODE);
  const childTemplate = place("child", CHILD_RUNTIME, new Map([[0n, 5n]]));
  const depositLogger = place("deposit-logger", DEPOSIT_LOGGER_CODE);
  const wide = place("wide", WIDE_CODE);
  const collisionSalt = 0x7610n;
  const storageCollision = { salt: collisionSalt, address: create2Address(factories[0]!, collisionSalt) };
  state.putAccount(storageCollision.address, { balance: 1n, storage: new Map([[1n, 1n]]) });

  const sel = (a: typeof artifacts.token, sig: string) => {
    const s = a.selectors.get(sig);
    if (!s) throw new Error(`no selector ${sig}`);
    return s;
  };
  return {
    preState: state,
    nextNumber: chain.number,
    users,
    authorities,
    authorityFunded,
    emptyAccounts,
    fundedCoinbase,
    tokens,
    pools: pools.map((p) => ({ ...p })),
    factories,
    probe,
    delegateA,
    delegateB,
    childTemplate,
    depositLogger,
    wide,
    storageCollision,
    selectors: {
      transfer: sel(artifacts.token, "transfer(address,uint256)"),
      swap: sel(artifacts.uniswapPair, "swap(uint256,uint256,address,bytes)"),
      balanceOf: sel(artifacts.token, "balanceOf(address)"),
    },
  };
}
