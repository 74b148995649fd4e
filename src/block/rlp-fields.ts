// Strict readers from decoded RLP items to header and withdrawal fields. Every malformation is an
// InvalidBlockError with the execution-spec-tests RLP name, so a bad block never surfaces as a bare RlpError.
import { bytesToBigInt } from "../primitives/hex.js";
import { type RlpDecoded, RlpError, rlpDecode } from "../primitives/rlp.js";
import { BlockException, type BlockExceptionCode, InvalidBlockError } from "./errors.js";

function fail(code: BlockExceptionCode, message: string): never {
  throw new InvalidBlockError(code, message);
}

/** A well-formed RLP item with the wrong shape for what it should hold (e.g. a field count). */
export function structureError(message: string): never {
  fail(BlockException.RLP_STRUCTURES_ENCODING, message);
}

/** rlpDecode with its errors (and the stack overflow of absurd nesting) mapped to RLP_STRUCTURES_ENCODING. */
export function decodeRlp(data: Uint8Array, what: string): RlpDecoded {
  try {
    return rlpDecode(data);
  } catch (e) {
    if (e instanceof RlpError || e instanceof RangeError) {
      fail(BlockException.RLP_STRUCTURES_ENCODING, `${what}: ${(e as Error).message}`);
    }
    throw e;
  }
}

export function readList(item: RlpDecoded | undefined, what: string): RlpDecoded[] {
  if (!Array.isArray(item)) fail(BlockException.RLP_STRUCTURES_ENCODING, `${what} must be an RLP list`);
  return item;
}

export function readBytes(item: RlpDecoded | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array))
    fail(BlockException.RLP_STRUCTURES_ENCODING, `${what} must be a byte string`);
  return item;
}

/** A fixed-size byte string (hashes, bloom, nonce); copied so the result does not pin the input buffer. */
export function readFixed(
  item: RlpDecoded | undefined,
  length: number,
  what: string,
  code: BlockExceptionCode = BlockException.RLP_STRUCTURES_ENCODING,
): Uint8Array {
  const bytes = readBytes(item, what);
  if (bytes.length !== length) fail(code, `${what} is ${bytes.length} bytes, expected ${length}`);
  return bytes.slice();
}

/** A canonical unsigned integer of at most `maxBytes` bytes (no leading zero bytes; zero is empty). */
export function readUint(item: RlpDecoded | undefined, maxBytes: number, what: string): bigint {
  const bytes = readBytes(item, what);
  if (bytes.length > 0 && bytes[0] === 0) {
    fail(BlockException.RLP_STRUCTURES_ENCODING, `${what} has leading zero bytes`);
  }
  if (bytes.length > maxBytes) {
    const code =
      maxBytes === 8 ? BlockException.RLP_INVALID_FIELD_OVERFLOW_64 : BlockException.RLP_STRUCTURES_ENCODING;
    fail(code, `${what} is wider than ${maxBytes} bytes`);
  }
  return bytesToBigInt(bytes);
}

/** A 64-bit field (geth's uint64 header and withdrawal fields); wider is RLP_INVALID_FIELD_OVERFLOW_64. */
export function readU64(item: RlpDecoded | undefined, what: string): bigint {
  return readUint(item, 8, what);
}

export function readU256(item: RlpDecoded | undefined, what: string): bigint {
  return readUint(item, 32, what);
}

export function readAddress(
  item: RlpDecoded | undefined,
  what: string,
  code: BlockExceptionCode = BlockException.RLP_STRUCTURES_ENCODING,
): bigint {
  return bytesToBigInt(readFixed(item, 20, what, code));
}
