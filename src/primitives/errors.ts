// Typed errors shared across layers. Names of transaction-level failures follow execution-spec-tests.

/** A transaction that must be rejected before execution (the state stays unchanged). */
export class InvalidTransactionError extends Error {
  override name = "InvalidTransactionError";
  /** The execution-spec-tests exception name, e.g. "INSUFFICIENT_ACCOUNT_FUNDS". */
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ? `${code}: ${message}` : code);
    this.code = code;
  }
}
