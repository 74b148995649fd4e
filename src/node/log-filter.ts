// eth_getLogs / `logs` subscription filters: parsing, matching one log, and the range query over the store
// (the per-address index narrows the blocks when addresses are given; otherwise header blooms do).
import { addLogToBloom } from "../block/bloom.js";
import { bytesToBigInt } from "../primitives/hex.js";
import type { StoredBlock, StoredReceipt } from "./codec.js";
import { formatLog } from "./format.js";
import * as p from "./params.js";
import { invalidParams, serverError } from "./rpc-errors.js";

export interface LogFilter {
  fromBlock?: p.BlockTag;
  toBlock?: p.BlockTag;
  blockHash?: Uint8Array;
  addresses: bigint[];
  /** Per position: undefined/empty matches anything, otherwise any of the listed topics. */
  topics: (bigint[] | undefined)[];
}

export function parseFilter(value: unknown): LogFilter {
  const o = value === undefined ? {} : p.object(value, "filter");
  const filter: LogFilter = { addresses: [], topics: [] };
  if (o.blockHash !== undefined && o.blockHash !== null) {
    if (o.fromBlock !== undefined || o.toBlock !== undefined) {
      throw invalidParams("invalid filter: blockHash cannot be combined with fromBlock/toBlock");
    }
    filter.blockHash = p.hash(o.blockHash, "filter.blockHash");
  }
  if (o.fromBlock !== undefined && o.fromBlock !== null)
    filter.fromBlock = p.blockTag(o.fromBlock, "fromBlock");
  if (o.toBlock !== undefined && o.toBlock !== null) filter.toBlock = p.blockTag(o.toBlock, "toBlock");
  if (o.address !== undefined && o.address !== null) {
    const list = Array.isArray(o.address) ? o.address : [o.address];
    filter.addresses = list.map((a, i) => p.address(a, `filter.address[${i}]`));
  }
  if (o.topics !== undefined && o.topics !== null) {
    if (!Array.isArray(o.topics) || o.topics.length > 4) throw invalidParams("invalid filter.topics");
    filter.topics = o.topics.map((t, i) => {
      if (t === null || t === undefined) return undefined;
      const list = Array.isArray(t) ? t : [t];
      return list.map((x, j) => bytesToBigInt(p.hash(x, `filter.topics[${i}][${j}]`)));
    });
  }
  return filter;
}

export function logMatches(f: LogFilter, address: bigint, topics: readonly bigint[]): boolean {
  if (f.addresses.length > 0 && !f.addresses.includes(address)) return false;
  for (let i = 0; i < f.topics.length; i++) {
    const want = f.topics[i];
    if (want === undefined || want.length === 0) continue;
    const t = topics[i];
    if (t === undefined || !want.includes(t)) return false;
  }
  return true;
}

function bloomContains(bloom: Uint8Array, probe: Uint8Array): boolean {
  for (let i = 0; i < bloom.length; i++) if ((bloom[i]! & probe[i]!) !== probe[i]) return false;
  return true;
}

/** Whether a header bloom can contain a log matching `f` (false means skip the block). */
function bloomMayMatch(f: LogFilter, bloom: Uint8Array): boolean {
  if (f.addresses.length > 0) {
    const ok = f.addresses.some((a) => {
      const probe = new Uint8Array(256);
      addLogToBloom(probe, { address: a, topics: [], data: new Uint8Array(0) });
      return bloomContains(bloom, probe);
    });
    if (!ok) return false;
  }
  return true;
}

export function blockLogs(f: LogFilter, block: StoredBlock, receipts: readonly StoredReceipt[]): unknown[] {
  const out: unknown[] = [];
  let logIndex = 0;
  receipts.forEach((r, txIndex) => {
    for (const log of r.logs) {
      if (logMatches(f, log.address, log.topics)) {
        out.push(
          formatLog(log, {
            blockHash: block.hash,
            blockNumber: block.header.number,
            blockTimestamp: block.header.timestamp,
            txHash: block.txHashes[txIndex]!,
            txIndex,
            logIndex,
          }),
        );
      }
      logIndex++;
    }
  });
  return out;
}

export interface LogSource {
  headNumber: bigint;
  block(n: bigint): StoredBlock | undefined;
  blockNumberByHash(hash: Uint8Array): bigint | undefined;
  receiptsOf(n: bigint): StoredReceipt[];
  blocksWithLogsFrom(address: bigint, from: bigint, to: bigint): bigint[];
}

function tagNumber(tag: p.BlockTag | undefined, src: LogSource): bigint {
  if (tag === undefined) return src.headNumber;
  switch (tag.kind) {
    case "latest":
    case "pending":
      return src.headNumber;
    case "earliest":
      return 0n;
    case "number":
      return tag.number;
    case "hash": {
      const n = src.blockNumberByHash(tag.hash);
      if (n === undefined) throw serverError("header not found");
      return n;
    }
  }
}

/**
 * The logs `f` selects. With `strict` (eth_getLogs, as geth): a block number past the head or a reversed
 * range is an invalid-params error; without it (polling filters, which may name blocks still to come) the
 * range is clamped to the head.
 */
export function queryLogs(f: LogFilter, src: LogSource, maxRange: bigint, strict = false): unknown[] {
  if (f.blockHash !== undefined) {
    const n = src.blockNumberByHash(f.blockHash);
    const block = n === undefined ? undefined : src.block(n);
    if (block === undefined) throw serverError("unknown block");
    return blockLogs(f, block, src.receiptsOf(block.header.number));
  }
  const from = tagNumber(f.fromBlock, src);
  let to = tagNumber(f.toBlock, src);
  if (strict) {
    if (from > to) throw invalidParams("invalid block range params");
    if (to > src.headNumber) throw invalidParams("block range extends beyond current head block");
  }
  if (to > src.headNumber) to = src.headNumber;
  if (from > to) {
    if (f.toBlock !== undefined && tagNumber(f.toBlock, src) < from)
      throw serverError("invalid block range params");
    return [];
  }
  if (to - from + 1n > maxRange) throw serverError(`query exceeds max block range ${maxRange}`);
  let numbers: bigint[];
  if (f.addresses.length > 0) {
    const set = new Set<bigint>();
    for (const a of f.addresses) for (const n of src.blocksWithLogsFrom(a, from, to)) set.add(n);
    numbers = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } else {
    numbers = [];
    for (let n = from; n <= to; n++) numbers.push(n);
  }
  const out: unknown[] = [];
  for (const n of numbers) {
    const block = src.block(n);
    if (block === undefined || !bloomMayMatch(f, block.header.logsBloom)) continue;
    if (block.txHashes.length === 0) continue;
    out.push(...blockLogs(f, block, src.receiptsOf(n)));
  }
  return out;
}
