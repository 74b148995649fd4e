// Byte encodings of what the node stores: state diffs (for per-block reverse diffs), stored receipts and
// block bodies. Everything is RLP so that the files are independent of any JS serialiser and bigints survive.
import type { BlockHeader, Receipt, Withdrawal } from "../block/types.js";
import { decodeWithdrawal, encodeWithdrawal } from "../block/withdrawals.js";
import type { Log } from "../evm/log.js";
import { bigIntToBytes, bytesToBigInt } from "../primitives/hex.js";
import { type RlpDecoded, type RlpInput, rlpDecode, rlpEncode } from "../primitives/rlp.js";
import type { StateDiff } from "../state/types.js";

export function addressBytes(address: bigint): Uint8Array {
  return bigIntToBytes(address, 20);
}

function bytes(item: RlpDecoded | undefined, what: string): Uint8Array {
  if (item === undefined || Array.isArray(item)) throw new Error(`stored ${what} is malformed`);
  return item;
}

function list(item: RlpDecoded | undefined, what: string): RlpDecoded[] {
  if (!Array.isArray(item)) throw new Error(`stored ${what} is malformed`);
  return item;
}

const int = (item: RlpDecoded | undefined, what: string) => bytesToBigInt(bytes(item, what));

export function encodeDiff(diff: StateDiff): Uint8Array {
  const items: RlpInput[] = [];
  for (const [address, d] of diff) {
    const storage: RlpInput[] = [];
    for (const [slot, value] of d.storage) storage.push([slot, value]);
    items.push([
      addressBytes(address),
      d.account === undefined ? 0 : 1,
      d.account?.nonce ?? 0n,
      d.account?.balance ?? 0n,
      d.account?.codeHash ?? new Uint8Array(0),
      d.code === undefined ? 0 : 1,
      d.code ?? new Uint8Array(0),
      d.storageCleared ? 1 : 0,
      storage,
    ]);
  }
  return rlpEncode(items);
}

export function decodeDiff(data: Uint8Array): StateDiff {
  const diff: StateDiff = new Map();
  for (const item of list(rlpDecode(data), "diff")) {
    const f = list(item, "diff entry");
    const storage = new Map<bigint, bigint>();
    for (const s of list(f[8], "diff storage")) {
      const pair = list(s, "diff slot");
      storage.set(int(pair[0], "slot"), int(pair[1], "value"));
    }
    const exists = int(f[1], "flag") === 1n;
    const entry: StateDiff extends Map<bigint, infer V> ? V : never = {
      account: exists
        ? { nonce: int(f[2], "nonce"), balance: int(f[3], "balance"), codeHash: bytes(f[4], "codeHash") }
        : undefined,
      storageCleared: int(f[7], "flag") === 1n,
      storage,
    };
    if (int(f[5], "flag") === 1n) entry.code = bytes(f[6], "code");
    diff.set(bytesToBigInt(bytes(f[0], "address")), entry);
  }
  return diff;
}

/** A receipt as the node stores it: the consensus fields plus what RPC needs (gas used, price, address). */
export interface StoredReceipt extends Receipt {
  effectiveGasPrice: bigint;
  blobGasUsed: bigint;
  blobGasPrice: bigint;
}

function logItem(log: Log): RlpInput {
  return [addressBytes(log.address), log.topics, log.data];
}

export function encodeReceipts(receipts: readonly StoredReceipt[]): Uint8Array {
  return rlpEncode(
    receipts.map((r) => [
      r.type,
      r.status,
      r.cumulativeGasUsed,
      r.gasUsed,
      r.contractAddress === undefined ? new Uint8Array(0) : addressBytes(r.contractAddress),
      r.logs.map(logItem),
      r.logsBloom,
      r.effectiveGasPrice,
      r.blobGasUsed,
      r.blobGasPrice,
      // Pre-Byzantium receipts: the post-state root (absent, not empty, for later ones).
      ...(r.root === undefined ? [] : [r.root]),
    ]),
  );
}

export function decodeReceipts(data: Uint8Array): StoredReceipt[] {
  return list(rlpDecode(data), "receipts").map(decodeReceipt);
}

function decodeReceipt(item: RlpDecoded): StoredReceipt {
  const f = list(item, "receipt");
  const contract = bytes(f[4], "contract");
  const logs: Log[] = list(f[5], "logs").map((l) => {
    const lf = list(l, "log");
    return {
      address: bytesToBigInt(bytes(lf[0], "log address")),
      topics: list(lf[1], "topics").map((t) => bytesToBigInt(bytes(t, "topic"))),
      data: bytes(lf[2], "log data"),
    };
  });
  const r: StoredReceipt = {
    type: Number(int(f[0], "type")),
    status: int(f[1], "status") === 1n ? 1 : 0,
    cumulativeGasUsed: int(f[2], "gas"),
    gasUsed: int(f[3], "gas"),
    logs,
    logsBloom: bytes(f[6], "bloom"),
    effectiveGasPrice: int(f[7], "price"),
    blobGasUsed: int(f[8], "blob gas"),
    blobGasPrice: int(f[9], "blob price"),
  };
  if (contract.length > 0) r.contractAddress = bytesToBigInt(contract);
  if (f.length > 10) r.root = bytes(f[10], "receipt root");
  return r;
}

// ----- One entry of a block's records without decoding the others (eth_getTransactionReceipt) -----
// A lookup in a block of n transactions reads only the RLP length prefixes of the other n - 1 entries: in an
// 840-transaction block that is a few microseconds, against decoding every receipt and transaction.

/** A copy of data[start, end) (Buffer's own `slice` would be a view). */
const copyOut = (data: Uint8Array, start: number, end: number): Uint8Array =>
  new Uint8Array(data.subarray(start, end));

/** Where the RLP item at `p` lies: its payload [start, end) and whether it is a list (nothing decoded). */
function itemAt(data: Uint8Array, p: number, what: string): { list: boolean; start: number; end: number } {
  const b = data[p];
  if (b === undefined) throw new Error(`stored ${what} is malformed`);
  let list = false;
  let start: number;
  let length: number;
  if (b < 0x80) return { list, start: p, end: p + 1 };
  if (b <= 0xb7) {
    start = p + 1;
    length = b - 0x80;
  } else if (b <= 0xbf || (b > 0xf7 && b <= 0xff)) {
    list = b > 0xf7;
    const n = b - (list ? 0xf7 : 0xb7);
    length = 0;
    for (let i = 1; i <= n; i++) length = length * 256 + (data[p + i] ?? 0);
    start = p + 1 + n;
  } else {
    list = true;
    start = p + 1;
    length = b - 0xc0;
  }
  if (start + length > data.length) throw new Error(`stored ${what} is malformed`);
  return { list, start, end: start + length };
}

/** Position of item `n` of the list whose payload is [start, end), or undefined past its end. */
function nthItem(data: Uint8Array, start: number, end: number, n: number, what: string): number | undefined {
  let p = start;
  for (let i = 0; i < n && p < end; i++) p = itemAt(data, p, what).end;
  return p < end ? p : undefined;
}

/** One transaction of a stored block record, with the block's header and hash. */
export interface StoredBlockEntry {
  header: BlockHeader;
  hash: Uint8Array;
  rawTransaction: Uint8Array;
  txHash: Uint8Array;
  sender: bigint;
  /** The recipient, known without decoding `rawTransaction` (a recent block's; no `to`: a creation). */
  recipient?: { to: bigint | undefined };
}

/**
 * Transaction `index` of a block record (encodeBlockRecord), undefined if the block has fewer. What it
 * returns is copied out of `data` (which may be a buffer the store reuses).
 */
export function decodeBlockEntry(
  data: Uint8Array,
  index: number,
  decodeHeader: (rlp: Uint8Array) => BlockHeader,
  hash: (rlp: Uint8Array) => Uint8Array,
): StoredBlockEntry | undefined {
  const what = "block";
  const top = itemAt(data, 0, what);
  const header = itemAt(data, top.start, what);
  const fields = [header];
  for (let i = 0; i < 3; i++) fields.push(itemAt(data, fields[i]!.end, what));
  const [, txs, hashes, senders] = fields as [unknown, typeof header, typeof header, typeof header];
  if (!txs.list || !hashes.list || !senders.list) throw new Error(`stored ${what} is malformed`);
  const at = (f: typeof header) => {
    const p = nthItem(data, f.start, f.end, index, what);
    if (p === undefined) return undefined;
    const item = itemAt(data, p, what);
    if (item.list) throw new Error(`stored ${what} is malformed`);
    return copyOut(data, item.start, item.end);
  };
  const raw = at(txs);
  const txHash = at(hashes);
  const sender = at(senders);
  if (raw === undefined || txHash === undefined || sender === undefined) return undefined;
  const headerRlp = copyOut(data, header.start, header.end);
  return {
    header: decodeHeader(headerRlp),
    hash: hash(headerRlp),
    rawTransaction: raw,
    txHash,
    sender: bytesToBigInt(sender),
  };
}

/**
 * Receipt `index` of a block's receipts record (encodeReceipts) and the block-wide index of its first log
 * (the number of logs before it), undefined if the block has fewer. Copied out of `data`, as above.
 */
export function decodeReceiptEntry(
  data: Uint8Array,
  index: number,
): { receipt: StoredReceipt; firstLogIndex: number } | undefined {
  const what = "receipts";
  const top = itemAt(data, 0, what);
  let p = top.start;
  let firstLogIndex = 0;
  for (let i = 0; i < index && p < top.end; i++) {
    const r = itemAt(data, p, what);
    const logsAt = nthItem(data, r.start, r.end, 5, what);
    if (logsAt === undefined) throw new Error(`stored ${what} is malformed`);
    const logs = itemAt(data, logsAt, what);
    for (let q = logs.start; q < logs.end; q = itemAt(data, q, what).end) firstLogIndex++;
    p = r.end;
  }
  if (p >= top.end) return undefined;
  const end = itemAt(data, p, what).end;
  return { receipt: decodeReceipt(rlpDecode(copyOut(data, p, end))), firstLogIndex };
}

/** A stored block: the header RLP, the raw transactions and their senders (impersonated ones have no valid signature). */
export interface StoredBlock {
  header: BlockHeader;
  hash: Uint8Array;
  rawTransactions: Uint8Array[];
  txHashes: Uint8Array[];
  senders: bigint[];
  /** Encoded size of the block (header + transactions), for the RPC `size` field. */
  size: number;
  /** Ommer headers as RLP (imported pre-merge blocks); absent or empty for Lanes-built blocks. */
  ommers?: Uint8Array[];
  /** The block's withdrawals (from Shanghai; meaningful only when the header has a withdrawals root). */
  withdrawals?: Withdrawal[];
}

export function encodeBlockRecord(
  headerRlp: Uint8Array,
  rawTransactions: readonly Uint8Array[],
  txHashes: readonly Uint8Array[],
  senders: readonly bigint[],
  ommers: readonly Uint8Array[] = [],
  withdrawals: readonly Withdrawal[] = [],
): Uint8Array {
  const items: RlpInput[] = [headerRlp, [...rawTransactions], [...txHashes], senders.map(addressBytes)];
  // Ommers and withdrawals were added later: records without them (the common case) stay as they were.
  if (ommers.length > 0 || withdrawals.length > 0) {
    items.push(
      [...ommers],
      withdrawals.map((w) => rlpDecode(encodeWithdrawal(w)) as RlpInput),
    );
  }
  return rlpEncode(items);
}

export function decodeBlockRecord(
  data: Uint8Array,
  decodeHeader: (rlp: Uint8Array) => BlockHeader,
  hash: (rlp: Uint8Array) => Uint8Array,
): StoredBlock {
  const f = list(rlpDecode(data), "block");
  const headerRlp = bytes(f[0], "header");
  const rawTransactions = list(f[1], "transactions").map((t) => bytes(t, "transaction"));
  const block: StoredBlock = {
    header: decodeHeader(headerRlp),
    hash: hash(headerRlp),
    rawTransactions,
    txHashes: list(f[2], "hashes").map((t) => bytes(t, "hash")),
    senders: list(f[3], "senders").map((s) => bytesToBigInt(bytes(s, "sender"))),
    size: data.length,
  };
  if (f.length > 4) {
    block.ommers = list(f[4], "ommers").map((o) => bytes(o, "ommer"));
    block.withdrawals = list(f[5], "withdrawals").map((w) => decodeWithdrawal(w));
  }
  return block;
}
