// Block header RLP: the canonical encoding (fields appended per fork: baseFee London+, withdrawalsRoot
// Shanghai+, blob gas and beacon root Cancun+, requestsHash Prague+), a strict decoder, and the header hash.
import { bigIntToBytes, bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, type RlpInput, rlpEncode } from "../primitives/rlp.js";
import { BlockException, InvalidBlockError } from "./errors.js";
import { decodeRlp, readBytes, readFixed, readList, readU64, readU256 } from "./rlp-fields.js";
import type { BlockHeader } from "./types.js";

/** The 15 fields every header has (pre-London layout). */
const BASE_FIELDS = 15;
/** The fork-dependent trailing fields, in encoding order. */
const OPTIONAL_FIELDS = [
  "baseFeePerGas",
  "withdrawalsRoot",
  "blobGasUsed",
  "excessBlobGas",
  "parentBeaconBlockRoot",
  "requestsHash",
] as const satisfies readonly (keyof BlockHeader)[];
const MAX_FIELDS = BASE_FIELDS + OPTIONAL_FIELDS.length;

/** The RLP list items of a header (what `encodeHeader` serialises). */
export function headerFields(h: BlockHeader): RlpInput[] {
  const fields: RlpInput[] = [
    h.parentHash,
    h.ommersHash,
    bigIntToBytes(h.coinbase, 20),
    h.stateRoot,
    h.transactionsRoot,
    h.receiptsRoot,
    h.logsBloom,
    h.difficulty,
    h.number,
    h.gasLimit,
    h.gasUsed,
    h.timestamp,
    h.extraData,
    h.mixHash,
    h.nonce,
  ];
  // Optional fields are positional: one can only be present when every earlier one is, or the encoding
  // would silently shift a later field into an earlier slot.
  let gap: string | undefined;
  for (const name of OPTIONAL_FIELDS) {
    const value = h[name];
    if (value === undefined) {
      gap ??= name;
      continue;
    }
    if (gap !== undefined) throw new RangeError(`header has ${name} but not the earlier field ${gap}`);
    fields.push(value);
  }
  return fields;
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  return rlpEncode(headerFields(h));
}

/** keccak256 of the RLP header: the block hash. */
export function headerHash(h: BlockHeader): Uint8Array {
  return keccak256(encodeHeader(h));
}

/**
 * Decodes a header from its RLP bytes (or an already decoded item, as inside a block). Strict: exact field
 * sizes, canonical integers, 64-bit limits where geth has them, 15 to 21 fields. Throws InvalidBlockError.
 */
export function decodeHeader(input: Uint8Array | RlpDecoded): BlockHeader {
  const item = input instanceof Uint8Array ? decodeRlp(input, "header") : input;
  const f = readList(item, "header");
  if (f.length < BASE_FIELDS || f.length > MAX_FIELDS) {
    throw new InvalidBlockError(
      BlockException.RLP_STRUCTURES_ENCODING,
      `header has ${f.length} fields, expected ${BASE_FIELDS} to ${MAX_FIELDS}`,
    );
  }
  const header: BlockHeader = {
    parentHash: readFixed(f[0], 32, "parentHash"),
    ommersHash: readFixed(f[1], 32, "ommersHash"),
    coinbase: bytesToBigInt(readFixed(f[2], 20, "coinbase")),
    stateRoot: readFixed(f[3], 32, "stateRoot"),
    transactionsRoot: readFixed(f[4], 32, "transactionsRoot"),
    receiptsRoot: readFixed(f[5], 32, "receiptsRoot"),
    logsBloom: readFixed(f[6], 256, "logsBloom"),
    difficulty: readU256(f[7], "difficulty"),
    number: readU256(f[8], "number"),
    gasLimit: readU64(f[9], "gasLimit"),
    gasUsed: readU64(f[10], "gasUsed"),
    timestamp: readU64(f[11], "timestamp"),
    extraData: readBytes(f[12], "extraData").slice(),
    mixHash: readFixed(f[13], 32, "mixHash"),
    nonce: readFixed(f[14], 8, "nonce"),
  };
  if (f.length > 15) header.baseFeePerGas = readU256(f[15], "baseFeePerGas");
  if (f.length > 16) header.withdrawalsRoot = readFixed(f[16], 32, "withdrawalsRoot");
  if (f.length > 17) header.blobGasUsed = readU64(f[17], "blobGasUsed");
  if (f.length > 18) header.excessBlobGas = readU64(f[18], "excessBlobGas");
  if (f.length > 19) header.parentBeaconBlockRoot = readFixed(f[19], 32, "parentBeaconBlockRoot");
  if (f.length > 20) header.requestsHash = readFixed(f[20], 32, "requestsHash");
  return header;
}
