// Errors of the custody protocols. A BlameError names the signers whose messages were proven bad (an
// identifiable abort); an AbortError is a clean abort without proof against anyone (a signer that did not
// answer, a timeout), after which the coordinator may retry with another quorum.
export class CustodyError extends Error {
  override name = "CustodyError";
}

export class BlameError extends CustodyError {
  override name = "BlameError";
  constructor(
    message: string,
    /** Signer indices proven to have misbehaved. */
    readonly culprits: number[],
  ) {
    super(`${message}: signer${culprits.length === 1 ? "" : "s"} ${culprits.join(", ")}`);
  }
}

export class AbortError extends CustodyError {
  override name = "AbortError";
  constructor(
    message: string,
    /** Signers that did not answer (not proven malicious). */
    readonly unresponsive: number[] = [],
  ) {
    super(message);
  }
}
