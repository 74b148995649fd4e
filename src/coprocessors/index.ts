// Co-processors for contracts: compute units outside the EVM at reserved addresses, registered through the
// chain config (docs/coprocessors.md). Public API.
export {
  GROTH16_ADDRESS,
  JOB_QUEUE_ADDRESS,
  LANES_RESERVED_FIRST,
  LANES_RESERVED_LAST,
  SIMD_ADDRESS,
} from "./addresses.js";
export { builtinCoprocessors, withCoprocessors } from "./builtins.js";
export { createGroth16Coprocessor } from "./groth16/coprocessor.js";
export {
  encodeVerificationKey,
  proofWords,
  type SnarkjsProof,
  type SnarkjsVerificationKey,
} from "./groth16/key.js";
export { CoprocessorRegistry, coprocessorPrecompile, type RegisterOptions } from "./registry.js";
export { createSimdCoprocessor, SIMD_SIGNATURES } from "./simd/coprocessor.js";
export {
  type Coprocessor,
  type CoprocessorFactory,
  CoprocessorInputError,
  type CoprocessorSource,
} from "./types.js";
