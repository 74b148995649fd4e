// Errors of the t8n / run input layer and the one-line message the CLI prints for them. Bad input (a file
// that cannot be read, malformed JSON, hex or RLP, an inconsistent env) must end as one clear line and exit
// status 1; anything not recognised here is a bug and is left to the CLI's internal-error path.
import { InvalidBlockError } from "../block/errors.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import { HexError } from "../primitives/hex.js";
import { FieldError } from "../primitives/json-read.js";
import { RlpError } from "../primitives/rlp.js";

/** Input that cannot be used as given (unreadable file, missing section, contradictory fields). */
export class InputError extends Error {
  override name = "InputError";
}

/** An output file that cannot be written. */
export class OutputError extends Error {
  override name = "OutputError";
}

/** Prefixes a FieldError or InputError with where the input came from ("env.json", "stdin"). */
export function inSource<T>(source: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (
      e instanceof FieldError ||
      e instanceof InputError ||
      e instanceof HexError ||
      e instanceof RlpError
    ) {
      const error = new InputError(`${source}: ${e.message}`);
      error.cause = e;
      throw error;
    }
    throw e;
  }
}

/** The message to print for an input problem, or undefined when `e` is not one (a bug: let it surface). */
export function inputErrorMessage(e: unknown): string | undefined {
  if (
    e instanceof InputError ||
    e instanceof OutputError ||
    e instanceof FieldError ||
    e instanceof HexError ||
    e instanceof RlpError ||
    e instanceof InvalidBlockError ||
    e instanceof InvalidTransactionError
  ) {
    // Messages are meant to be one line; a multi-line one (e.g. from a nested cause) is folded.
    return e.message.replace(/\s*\n\s*/g, " ");
  }
  return undefined;
}
