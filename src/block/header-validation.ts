// A header checked against its parent before execution (post-Merge rules, Cancun and later): lineage,
// timestamps, gas limit drift, EIP-1559 base fee, EIP-4844/7918 blob gas, and the fields each fork requires.
// Checks run in geth's order (moved where the fixtures' expected names disagree), so a header with several
// faults is rejected with the name the fixtures expect.
import type { ForkRules } from "../evm/forks.js";
import { bytesEqual } from "../primitives/hex.js";
import { EMPTY_LIST_HASH } from "../primitives/keccak.js";
import { calcBaseFee, isValidGasLimit, MAX_GAS_LIMIT } from "./base-fee.js";
import { calcExcessBlobGas, GAS_PER_BLOB } from "./blob-gas.js";
import { BlockException, check } from "./errors.js";
import { headerHash } from "./header.js";
import type { BlockHeader } from "./types.js";

export const MAX_EXTRA_DATA_SIZE = 32;

export interface ValidateHeaderOptions {
  /** The parent's hash when the caller already has it (saves re-encoding and hashing the parent). */
  parentHash?: Uint8Array;
}

function isZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

/** Fields a fork adds must be there, and fields of later forks must not (INCORRECT_BLOCK_FORMAT). */
export function validateHeaderFormat(header: BlockHeader, rules: ForkRules): void {
  const missing = (name: string) => () => `${name} missing in a ${rules.name} header`;
  check(header.baseFeePerGas !== undefined, BlockException.INCORRECT_BLOCK_FORMAT, missing("baseFeePerGas"));
  check(
    header.withdrawalsRoot !== undefined,
    BlockException.INCORRECT_BLOCK_FORMAT,
    missing("withdrawalsRoot"),
  );
  check(header.blobGasUsed !== undefined, BlockException.INCORRECT_BLOCK_FORMAT, missing("blobGasUsed"));
  check(header.excessBlobGas !== undefined, BlockException.INCORRECT_BLOCK_FORMAT, missing("excessBlobGas"));
  check(
    header.parentBeaconBlockRoot !== undefined,
    BlockException.INCORRECT_BLOCK_FORMAT,
    missing("parentBeaconBlockRoot"),
  );
  if (rules.eip7685) {
    check(header.requestsHash !== undefined, BlockException.INCORRECT_BLOCK_FORMAT, missing("requestsHash"));
  } else {
    check(
      header.requestsHash === undefined,
      BlockException.INCORRECT_BLOCK_FORMAT,
      () => `requestsHash present before Prague (${rules.name})`,
    );
  }
}

/** Throws InvalidBlockError when `header` cannot follow `parent` under the child's `rules`. */
export function validateHeader(
  header: BlockHeader,
  parent: BlockHeader,
  rules: ForkRules,
  options: ValidateHeaderOptions = {},
): void {
  validateHeaderFormat(header, rules);

  check(!isZero(header.parentHash), BlockException.UNKNOWN_PARENT_ZERO, () => "parent hash is zero");
  const parentHash = options.parentHash ?? headerHash(parent);
  check(
    bytesEqual(header.parentHash, parentHash),
    BlockException.UNKNOWN_PARENT,
    () => "parent hash mismatch",
  );

  check(
    header.extraData.length <= MAX_EXTRA_DATA_SIZE,
    BlockException.EXTRA_DATA_TOO_BIG,
    () => `extra data is ${header.extraData.length} bytes (max ${MAX_EXTRA_DATA_SIZE})`,
  );
  // No EEST name exists for a non-zero PoS nonce; it is a malformed post-Merge header.
  check(
    isZero(header.nonce),
    BlockException.INCORRECT_BLOCK_FORMAT,
    () => "nonce must be zero after the Merge",
  );
  check(
    bytesEqual(header.ommersHash, EMPTY_LIST_HASH),
    BlockException.IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS,
    () => "ommers hash must be the empty-list hash after the Merge",
  );
  check(
    header.timestamp > parent.timestamp,
    BlockException.INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT,
    () => `timestamp ${header.timestamp} not after parent's ${parent.timestamp}`,
  );
  check(
    header.difficulty === 0n,
    BlockException.IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS,
    () => `difficulty ${header.difficulty} must be zero after the Merge`,
  );
  check(
    header.gasLimit <= MAX_GAS_LIMIT,
    BlockException.GASLIMIT_TOO_BIG,
    () => `gas limit ${header.gasLimit} above 2^63-1`,
  );
  // Before the gas-used check (unlike geth): a zero gas limit is INVALID_GASLIMIT in the fixtures.
  check(
    isValidGasLimit(header.gasLimit, parent.gasLimit),
    BlockException.INVALID_GASLIMIT,
    () => `gas limit ${header.gasLimit} out of bounds for parent gas limit ${parent.gasLimit}`,
  );
  check(
    header.gasUsed <= header.gasLimit,
    BlockException.GAS_USED_OVERFLOW,
    () => `gas used ${header.gasUsed} above gas limit ${header.gasLimit}`,
  );
  check(
    header.number === parent.number + 1n,
    BlockException.INVALID_BLOCK_NUMBER,
    () => `number ${header.number} does not follow parent ${parent.number}`,
  );
  const baseFee = calcBaseFee(parent);
  check(
    header.baseFeePerGas === baseFee,
    BlockException.INVALID_BASEFEE_PER_GAS,
    () => `base fee ${header.baseFeePerGas}, expected ${baseFee}`,
  );

  // A blob gas used above the block maximum is deliberately not rejected here (geth does): execution-specs
  // has no such header check, and fixtures expect the carrying transaction's
  // TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED from execution instead.
  const blobGasUsed = header.blobGasUsed ?? 0n;
  check(
    blobGasUsed % GAS_PER_BLOB === 0n,
    BlockException.INCORRECT_BLOB_GAS_USED,
    () => `blob gas used ${blobGasUsed} is not a multiple of ${GAS_PER_BLOB}`,
  );
  const excess = calcExcessBlobGas(parent, rules);
  check(
    header.excessBlobGas === excess,
    BlockException.INCORRECT_EXCESS_BLOB_GAS,
    () => `excess blob gas ${header.excessBlobGas}, expected ${excess}`,
  );
}
