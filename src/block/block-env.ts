// The EVM's view of a block (BlockEnv) derived from its header: PREVRANDAO is the mix hash after the
// Merge, the blob base fee comes from the header's excess blob gas under the fork's schedule, and BLOCKHASH
// asks the caller (the executor has no chain) within the 256-block window.
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { blobBaseFee } from "./blob-gas.js";
import type { BlockHeader } from "./types.js";

const BLOCKHASH_WINDOW = 256n;

export function blockEnvFromHeader(
  header: BlockHeader,
  rules: ForkRules,
  chainId: bigint,
  blockHash: (number: bigint) => bigint = () => 0n,
): BlockEnv {
  const current = header.number;
  return {
    chainId,
    number: current,
    timestamp: header.timestamp,
    coinbase: header.coinbase,
    gasLimit: header.gasLimit,
    baseFee: header.baseFeePerGas ?? 0n,
    prevRandao: bytesToBigInt(header.mixHash),
    blobBaseFee: blobBaseFee(header.excessBlobGas ?? 0n, rules),
    blockHash(n: bigint): bigint {
      // Repeated here (the opcode checks too) so the env is correct for any caller, and the callback is
      // never asked about the current or future blocks.
      if (n >= current || current - n > BLOCKHASH_WINDOW) return 0n;
      return blockHash(n);
    },
  };
}
