// Strict decoding of a transaction envelope (EIP-2718) of type 0-4 into its unsigned body and signature.
// Every malformed input ends in InvalidTransactionError with an execution-spec-tests code; nothing else
// escapes. Signatures are not checked here (see sender.ts).
import { InvalidTransactionError } from "../../primitives/errors.js";
import { bytesToBigInt } from "../../primitives/hex.js";
import { type RlpDecoded, RlpError, rlpDecode } from "../../primitives/rlp.js";
import type { TxType } from "../types.js";
import { F, FieldReader, fail, readBytes, readFixed } from "./fields.js";
import { parseLegacyV } from "./legacy-v.js";
import { decodeAccessList, decodeAuthorizations, decodeBlobHashes } from "./lists.js";
import type { DecodedTransaction, TxSignature, UnsignedTransaction } from "./types.js";

/** Maps the RLP layer's errors onto the execution-spec-tests RLP codes (the message is kept). */
function rlpErrorCode(e: RlpError): string {
  if (/leading zero/.test(e.message)) return "RLP_ERROR_SIZE_LEADING_ZEROS";
  if (/unexpected end|length prefix runs past/.test(e.message)) return "RLP_ERROR_EOF";
  return "RLP_ERROR_SIZE";
}

function decodeList(bytes: Uint8Array, what: string): RlpDecoded[] {
  let item: RlpDecoded;
  try {
    item = rlpDecode(bytes);
  } catch (e) {
    if (e instanceof RlpError) {
      const error = new InvalidTransactionError(rlpErrorCode(e), `${what}: ${e.message}`);
      error.cause = e;
      throw error;
    }
    // The decoder recurses per nesting level; absurdly deep input overflows the stack instead of parsing.
    if (e instanceof RangeError)
      throw new InvalidTransactionError("RLP_ERROR_SIZE", `${what}: nesting too deep`);
    throw e;
  }
  if (!Array.isArray(item)) fail("RLP_INVALID_HEADER", `${what} must be an RLP list`);
  return item;
}

/** `to`: empty means contract creation, which types 3 and 4 forbid (`creationCode` is then set). */
function readTo(item: RlpDecoded, creationCode?: string): bigint | undefined {
  const bytes = readBytes(item, "to", "RLP_INVALID_TO");
  if (bytes.length === 0) {
    if (creationCode !== undefined) fail(creationCode, "this transaction type cannot create a contract");
    return undefined;
  }
  const address = readFixed(bytes, "to", 20, {
    notBytes: "RLP_INVALID_TO",
    tooShort: "ADDRESS_TOO_SHORT",
    tooLong: "ADDRESS_TOO_LONG",
  });
  return bytesToBigInt(address);
}

/** Data is copied so the decoded transaction does not alias (or keep alive) the caller's buffer. */
function readData(r: FieldReader): Uint8Array {
  return readBytes(r.next(), "data", "RLP_INVALID_DATA").slice();
}

function readSignature(r: FieldReader): TxSignature {
  const v = r.int(F.v);
  const sigR = r.int(F.r);
  const s = r.int(F.s);
  r.end();
  return { v, r: sigR, s };
}

const EMPTY = {
  accessList: [],
  maxFeePerBlobGas: 0n,
  blobVersionedHashes: [],
  authorizationList: [],
} satisfies Partial<UnsignedTransaction>;

function decodeLegacy(items: RlpDecoded[]): DecodedTransaction {
  const r = new FieldReader(items, "legacy transaction");
  const nonce = r.int(F.nonce);
  const gasPrice = r.int(F.gasPrice);
  const gasLimit = r.int(F.gasLimit);
  const to = readTo(r.next());
  const value = r.int(F.value);
  const data = readData(r);
  const signature = readSignature(r);
  const { chainId } = parseLegacyV(signature.v);
  const tx: UnsignedTransaction = {
    ...EMPTY,
    type: 0,
    chainId,
    nonce,
    gasLimit,
    to,
    value,
    data,
    gasPrice,
    maxFeePerGas: gasPrice,
    maxPriorityFeePerGas: gasPrice,
  };
  return { tx, signature };
}

function decodeAccessListTx(items: RlpDecoded[]): DecodedTransaction {
  const r = new FieldReader(items, "type 1 transaction");
  const chainId = r.int(F.chainId);
  const nonce = r.int(F.nonce);
  const gasPrice = r.int(F.gasPrice);
  const gasLimit = r.int(F.gasLimit);
  const to = readTo(r.next());
  const value = r.int(F.value);
  const data = readData(r);
  const accessList = decodeAccessList(r.next());
  const tx: UnsignedTransaction = {
    ...EMPTY,
    type: 1,
    chainId,
    nonce,
    gasLimit,
    to,
    value,
    data,
    gasPrice,
    maxFeePerGas: gasPrice,
    maxPriorityFeePerGas: gasPrice,
    accessList,
  };
  return { tx, signature: readSignature(r) };
}

/** Types 2, 3 and 4 share their first nine fields; the rest differ only in what follows the access list. */
function decodeFeeMarketTx(type: 2 | 3 | 4, items: RlpDecoded[]): DecodedTransaction {
  if (type === 3 && items.length === 4 && Array.isArray(items[0])) {
    fail("TYPE_3_TX_WITH_FULL_BLOBS", "network form [tx, blobs, commitments, proofs] is not accepted");
  }
  const r = new FieldReader(items, `type ${type} transaction`);
  const chainId = r.int(F.chainId);
  const nonce = r.int(F.nonce);
  const maxPriorityFeePerGas = r.int(F.maxPriorityFeePerGas);
  const maxFeePerGas = r.int(F.maxFeePerGas);
  const gasLimit = r.int(F.gasLimit);
  const creationCode = type === 2 ? undefined : `TYPE_${type}_TX_CONTRACT_CREATION`;
  const to = readTo(r.next(), creationCode);
  const value = r.int(F.value);
  const data = readData(r);
  const accessList = decodeAccessList(r.next());
  const tx: UnsignedTransaction = {
    ...EMPTY,
    type,
    chainId,
    nonce,
    gasLimit,
    to,
    value,
    data,
    gasPrice: 0n,
    maxFeePerGas,
    maxPriorityFeePerGas,
    accessList,
  };
  if (type === 3) {
    tx.maxFeePerBlobGas = r.int(F.maxFeePerBlobGas);
    tx.blobVersionedHashes = decodeBlobHashes(r.next());
  } else if (type === 4) {
    tx.authorizationList = decodeAuthorizations(r.next());
  }
  return { tx, signature: readSignature(r) };
}

/**
 * Decodes one transaction as it appears in a block body or `eth_sendRawTransaction`: `rlp([...])` for
 * legacy, `type || rlp([...])` otherwise. The result is unsigned; recover the sender with `recoverSender`
 * or use `decodeSignedTransaction` for both steps.
 */
export function decodeTransaction(raw: Uint8Array): DecodedTransaction {
  if (raw.length === 0) fail("RLP_ERROR_EOF", "empty transaction");
  const first = raw[0]!;
  if (first >= 0xc0) return decodeLegacy(decodeList(raw, "legacy transaction"));
  // 0x80-0xbf would be an RLP string, which is neither a legacy list nor a type byte (EIP-2718: 0x00-0x7f).
  if (first < 1 || first > 4) fail("TYPE_NOT_SUPPORTED", `transaction type 0x${first.toString(16)}`);
  const type = first as Exclude<TxType, 0>;
  const items = decodeList(raw.subarray(1), `type ${type} transaction`);
  return type === 1 ? decodeAccessListTx(items) : decodeFeeMarketTx(type, items);
}
