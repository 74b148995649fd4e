// Public face of execution witnesses: generation (for any block Lanes executes), the JSON form shared with
// geth and reth's debug_executionWitness, and stateless verification.
export { AccessSet, RecordingPreState } from "./access.js";
export { WitnessError, type WitnessErrorKind } from "./errors.js";
export {
  type ExecutionWitness,
  type WitnessJson,
  type WitnessSize,
  witnessFromJson,
  witnessSize,
  witnessToJson,
} from "./format.js";
export { type GeneratedWitness, generateWitness, type WitnessOptions } from "./generate.js";
export { parseHeaderJson } from "./header-json.js";
export { TrieBackedState } from "./trie-state.js";
export { type StatelessOptions, type StatelessResult, verifyBlockStateless } from "./verify.js";
