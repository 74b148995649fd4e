// The chain every workload runs on: mainnet's chain id under Prague rules (with the system contracts in
// genesis), a fixed 1 gwei base fee, EIP-1559 transactions only, and block headers whose non-result fields
// (parent hash, PREVRANDAO, beacon root) are derived from the seed. Result fields (state root, receipts
// root, bloom, gas used) are left zero: the engines compute them, and the cross-check compares them.
import { fixedForkConfig } from "../../src/block/chain-config.js";
import { EMPTY_REQUESTS_HASH } from "../../src/block/requests.js";
import type { BlockHeader, ChainConfig } from "../../src/block/types.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT } from "../../src/primitives/keccak.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import type { Account } from "./keys.js";
import { address } from "./keys.js";
import { seedBytes } from "./rng.js";

export const CHAIN_ID = 1n;
export const FORK = "Prague";
export const GWEI = 1_000_000_000n;
export const ETHER = 10n ** 18n;
/** Every block's base fee (the header is not validated against a parent, so it can stay constant). */
export const BASE_FEE = GWEI;
export const MAX_FEE_PER_GAS = 2n * GWEI;
export const MAX_PRIORITY_FEE_PER_GAS = GWEI / 10n;
/** Block gas limit floor; a bigger block gets exactly the sum of its transactions' gas limits. */
export const MIN_BLOCK_GAS_LIMIT = 60_000_000n;
/** The first setup block: numbers and times in mainnet's Prague era. */
export const FIRST_BLOCK_NUMBER = 22_500_000n;
export const FIRST_BLOCK_TIMESTAMP = 1_751_000_003n;
export const BLOCK_TIME = 12n;

export function chainConfig(): ChainConfig {
  return fixedForkConfig(CHAIN_ID, FORK);
}

export function coinbase(seed: number): bigint {
  return address(seed, "coinbase", 0);
}

/** A header for block `number` with the result fields zeroed. */
export function blockHeader(seed: number, number: bigint, gasLimit: bigint): BlockHeader {
  const offset = number - FIRST_BLOCK_NUMBER;
  return {
    parentHash: seedBytes(seed, `parent/${number}`),
    ommersHash: EMPTY_LIST_HASH,
    coinbase: coinbase(seed),
    stateRoot: new Uint8Array(32),
    transactionsRoot: new Uint8Array(32),
    receiptsRoot: new Uint8Array(32),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number,
    gasLimit,
    gasUsed: 0n,
    timestamp: FIRST_BLOCK_TIMESTAMP + offset * BLOCK_TIME,
    extraData: new Uint8Array(0),
    mixHash: seedBytes(seed, `randao/${number}`),
    nonce: new Uint8Array(8),
    baseFeePerGas: BASE_FEE,
    withdrawalsRoot: EMPTY_TRIE_ROOT,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: seedBytes(seed, `beacon/${number}`),
    requestsHash: EMPTY_REQUESTS_HASH,
  };
}

/** The gas limit for a block of these transactions. */
export function blockGasLimit(txs: readonly SignedTransaction[]): bigint {
  let sum = 0n;
  for (const t of txs) sum += t.tx.gasLimit;
  return sum > MIN_BLOCK_GAS_LIMIT ? sum : MIN_BLOCK_GAS_LIMIT;
}

export interface TxRequest {
  from: Account;
  nonce: bigint;
  /** undefined: contract creation. */
  to: bigint | undefined;
  data?: Uint8Array;
  value?: bigint;
  gasLimit: bigint;
}

/** A signed EIP-1559 transaction at the standard fees. */
export function signTx(req: TxRequest): SignedTransaction {
  return signTransaction(
    {
      type: 2,
      chainId: CHAIN_ID,
      nonce: req.nonce,
      gasLimit: req.gasLimit,
      to: req.to,
      value: req.value ?? 0n,
      data: req.data ?? new Uint8Array(0),
      gasPrice: 0n,
      maxFeePerGas: MAX_FEE_PER_GAS,
      maxPriorityFeePerGas: MAX_PRIORITY_FEE_PER_GAS,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
    },
    req.from.privateKey,
  );
}
