// The EVM's view of a block (BlockEnv). makeBlockEnv is the one place that builds it, for block execution
// (blockEnvFromHeader) as for the state-test and t8n environments, so the blob base fee and the BLOCKHASH
// window are derived the same way everywhere. From a header: PREVRANDAO is the mix hash after the Merge, the
// blob base fee comes from the header's excess blob gas under the fork's schedule, and BLOCKHASH asks the
// caller (the executor has no chain) within the 256-block window.
import { type BlockEnv, makeEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { blobBaseFee } from "./blob-gas.js";
import type { BlockHeader } from "./types.js";

/** How far back BLOCKHASH can see. */
export const BLOCKHASH_WINDOW = 256n;

/** The fields a header, a state-test env and a t8n env all carry under these names. */
export interface BlockBasics {
  number: bigint;
  timestamp: bigint;
  coinbase: bigint;
  gasLimit: bigint;
}

/** What each source derives its own way; `excessBlobGas` becomes the blob base fee. */
export interface DerivedBlockFields {
  chainId: bigint;
  baseFee: bigint;
  prevRandao: bigint;
  excessBlobGas: bigint;
}

/** `blockHash` is asked only about the 256 blocks before `block.number`; others read as 0. */
export function makeBlockEnv(
  block: BlockBasics,
  derived: DerivedBlockFields,
  rules: ForkRules,
  blockHash: (number: bigint) => bigint,
): BlockEnv {
  const current = block.number;
  const fields = {
    chainId: derived.chainId,
    number: current,
    timestamp: block.timestamp,
    coinbase: block.coinbase,
    gasLimit: block.gasLimit,
    baseFee: derived.baseFee,
    prevRandao: derived.prevRandao,
    blobBaseFee: blobBaseFee(derived.excessBlobGas, rules),
  };
  return makeEnv(fields, (n: bigint): bigint => {
    // Repeated here (the opcode checks too) so the env is correct for any caller, and the callback is
    // never asked about the current or future blocks.
    if (n >= current || current - n > BLOCKHASH_WINDOW) return 0n;
    return blockHash(n);
  });
}

export function blockEnvFromHeader(
  header: BlockHeader,
  rules: ForkRules,
  chainId: bigint,
  blockHash: (number: bigint) => bigint = () => 0n,
): BlockEnv {
  const derived = {
    chainId,
    baseFee: header.baseFeePerGas ?? 0n,
    // DIFFICULTY before the Merge (EIP-4399).
    prevRandao: rules.eip4399 ? bytesToBigInt(header.mixHash) : header.difficulty,
    excessBlobGas: header.excessBlobGas ?? 0n,
  };
  return makeBlockEnv(header, derived, rules, blockHash);
}
