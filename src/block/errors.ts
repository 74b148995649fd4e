// Why a block is rejected, named as execution-spec-tests names it, so a runner can compare a rejection with a
// fixture's `expectException` ("BlockException.X|TransactionException.Y") without a translation table.
import type { InvalidTransactionError } from "../primitives/errors.js";

/** The execution-spec-tests `BlockException` names this layer raises (written as the enum reads). */
export const BlockException = {
  UNKNOWN_PARENT: "UNKNOWN_PARENT",
  UNKNOWN_PARENT_ZERO: "UNKNOWN_PARENT_ZERO",
  INVALID_BLOCK_NUMBER: "INVALID_BLOCK_NUMBER",
  INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT: "INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT",
  INVALID_GASLIMIT: "INVALID_GASLIMIT",
  GASLIMIT_TOO_BIG: "GASLIMIT_TOO_BIG",
  GAS_USED_OVERFLOW: "GAS_USED_OVERFLOW",
  INVALID_GAS_USED: "INVALID_GAS_USED",
  INVALID_BASEFEE_PER_GAS: "INVALID_BASEFEE_PER_GAS",
  EXTRA_DATA_TOO_BIG: "EXTRA_DATA_TOO_BIG",
  /** The DAO block and the nine after it without the "dao-hard-fork" extra data (dao-fork.ts). */
  EXTRA_DATA_INVALID_DAO: "EXTRA_DATA_INVALID_DAO",
  IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS: "IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS",
  /** Proof-of-work blocks (before Paris): a difficulty the formula does not give, too many ommers. */
  INVALID_DIFFICULTY: "INVALID_DIFFICULTY",
  TOO_MANY_UNCLES: "TOO_MANY_UNCLES",
  INVALID_UNCLES_HASH: "INVALID_UNCLES_HASH",
  INVALID_UNCLE: "INVALID_UNCLE",
  IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS: "IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS",
  INCORRECT_BLOCK_FORMAT: "INCORRECT_BLOCK_FORMAT",
  INCORRECT_BLOB_GAS_USED: "INCORRECT_BLOB_GAS_USED",
  INCORRECT_EXCESS_BLOB_GAS: "INCORRECT_EXCESS_BLOB_GAS",
  BLOB_GAS_USED_ABOVE_LIMIT: "BLOB_GAS_USED_ABOVE_LIMIT",
  INVALID_STATE_ROOT: "INVALID_STATE_ROOT",
  INVALID_RECEIPTS_ROOT: "INVALID_RECEIPTS_ROOT",
  INVALID_TRANSACTIONS_ROOT: "INVALID_TRANSACTIONS_ROOT",
  INVALID_WITHDRAWALS_ROOT: "INVALID_WITHDRAWALS_ROOT",
  INVALID_LOG_BLOOM: "INVALID_LOG_BLOOM",
  INVALID_REQUESTS: "INVALID_REQUESTS",
  INVALID_BLOCK_HASH: "INVALID_BLOCK_HASH",
  INVALID_DEPOSIT_EVENT_LAYOUT: "INVALID_DEPOSIT_EVENT_LAYOUT",
  SYSTEM_CONTRACT_EMPTY: "SYSTEM_CONTRACT_EMPTY",
  SYSTEM_CONTRACT_CALL_FAILED: "SYSTEM_CONTRACT_CALL_FAILED",
  RLP_STRUCTURES_ENCODING: "RLP_STRUCTURES_ENCODING",
  RLP_WITHDRAWALS_NOT_READ: "RLP_WITHDRAWALS_NOT_READ",
  RLP_INVALID_FIELD_OVERFLOW_64: "RLP_INVALID_FIELD_OVERFLOW_64",
  RLP_INVALID_ADDRESS: "RLP_INVALID_ADDRESS",
  RLP_BLOCK_LIMIT_EXCEEDED: "RLP_BLOCK_LIMIT_EXCEEDED",
} as const;

export type BlockExceptionCode = (typeof BlockException)[keyof typeof BlockException];

export type ExceptionKind = "BlockException" | "TransactionException";

/** A block that must not be imported. The pre-state is untouched: execution works on an overlay. */
export class InvalidBlockError extends Error {
  override name = "InvalidBlockError";
  /** The bare exception name, e.g. "INVALID_STATE_ROOT" or, for a bad transaction, "NONCE_MISMATCH_TOO_LOW". */
  readonly code: string;
  readonly kind: ExceptionKind;
  /** Index of the offending transaction when `kind` is "TransactionException". */
  readonly txIndex: number | undefined;

  constructor(code: BlockExceptionCode, message?: string);
  constructor(code: string, message: string | undefined, kind: ExceptionKind, txIndex?: number);
  constructor(code: string, message?: string, kind: ExceptionKind = "BlockException", txIndex?: number) {
    super(message ? `${kind}.${code}: ${message}` : `${kind}.${code}`);
    this.code = code;
    this.kind = kind;
    this.txIndex = txIndex;
  }

  /** The name as fixtures write it: "BlockException.INVALID_STATE_ROOT". */
  get exception(): string {
    return `${this.kind}.${this.code}`;
  }

  /** Whether this rejection is one of a fixture's accepted exceptions ("A.X|B.Y"). */
  matches(expectException: string): boolean {
    return expectException.split("|").some((e) => e.trim() === this.exception);
  }

  /** A block that includes a transaction the state rejects is itself invalid. */
  static fromTransaction(index: number, error: InvalidTransactionError): InvalidBlockError {
    const e = new InvalidBlockError(
      error.code,
      `transaction ${index}: ${error.message}`,
      "TransactionException",
      index,
    );
    e.cause = error;
    return e;
  }

  /** A block-level check on one transaction (gas or blob gas allowance) that has a TransactionException name. */
  static transaction(index: number, code: string, message: string): InvalidBlockError {
    return new InvalidBlockError(code, `transaction ${index}: ${message}`, "TransactionException", index);
  }
}

/** Throws InvalidBlockError(code) unless `ok`. */
export function check(ok: boolean, code: BlockExceptionCode, message: () => string): asserts ok {
  if (!ok) throw new InvalidBlockError(code, message());
}
