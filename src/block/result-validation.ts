// After execution: the header's commitments must match the block and what executing it produced, checked
// in execution-specs' order (gas used, transactions root, state root, receipts root, bloom, withdrawals root,
// blob gas used, requests hash).
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { orderedTrieRoot } from "../trie/index.js";
import { BlockException, check } from "./errors.js";
import type { BlockHeader, BlockResult } from "./types.js";

export interface ResultExtras {
  /**
   * The transactions exactly as the block encodes them (EIP-2718 envelopes), for the transactions root.
   * Without them that root is not checked (callers that built the block themselves have nothing to check).
   */
  rawTransactions?: readonly Uint8Array[];
}

/** The root of the transactions trie over their canonical encodings. */
export function transactionsRoot(rawTransactions: readonly Uint8Array[]): Uint8Array {
  return orderedTrieRoot(rawTransactions);
}

function hex(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? "none" : bytesToHex(bytes);
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return bytesEqual(a, b);
}

/** Throws InvalidBlockError when `result` (or the block's transactions) disagree with `header`. */
export function validateBlockResult(
  header: BlockHeader,
  result: BlockResult,
  extras: ResultExtras = {},
): void {
  check(
    header.gasUsed === result.gasUsed,
    BlockException.INVALID_GAS_USED,
    () => `header gas used ${header.gasUsed}, executed ${result.gasUsed}`,
  );
  if (extras.rawTransactions !== undefined) {
    const root = transactionsRoot(extras.rawTransactions);
    check(
      bytesEqual(header.transactionsRoot, root),
      BlockException.INVALID_TRANSACTIONS_ROOT,
      () => `header transactions root ${hex(header.transactionsRoot)}, block ${hex(root)}`,
    );
  }
  check(
    bytesEqual(header.stateRoot, result.stateRoot),
    BlockException.INVALID_STATE_ROOT,
    () => `header state root ${hex(header.stateRoot)}, executed ${hex(result.stateRoot)}`,
  );
  check(
    bytesEqual(header.receiptsRoot, result.receiptsRoot),
    BlockException.INVALID_RECEIPTS_ROOT,
    () => `header receipts root ${hex(header.receiptsRoot)}, executed ${hex(result.receiptsRoot)}`,
  );
  check(
    bytesEqual(header.logsBloom, result.logsBloom),
    BlockException.INVALID_LOG_BLOOM,
    () => "logs bloom mismatch",
  );
  check(
    sameBytes(header.withdrawalsRoot, result.withdrawalsRoot),
    BlockException.INVALID_WITHDRAWALS_ROOT,
    () => `header withdrawals root ${hex(header.withdrawalsRoot)}, block ${hex(result.withdrawalsRoot)}`,
  );
  check(
    (header.blobGasUsed ?? 0n) === result.blobGasUsed,
    BlockException.INCORRECT_BLOB_GAS_USED,
    () => `header blob gas used ${header.blobGasUsed}, executed ${result.blobGasUsed}`,
  );
  check(
    sameBytes(header.requestsHash, result.requestsHash),
    BlockException.INVALID_REQUESTS,
    () => `header requests hash ${hex(header.requestsHash)}, executed ${hex(result.requestsHash)}`,
  );
}
