// WitnessError: everything a witness can lack or get wrong, named, so that stateless verification fails with
// a message saying what is missing or wrong, never with a crash and never with a wrong "valid".
export type WitnessErrorKind =
  /** The witness document itself: not the expected shape, bad hex. */
  | "malformed"
  /** A trie node that execution or the post-state root needs is not in the witness. */
  | "missing-node"
  /** A node in the witness is not a valid trie node, or a leaf is not a valid account or storage value. */
  | "bad-node"
  /** A listed node or code does not hash to the hash it is listed under (hash-keyed form). */
  | "hash-mismatch"
  /** The code an account's code hash names is not in the witness. */
  | "missing-code"
  /** An ancestor header BLOCKHASH (or the pre-state root) needs is not in the witness. */
  | "missing-header"
  /** The headers do not form the chain of the block's ancestors. */
  | "bad-headers"
  /** No pre-state root to verify against, or two that disagree. */
  | "pre-state";

export class WitnessError extends Error {
  override name = "WitnessError";
  constructor(
    readonly kind: WitnessErrorKind,
    message: string,
  ) {
    super(message);
  }
}
