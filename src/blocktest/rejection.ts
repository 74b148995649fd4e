// Why a block was rejected, normalised from whatever the layer that refused it threw, and how that reason
// compares with the fixture's `expectException` ("TransactionException.X|BlockException.Y").
import { type ExceptionKind, InvalidBlockError } from "../block/errors.js";
import { InvalidTransactionError } from "../primitives/errors.js";

export interface Rejection {
  /** The exception name without its family prefix, e.g. "INTRINSIC_GAS_TOO_LOW"; "" when unknown. */
  code: string;
  family: ExceptionKind | undefined;
  message: string;
  /**
   * The error was not one of the typed rejections (a TypeError, say): the block was refused because Lanes
   * crashed on it, which a fixture expecting an exception cannot tell apart from a real rejection.
   */
  unexpected: boolean;
}

/**
 * Raw decoder errors, should one escape the block layer's and the codec's own mapping to named exceptions:
 * the block is undecodable, which is a rejection, not a crash.
 */
const DECODE_ERRORS = new Set(["RlpError", "HexError"]);

function stripFamily(code: string): { code: string; family: ExceptionKind | undefined } {
  const dot = code.indexOf(".");
  const family = code.slice(0, dot);
  if (family === "BlockException" || family === "TransactionException") {
    return { code: code.slice(dot + 1), family };
  }
  return { code, family: undefined };
}

/**
 * Normalises a thrown value. `fallbackCode` names the stage for decoder errors that carry no code (an
 * RlpError while decoding the block becomes "RLP_STRUCTURES_ENCODING").
 */
export function toRejection(e: unknown, fallbackCode: string): Rejection {
  if (e instanceof InvalidBlockError) {
    return { code: e.code, family: e.kind, message: e.message, unexpected: false };
  }
  if (e instanceof InvalidTransactionError) {
    // A decoder's error for one transaction (bad signature, bad field) rejects the block that carries it.
    return { code: e.code, family: "TransactionException", message: e.message, unexpected: false };
  }
  if (e instanceof Error && DECODE_ERRORS.has(e.name)) {
    return {
      code: fallbackCode,
      family: "BlockException",
      message: `${e.name}: ${e.message}`,
      unexpected: false,
    };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: "", family: undefined, message, unexpected: true };
}

export type ExceptionMatch = "exact" | "family" | "mismatch";

/**
 * How a rejection compares with `expectException`: "exact" when its name is one of the alternatives,
 * "family" when only the family (block vs transaction) agrees, else "mismatch". Names are compared without
 * their family prefix: a transaction error may reach the importer unwrapped, without one.
 */
export function matchException(expected: string, rejection: Rejection): ExceptionMatch {
  const alternatives = expected.split("|").map((alt) => stripFamily(alt.trim()));
  if (rejection.code !== "" && alternatives.some((alt) => alt.code === rejection.code)) return "exact";
  if (rejection.family !== undefined && alternatives.some((alt) => alt.family === rejection.family)) {
    return "family";
  }
  return "mismatch";
}

export function describeRejection(r: Rejection): string {
  if (r.unexpected) return `crashed (${r.message})`;
  return r.message.includes(r.code) ? r.message : `${r.code}: ${r.message}`;
}
