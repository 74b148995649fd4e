// A shard's chain: its config (the fork's rules plus the built-in co-processors plus the cross-shard
// precompile, which knows the shard's id, the shard count and the operator), its genesis predeploys, and
// the shard operator's key (the sender of the deliver and serve system transactions).
import { fixedForkConfig, withExtraPrecompiles } from "../block/chain-config.js";
import type { ChainConfig } from "../block/types.js";
import { builtinCoprocessors } from "../coprocessors/builtins.js";
import type { ContextualPrecompile, Precompile, PrecompileSet } from "../evm/precompiles/types.js";
import { derivePrivateKey, mnemonicToSeed } from "../node/dev-accounts.js";
import { privateKeyToAddress } from "../primitives/secp256k1.js";
import type { InMemoryState } from "../state/memory-state.js";
import {
  CROSS_SHARD_ADDRESS,
  MESSENGER_ADDRESS,
  RESERVE_ADDRESS,
  RESERVE_BALANCE,
  TOKEN_BRIDGE_ADDRESS,
} from "./addresses.js";
import { runtimeCode } from "./contracts.js";
import { CrossShardPrecompile } from "./precompile.js";

/** Where the shard operator's key comes from: the mnemonic's own branch, apart from dev accounts and jobs. */
export const SHARD_OPERATOR_PATH = "m/44'/60'/0'/2/0";
/** The operator's genesis balance on every shard (it pays the system transactions' gas). */
export const OPERATOR_BALANCE = 10n ** 24n;

export interface ShardSpec {
  shardId: number;
  shardCount: number;
  chainId: bigint;
  fork: string;
  operator: bigint;
}

export function operatorKey(mnemonic: string): Uint8Array {
  return derivePrivateKey(mnemonicToSeed(mnemonic), SHARD_OPERATOR_PATH);
}

export function operatorAddress(mnemonic: string): bigint {
  return privateKeyToAddress(operatorKey(mnemonic));
}

/** Reached only by a caller that ignores `contextual` (never the EVM): fails, as an unknown input would. */
const CONTEXT_REQUIRED: Precompile = () => ({ success: false, gasUsed: 0, output: new Uint8Array(0) });

/** The shard's extra precompiles: the co-processors and the cross-shard call. */
class ShardPrecompiles implements PrecompileSet {
  readonly addresses: readonly bigint[];

  constructor(
    private readonly inner: PrecompileSet,
    private readonly cross: CrossShardPrecompile,
  ) {
    this.addresses = [...inner.addresses, CROSS_SHARD_ADDRESS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get(address: bigint): Precompile | undefined {
    return address === CROSS_SHARD_ADDRESS ? CONTEXT_REQUIRED : this.inner.get(address);
  }

  contextual(address: bigint): ContextualPrecompile | undefined {
    return address === CROSS_SHARD_ADDRESS ? this.cross : undefined;
  }
}

export interface ShardChain {
  config: ChainConfig;
  /** Its port decides what a cross-shard call does in this config's executions. */
  precompile: CrossShardPrecompile;
}

/**
 * A shard's chain config with a cross-shard precompile of its own. Blocks run sequentially under it (the
 * precompile is not portable to the parallel executor's workers); shards run in parallel with each other.
 */
export function shardChain(spec: ShardSpec): ShardChain {
  const precompile = new CrossShardPrecompile({
    shardId: spec.shardId,
    shardCount: spec.shardCount,
    operator: spec.operator,
  });
  const config = withExtraPrecompiles(
    fixedForkConfig(spec.chainId, spec.fork),
    new ShardPrecompiles(builtinCoprocessors(), precompile),
  );
  return { config, precompile };
}

/** The shard predeploys and the funded operator, added to a shard's genesis state. */
export function addShardGenesis(state: InMemoryState, operator: bigint): void {
  // Nonce 1: never "dead" (EIP-161), so touching them never deletes them.
  state.putAccount(CROSS_SHARD_ADDRESS, { nonce: 1n });
  state.putAccount(MESSENGER_ADDRESS, { nonce: 1n, code: runtimeCode("ShardMessenger") });
  state.putAccount(TOKEN_BRIDGE_ADDRESS, { nonce: 1n, code: runtimeCode("TokenBridge") });
  state.putAccount(RESERVE_ADDRESS, { nonce: 1n, balance: RESERVE_BALANCE });
  state.putAccount(operator, { balance: OPERATOR_BALANCE });
}
