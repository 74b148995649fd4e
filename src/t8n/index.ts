// Public face of the transition tools: t8n (geth `evm t8n` semantics: invalid transactions are skipped) and
// the block-file reader behind `lanes run` (block-import semantics), with their shared env/alloc/tx readers.
export { type AllocJson, type AllocJsonAccount, formatAlloc, parseT8nAlloc } from "./alloc.js";
export {
  buildBlockEnv,
  parentHashOf,
  parseEnv,
  resolveBaseFee,
  resolveExcessBlobGas,
  resolveFees,
  type T8nEnv,
} from "./env.js";
export { InputError, inputErrorMessage, OutputError } from "./errors.js";
export { dispatchOutputs, loadInputs, type RawInputs, readJsonFile, STDIN } from "./io.js";
export { formatResult, type ResultJson } from "./result-json.js";
export { parseRunBlock, type RunBlock } from "./run-block.js";
export { type RunJson, runJson, runSummary } from "./run-output.js";
export { runT8n, type T8nOutputs } from "./t8n.js";
export { applyTransition, type TransitionInput, type TransitionOutput } from "./transition.js";
export { parseTxJson, type TxJson } from "./tx-json.js";
export { decodeRlpTxs, encodeTxList, type PreparedTx, prepareTx, type TxEntry } from "./tx-prepare.js";
