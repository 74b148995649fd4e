// Blocks as the executor consumes them, the chain configuration, and what executing a block yields.
import type { ForkRules } from "../evm/forks.js";
import type { Log } from "../evm/log.js";
import type { StateDiff } from "../state/types.js";
import type { Transaction } from "../tx/types.js";

export interface BlockHeader {
  parentHash: Uint8Array;
  ommersHash: Uint8Array;
  coinbase: bigint;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  difficulty: bigint;
  number: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  extraData: Uint8Array;
  /** PREVRANDAO after the Merge. */
  mixHash: Uint8Array;
  nonce: Uint8Array;
  /** London+. */
  baseFeePerGas?: bigint;
  /** Shanghai+. */
  withdrawalsRoot?: Uint8Array;
  /** Cancun+. */
  blobGasUsed?: bigint;
  excessBlobGas?: bigint;
  parentBeaconBlockRoot?: Uint8Array;
  /** Prague+ (EIP-7685). */
  requestsHash?: Uint8Array;
}

export interface Withdrawal {
  index: bigint;
  validatorIndex: bigint;
  address: bigint;
  /** In gwei. */
  amount: bigint;
}

export interface Block {
  header: BlockHeader;
  /** Transactions with `sender` already recovered (or asserted, for simulations). */
  transactions: Transaction[];
  withdrawals?: Withdrawal[];
  /** Ommer (uncle) headers of a proof-of-work block: they earn rewards (pow.ts). */
  ommers?: BlockHeader[];
}

export interface ChainConfig {
  chainId: bigint;
  /**
   * The fork rules in force for a block (by block number, then by timestamp). `merged` says whether the block
   * is a proof-of-stake block; only a chain that merges at a terminal total difficulty (terminalTotalDifficulty
   * set, no merge block) reads it, and takes Paris's rules for such a block. Absent, such a chain counts a block
   * as merged only once a later, timestamp-scheduled fork is active.
   */
  rulesAt(number: bigint, timestamp: bigint, merged?: boolean): ForkRules;
  /**
   * The total difficulty at which the chain moved to proof of stake, when it merged by difficulty (geth's
   * terminalTotalDifficulty without a merge block): a block whose parent's total difficulty reached it must
   * be a proof-of-stake block (difficulty 0), and a block whose parent's did not must be mined.
   */
  terminalTotalDifficulty?: bigint;
  /** EIP-6110 deposit contract; mainnet's (which execution-spec-tests fixtures use) when absent. */
  depositContractAddress?: bigint;
}

export interface Receipt {
  type: number;
  /** 1 success, 0 failure. */
  status: 0 | 1;
  /** Before Byzantium: the state root after the transaction, encoded in place of `status`. */
  root?: Uint8Array;
  cumulativeGasUsed: bigint;
  /** Gas used by this transaction alone. */
  gasUsed: bigint;
  logs: Log[];
  logsBloom: Uint8Array;
  /** Set for contract creations that succeeded. */
  contractAddress?: bigint;
}

export interface BlockResult {
  receipts: Receipt[];
  gasUsed: bigint;
  blobGasUsed: bigint;
  /** The whole block's change to state (system calls, transactions, withdrawals). */
  diff: StateDiff;
  stateRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  /** EIP-4895 root over the block's withdrawals; absent when the block has no withdrawals list. */
  withdrawalsRoot?: Uint8Array;
  /** EIP-7685 requests, each `type byte || data`, in type order; empty lists are left out. */
  requests: Uint8Array[];
  /** EIP-7685 commitment to `requests` (Prague+). */
  requestsHash?: Uint8Array;
}

export interface ExecuteBlockOptions {
  /** Hash of an ancestor block by number (BLOCKHASH); defaults to 0 for unknown blocks. */
  blockHash?: (number: bigint) => bigint;
  /** Run the pre/post-block system calls (EIP-4788, 2935, 7002, 7251). Default true. */
  systemCalls?: boolean;
}
