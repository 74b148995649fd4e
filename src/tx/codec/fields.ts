// Strict readers from decoded RLP items to typed transaction fields. Each problem maps to the
// execution-spec-tests exception name for that field, so rejections can be compared with fixtures.
import { InvalidTransactionError } from "../../primitives/errors.js";
import { bytesToBigInt } from "../../primitives/hex.js";
import type { RlpDecoded } from "../../primitives/rlp.js";

export function fail(code: string, message?: string): never {
  throw new InvalidTransactionError(code, message);
}

/** An integer field: its size limit and the code for each way it can be malformed. */
export interface IntField {
  name: string;
  /** Largest encoding in bytes: 8 for u64, 32 for u256, 1 for u8. */
  maxBytes: number;
  /** A list where a byte string belongs. */
  notBytes: string;
  /** A non-canonical integer (leading zero bytes, including a lone 0x00). */
  leadingZero: string;
  /** Wider than `maxBytes`. */
  tooLarge: string;
}

const GENERIC = "RLP_INVALID_VALUE";

function intField(name: string, maxBytes: number, codes: Partial<IntField> = {}): IntField {
  return { name, maxBytes, notBytes: GENERIC, leadingZero: GENERIC, tooLarge: GENERIC, ...codes };
}

export const F = {
  chainId: intField("chainId", 32),
  nonce: intField("nonce", 8, {
    notBytes: "RLP_INVALID_NONCE",
    leadingZero: "RLP_LEADING_ZEROS_NONCE",
    tooLarge: "NONCE_OVERFLOW",
  }),
  gasPrice: intField("gasPrice", 32, {
    leadingZero: "RLP_LEADING_ZEROS_GASPRICE",
    tooLarge: "GASPRICE_OVERFLOW",
  }),
  maxPriorityFeePerGas: intField("maxPriorityFeePerGas", 32, {
    leadingZero: "RLP_LEADING_ZEROS_PRIORITY_FEE",
    tooLarge: "PRIORITY_OVERFLOW",
  }),
  maxFeePerGas: intField("maxFeePerGas", 32, {
    leadingZero: "RLP_LEADING_ZEROS_BASEFEE",
    tooLarge: "GASPRICE_OVERFLOW",
  }),
  gasLimit: intField("gasLimit", 8, {
    notBytes: "RLP_INVALID_GASLIMIT",
    leadingZero: "RLP_LEADING_ZEROS_GASLIMIT",
    tooLarge: "GASLIMIT_OVERFLOW",
  }),
  value: intField("value", 32, { leadingZero: "RLP_LEADING_ZEROS_VALUE", tooLarge: "VALUE_OVERFLOW" }),
  maxFeePerBlobGas: intField("maxFeePerBlobGas", 32),
  v: intField("v", 32, { leadingZero: "RLP_LEADING_ZEROS_V", tooLarge: "INVALID_SIGNATURE_VRS" }),
  r: intField("r", 32, {
    notBytes: "RLP_INVALID_SIGNATURE_R",
    leadingZero: "RLP_LEADING_ZEROS_R",
    tooLarge: "INVALID_SIGNATURE_VRS",
  }),
  s: intField("s", 32, {
    notBytes: "RLP_INVALID_SIGNATURE_S",
    leadingZero: "RLP_LEADING_ZEROS_S",
    tooLarge: "INVALID_SIGNATURE_VRS",
  }),
} satisfies Record<string, IntField>;

const AUTH = "TYPE_4_INVALID_AUTHORIZATION_FORMAT";
/** EIP-7702 tuple fields: chain_id U256, nonce U64, y_parity U8, r and s U256 (as in execution-specs). */
export const AUTH_F = {
  chainId: intField("authorization chainId", 32, { notBytes: AUTH, leadingZero: AUTH, tooLarge: AUTH }),
  nonce: intField("authorization nonce", 8, { notBytes: AUTH, leadingZero: AUTH, tooLarge: AUTH }),
  yParity: intField("authorization yParity", 1, { notBytes: AUTH, leadingZero: AUTH, tooLarge: AUTH }),
  r: intField("authorization r", 32, { notBytes: AUTH, leadingZero: AUTH, tooLarge: AUTH }),
  s: intField("authorization s", 32, { notBytes: AUTH, leadingZero: AUTH, tooLarge: AUTH }),
} satisfies Record<string, IntField>;

export function readBytes(item: RlpDecoded, name: string, code: string = GENERIC): Uint8Array {
  if (Array.isArray(item)) fail(code, `${name} must be a byte string, not a list`);
  return item;
}

export function readList(item: RlpDecoded, name: string, code: string = GENERIC): RlpDecoded[] {
  if (!Array.isArray(item)) fail(code, `${name} must be a list`);
  return item;
}

export function readInt(item: RlpDecoded, f: IntField): bigint {
  const bytes = readBytes(item, f.name, f.notBytes);
  // u64 fields report width before canonical form and wider fields the other way round, as geth (which
  // filled the fixtures) does: a 9-byte nonce "0x00..01" is NONCE_OVERFLOW, a 33-byte "0x00ff.." fee is
  // RLP_LEADING_ZEROS_BASEFEE. Either way the input is rejected; only the reported code differs.
  if (f.maxBytes <= 8 && bytes.length > f.maxBytes)
    fail(f.tooLarge, `${f.name} exceeds ${f.maxBytes * 8} bits`);
  if (bytes.length > 0 && bytes[0] === 0) fail(f.leadingZero, `${f.name} has leading zero bytes`);
  if (bytes.length > f.maxBytes) fail(f.tooLarge, `${f.name} exceeds ${f.maxBytes * 8} bits`);
  return bytesToBigInt(bytes);
}

export interface FixedCodes {
  notBytes: string;
  tooShort: string;
  tooLong: string;
}

/** A fixed-width byte string (address, storage key, versioned hash): no canonical-integer rule, exact size. */
export function readFixed(item: RlpDecoded, name: string, size: number, codes: FixedCodes): Uint8Array {
  const bytes = readBytes(item, name, codes.notBytes);
  if (bytes.length < size) fail(codes.tooShort, `${name} is ${bytes.length} bytes, expected ${size}`);
  if (bytes.length > size) fail(codes.tooLong, `${name} is ${bytes.length} bytes, expected ${size}`);
  return bytes;
}

/**
 * Walks a field list in order. Like geth's decoder, a malformed field is reported before a wrong count
 * further on: missing fields fail where they would be read, surplus ones only at the end.
 */
export class FieldReader {
  private index = 0;
  constructor(
    private readonly items: RlpDecoded[],
    private readonly what: string,
    private readonly countCodes = { few: "RLP_TOO_FEW_ELEMENTS", many: "RLP_TOO_MANY_ELEMENTS" },
  ) {}

  next(): RlpDecoded {
    if (this.index >= this.items.length) {
      fail(this.countCodes.few, `${this.what} has ${this.items.length} fields, too few`);
    }
    return this.items[this.index++]!;
  }

  int(f: IntField): bigint {
    return readInt(this.next(), f);
  }

  end(): void {
    if (this.index < this.items.length) {
      fail(this.countCodes.many, `${this.what} has ${this.items.length} fields, expected ${this.index}`);
    }
  }
}
