// Public surface of the Block-STM core: the driver, the pool, the VM contract and the location keys.
export { type BlockStmOptions, type BlockStmResult, runBlockStm } from "./block-stm.js";
export { CommittedState } from "./committed-state.js";
export { ParallelCapacityError, ParallelConflictError, ParallelWorkerError } from "./errors.js";
export {
  KIND_BALANCE,
  KIND_CODE_HASH,
  KIND_NONCE,
  KIND_STORAGE,
  KIND_USER,
  keyAddress,
  keyKind,
  keySlot,
  newKeyBuffer,
  writeAccountKey,
  writeSmallKey,
  writeStorageKey,
} from "./location-key.js";
export type { BlockMetrics, WorkerMetrics } from "./metrics.js";
export { type Capacity, type CapacityHints, KEY_WORDS, VALUE_WORDS } from "./shared-layout.js";
export { DependencyAbort, type ParallelVm, type ParallelVmModule, type TxView } from "./vm-interface.js";
export { WorkerCrashError, WorkerPool, type WorkerPoolOptions } from "./worker-pool.js";
