// Public surface of the parallel EVM: executeBlockParallel, its options and statistics, the shared
// pre-state snapshot and the worker pool it runs on.
export {
  defaultThreadCount,
  executeBlockParallel,
  type ParallelBlockResult,
  type ParallelExecuteOptions,
  type PreStateReads,
  sharedWorkerPool,
} from "./execute-block-parallel.js";
export { chooseMode, MAX_SENDER_SHARE, MIN_PARALLEL_TXS, type ModeOption } from "./fallback-policy.js";
export { SharedStateSnapshot } from "./shared-snapshot.js";
export {
  type ExecutionMode,
  formatStats,
  type HotAccount,
  type ParallelBlockStats,
  type ThreadStats,
} from "./stats.js";
export {
  generateWitnessParallel,
  type ParallelStatelessOptions,
  type ParallelStatelessResult,
  type ParallelWitness,
  verifyBlockStatelessParallel,
} from "./witness.js";
