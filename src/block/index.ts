// Public face of the block layer: header codec and validation, receipts and blooms, withdrawals, system
// calls, EIP-7685 requests, chain configs, and executeBlock (the sequential reference executor).
export {
  BASE_FEE_MAX_CHANGE_DENOMINATOR,
  calcBaseFee,
  ELASTICITY_MULTIPLIER,
  isValidGasLimit,
} from "./base-fee.js";
export {
  BLOB_BASE_COST,
  blobBaseFee,
  calcExcessBlobGas,
  fakeExponential,
  GAS_PER_BLOB,
  MIN_BASE_FEE_PER_BLOB_GAS,
  maxBlobGasPerBlock,
  targetBlobGasPerBlock,
} from "./blob-gas.js";
export { blockEnvFromHeader } from "./block-env.js";
export { checkBlockSize, type DecodedBlockRlp, decodeBlockRlp, MAX_RLP_BLOCK_SIZE } from "./block-rlp.js";
export { addLogToBloom, addToBloom, logsBloom } from "./bloom.js";
export { type BodyExtras, validateBlockBody } from "./body-validation.js";
export {
  type ChainConfigOptions,
  configForNetwork,
  type ForkActivation,
  fixedForkConfig,
  MAINNET_FORK_TIMESTAMPS,
  mainnetConfig,
  scheduledForkConfig,
} from "./chain-config.js";
export {
  DEPOSIT_EVENT_SIGNATURE_HASH,
  extractDepositData,
  MAINNET_DEPOSIT_CONTRACT_ADDRESS,
  parseDepositRequests,
} from "./deposits.js";
export { BlockException, type BlockExceptionCode, type ExceptionKind, InvalidBlockError } from "./errors.js";
export { executeBlock } from "./execute-block.js";
export { decodeHeader, encodeHeader, headerHash } from "./header.js";
export { validateHeader, validateHeaderFormat } from "./header-validation.js";
export { type ImportBlockOptions, importBlock } from "./import-block.js";
export { OverlayState } from "./overlay-state.js";
export { blockLogsBloom, encodeReceipt, makeReceipt, receiptsRoot } from "./receipts.js";
export {
  CONSOLIDATION_REQUEST_TYPE,
  computeRequestsHash,
  DEPOSIT_REQUEST_TYPE,
  EMPTY_REQUESTS_HASH,
  WITHDRAWAL_REQUEST_TYPE,
} from "./requests.js";
export { type ResultExtras, transactionsRoot, validateBlockResult } from "./result-validation.js";
export * from "./system-calls/index.js";
export type * from "./types.js";
export { applyWithdrawals, decodeWithdrawal, encodeWithdrawal, withdrawalsRoot } from "./withdrawals.js";
