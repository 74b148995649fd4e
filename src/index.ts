// The public entry point of the `lanes` package.
export { fixedForkConfig, scheduledForkConfig } from "./block/chain-config.js";
export { InvalidBlockError } from "./block/errors.js";
export { executeBlock } from "./block/execute-block.js";
export type { Block, BlockHeader, BlockResult, ChainConfig, Receipt, Withdrawal } from "./block/types.js";
export type { BlockEnv } from "./evm/env.js";
export { FORKS, type ForkName, type ForkRules, getForkRules } from "./evm/forks.js";
export type { Log } from "./evm/log.js";
export {
  executeBlockParallel,
  formatStats,
  generateWitnessParallel,
  type ParallelBlockResult,
  type ParallelBlockStats,
  type ParallelExecuteOptions,
  SharedStateSnapshot,
  verifyBlockStatelessParallel,
} from "./parallel/index.js";
export { InvalidTransactionError } from "./primitives/errors.js";
export { bytesToHex, hexToBytes } from "./primitives/hex.js";
export { keccak256 } from "./primitives/keccak.js";
export { InMemoryState } from "./state/memory-state.js";
export type { Account, AccountDiff, BlockPreState, StateDiff, StateReader } from "./state/types.js";
export { WorldState } from "./state/world-state.js";
export { type TraceOptions, type TraceResult, traceCall, traceTransaction } from "./trace/index.js";
export { orderedTrieRoot, stateRoot, storageRoot, trieRoot } from "./trie/index.js";
export { applyTransaction, type TxResult } from "./tx/execute.js";
export type { Transaction } from "./tx/types.js";
export {
  type ExecutionWitness,
  generateWitness,
  type StatelessOptions,
  type StatelessResult,
  verifyBlockStateless,
  WitnessError,
  witnessFromJson,
  witnessSize,
  witnessToJson,
} from "./witness/index.js";
