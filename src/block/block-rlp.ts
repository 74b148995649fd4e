// The block wire format rlp([header, transactions, ommers, withdrawals]) split into its parts. Transactions
// are handed back as their raw envelopes (typed: `type || payload`; legacy: the RLP list) for the
// transaction codec to decode and for the transactions root; the block layer does not interpret them.
import type { ForkRules } from "../evm/forks.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";
import { headerLength, stringLength, writeHeader, writeString } from "../primitives/rlp-writer.js";
import { BlockException, check } from "./errors.js";
import { decodeHeader, encodeHeader } from "./header.js";
import { decodeRlp, readList, structureError } from "./rlp-fields.js";
import type { BlockHeader, Withdrawal } from "./types.js";
import { decodeWithdrawal, encodeWithdrawal } from "./withdrawals.js";

/** EIP-7934 (Osaka): MAX_BLOCK_SIZE minus a 2 MiB safety margin for the consensus-layer wrapping. */
export const MAX_RLP_BLOCK_SIZE = 10_485_760 - 2_097_152;

export interface DecodedBlockRlp {
  header: BlockHeader;
  /** keccak256 of the header's encoding: the block hash. */
  hash: Uint8Array;
  /** Transactions as the block carries them (what the transactions trie stores). */
  rawTransactions: Uint8Array[];
  ommers: BlockHeader[];
  /** keccak256 of the ommers list's encoding (what the header's ommersHash must be). */
  ommersHash: Uint8Array;
  /** Absent for a block without the fourth list (pre-Shanghai layout). */
  withdrawals: Withdrawal[] | undefined;
  /** Length of the whole encoding in bytes (EIP-7934). */
  size: number;
}

/** Decodes a block's RLP strictly; throws InvalidBlockError (RLP_* names) for malformed input. */
export function decodeBlockRlp(data: Uint8Array): DecodedBlockRlp {
  const parts = readList(decodeRlp(data, "block"), "block");
  if (parts.length < 3 || parts.length > 4)
    structureError(`block has ${parts.length} parts, expected 3 or 4`);
  const header = decodeHeader(parts[0]!);
  // The strict decoder only accepts canonical RLP, so re-encoding the header item gives its original bytes.
  const hash = keccak256(rlpEncode(parts[0]!));
  const rawTransactions = readList(parts[1], "transactions").map((item) =>
    item instanceof Uint8Array ? item.slice() : rlpEncode(item),
  );
  const ommers = readList(parts[2], "ommers").map((item) => decodeHeader(item));
  const ommersHash = keccak256(rlpEncode(parts[2]!));
  let withdrawals: Withdrawal[] | undefined;
  if (parts.length === 4) withdrawals = readList(parts[3], "withdrawals").map(decodeWithdrawal);
  check(
    header.withdrawalsRoot === undefined || withdrawals !== undefined,
    BlockException.RLP_WITHDRAWALS_NOT_READ,
    () => "header has a withdrawals root but the block no withdrawals list",
  );
  return { header, hash, rawTransactions, ommers, ommersHash, withdrawals, size: data.length };
}

/** EIP-7934: from Osaka a block's RLP encoding may not exceed MAX_RLP_BLOCK_SIZE bytes. */
export function checkBlockSize(size: number, rules: ForkRules): void {
  check(
    !rules.eip7934 || size <= MAX_RLP_BLOCK_SIZE,
    BlockException.RLP_BLOCK_LIMIT_EXCEEDED,
    () => `block RLP is ${size} bytes (max ${MAX_RLP_BLOCK_SIZE})`,
  );
}

/**
 * The block wire format of a header, its transactions as the block carries them (typed: `type || payload`,
 * written as a string; legacy: the RLP list itself) and, when given, its withdrawals; no ommers. The inverse
 * of decodeBlockRlp (`debug_getRawBlock`, block files for `lanes verify`).
 */
export function encodeBlockRlp(
  header: BlockHeader,
  rawTransactions: readonly Uint8Array[],
  withdrawals?: readonly Withdrawal[],
): Uint8Array {
  const headerBytes = encodeHeader(header);
  // A legacy transaction's first byte is an RLP list header (>= 0xc0); a typed one's is its type (< 0x80).
  const txLength = (raw: Uint8Array) => (raw[0]! >= 0xc0 ? raw.length : stringLength(raw));
  let txPayload = 0;
  for (const raw of rawTransactions) txPayload += txLength(raw);
  const withdrawalItems = withdrawals?.map(encodeWithdrawal);
  let withdrawalPayload = 0;
  for (const w of withdrawalItems ?? []) withdrawalPayload += w.length;
  let payload = headerBytes.length + headerLength(txPayload) + txPayload + 1;
  if (withdrawalItems !== undefined) payload += headerLength(withdrawalPayload) + withdrawalPayload;
  const out = new Uint8Array(headerLength(payload) + payload);
  let pos = writeHeader(out, 0, payload, 0xc0);
  out.set(headerBytes, pos);
  pos += headerBytes.length;
  pos = writeHeader(out, pos, txPayload, 0xc0);
  for (const raw of rawTransactions) {
    if (raw[0]! >= 0xc0) {
      out.set(raw, pos);
      pos += raw.length;
    } else {
      pos = writeString(out, pos, raw);
    }
  }
  out[pos++] = 0xc0; // no ommers
  if (withdrawalItems !== undefined) {
    pos = writeHeader(out, pos, withdrawalPayload, 0xc0);
    for (const w of withdrawalItems) {
      out.set(w, pos);
      pos += w.length;
    }
  }
  return out;
}
