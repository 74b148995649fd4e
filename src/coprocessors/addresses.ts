// Reserved addresses of the Lanes co-processors and of the contracts that come with them.
//
// 0x0c00..0x0cff is reserved for Lanes: 0x0c01..0x0c0f for the built-in synchronous co-processors,
// 0x0c10..0x0c1f for system contracts (the async job queue). Users register their own co-processors at
// any other address above 0x1ff (0x01..0x1ff stays Ethereum's: 0x01..0x11 and P256VERIFY at 0x100).

/** The SIMD int8 vector/matrix co-processor (simd/). */
export const SIMD_ADDRESS = 0x0c01n;
/** The Groth16 BN254 verifier co-processor (groth16/). */
export const GROTH16_ADDRESS = 0x0c02n;
/** The async job queue system contract (jobs/, contracts/coprocessors/CoprocessorJobs.sol). */
export const JOB_QUEUE_ADDRESS = 0x0c10n;

export const LANES_RESERVED_FIRST = 0x0c00n;
export const LANES_RESERVED_LAST = 0x0cffn;
/** Addresses at or below this are Ethereum's precompile space; no co-processor may live there. */
export const ETHEREUM_PRECOMPILE_SPACE_LAST = 0x1ffn;
export const MAX_ADDRESS = (1n << 160n) - 1n;
