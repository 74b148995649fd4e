// One engine's result for a benchmark block, in a shape both engines can fill, and the comparison that
// lists every difference precisely (which field of which transaction's receipt, which log).
import type { BlockResult } from "../../src/block/types.js";
import { bytesToHex } from "../../src/primitives/hex.js";

export interface OutcomeLog {
  address: bigint;
  topics: bigint[];
  data: Uint8Array;
}

export interface OutcomeReceipt {
  /** undefined when the engine's receipt carries no status (pre-Byzantium; never here). */
  status: 0 | 1 | undefined;
  cumulativeGasUsed: bigint;
  gasUsed: bigint | undefined;
  logs: OutcomeLog[];
}

export interface BlockOutcome {
  gasUsed: bigint;
  stateRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  requestsHash: Uint8Array | undefined;
  receipts: OutcomeReceipt[];
}

export function lanesOutcome(r: BlockResult): BlockOutcome {
  return {
    gasUsed: r.gasUsed,
    stateRoot: r.stateRoot,
    receiptsRoot: r.receiptsRoot,
    logsBloom: r.logsBloom,
    requestsHash: r.requestsHash,
    receipts: r.receipts.map((x) => ({
      status: x.status,
      cumulativeGasUsed: x.cumulativeGasUsed,
      gasUsed: x.gasUsed,
      logs: x.logs,
    })),
  };
}

const hex = (b: Uint8Array | undefined): string => (b === undefined ? "none" : bytesToHex(b));

function logText(l: OutcomeLog): string {
  return `${l.address.toString(16)} [${l.topics.map((t) => t.toString(16)).join(",")}] ${hex(l.data)}`;
}

/** Every difference between `a` and `b`, one line each (empty when they agree); at most `limit` lines. */
export function compareOutcomes(
  a: BlockOutcome,
  b: BlockOutcome,
  names: [string, string],
  limit = 20,
): string[] {
  const [an, bn] = names;
  const out: string[] = [];
  const differ = (what: string, x: unknown, y: unknown) =>
    out.push(`${what}: ${an} ${String(x)} vs ${bn} ${String(y)}`);
  if (a.gasUsed !== b.gasUsed) differ("block gas used", a.gasUsed, b.gasUsed);
  if (hex(a.stateRoot) !== hex(b.stateRoot)) differ("state root", hex(a.stateRoot), hex(b.stateRoot));
  if (hex(a.receiptsRoot) !== hex(b.receiptsRoot))
    differ("receipts root", hex(a.receiptsRoot), hex(b.receiptsRoot));
  if (hex(a.logsBloom) !== hex(b.logsBloom)) differ("logs bloom", "…", "… (differs)");
  if (hex(a.requestsHash) !== hex(b.requestsHash))
    differ("requests hash", hex(a.requestsHash), hex(b.requestsHash));
  if (a.receipts.length !== b.receipts.length) differ("receipt count", a.receipts.length, b.receipts.length);
  const n = Math.min(a.receipts.length, b.receipts.length);
  for (let i = 0; i < n && out.length < limit; i++) {
    const x = a.receipts[i]!;
    const y = b.receipts[i]!;
    if (x.status !== y.status) differ(`tx ${i} status`, x.status, y.status);
    if (x.gasUsed !== y.gasUsed) differ(`tx ${i} gas used`, x.gasUsed, y.gasUsed);
    if (x.cumulativeGasUsed !== y.cumulativeGasUsed)
      differ(`tx ${i} cumulative gas`, x.cumulativeGasUsed, y.cumulativeGasUsed);
    if (x.logs.length !== y.logs.length) differ(`tx ${i} log count`, x.logs.length, y.logs.length);
    else {
      x.logs.forEach((l, j) => {
        if (logText(l) !== logText(y.logs[j]!)) differ(`tx ${i} log ${j}`, logText(l), logText(y.logs[j]!));
      });
    }
  }
  return out.slice(0, limit);
}
