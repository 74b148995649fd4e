// Canonical, line-per-fact serialisations of a BlockResult (what "byte-identical" between executeBlock and
// executeBlockParallel is checked on, by the differential tests, the blockchain conformance cross-check and
// bench/parallel/check-parallel), so that two results compare as strings and a
// mismatch is reported as the first differing line (which names the field, the transaction index, the
// account or the storage slot) instead of a deep-equal dump of Maps and Uint8Arrays.
import type { BlockResult, Receipt } from "../block/types.js";
import { addressToHex, bytesToHex } from "../primitives/hex.js";
import type { StateDiff } from "../state/types.js";

const hex = (b: Uint8Array) => bytesToHex(b);
const word = (v: bigint) => `0x${v.toString(16)}`;

/** One line per account field and per storage slot, accounts by address, slots by key. */
export function canonicalDiffLines(diff: StateDiff): string[] {
  const out: string[] = [];
  for (const address of [...diff.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const d = diff.get(address)!;
    const a = addressToHex(address);
    if (d.account === undefined) out.push(`diff ${a} deleted`);
    else {
      out.push(`diff ${a} nonce ${d.account.nonce}`);
      out.push(`diff ${a} balance ${d.account.balance}`);
      out.push(`diff ${a} codeHash ${hex(d.account.codeHash)}`);
    }
    if (d.code !== undefined) out.push(`diff ${a} code ${hex(d.code)}`);
    out.push(`diff ${a} storageCleared ${d.storageCleared}`);
    const slots = [...d.storage.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    for (const slot of slots) out.push(`diff ${a} slot ${word(slot)} = ${word(d.storage.get(slot)!)}`);
  }
  return out;
}

/** The diff as one stable string (sorted by address and slot). */
export function canonicalDiff(diff: StateDiff): string {
  return canonicalDiffLines(diff).join("\n");
}

function receiptLines(r: Receipt, i: number): string[] {
  const p = `receipt[${i}]`;
  const out = [
    `${p} type ${r.type}`,
    `${p} status ${r.status}`,
    `${p} cumulativeGasUsed ${r.cumulativeGasUsed}`,
    `${p} gasUsed ${r.gasUsed}`,
    `${p} contractAddress ${r.contractAddress === undefined ? "-" : addressToHex(r.contractAddress)}`,
    `${p} logsBloom ${hex(r.logsBloom)}`,
    `${p} logs ${r.logs.length}`,
  ];
  r.logs.forEach((log, j) => {
    out.push(
      `${p} log[${j}] ${addressToHex(log.address)} topics [${log.topics.map(word).join(",")}] data ${hex(log.data)}`,
    );
  });
  return out;
}

/**
 * Every field of a BlockResult that executeBlockParallel must reproduce, one fact per line, ordered so that
 * the first difference is the most telling: receipts in block order (a wrong transaction shows up as its
 * own receipt), block totals, requests, roots and bloom, the diff, and the state root last.
 */
export function canonicalResultLines(result: BlockResult): string[] {
  const out = [`receipts ${result.receipts.length}`];
  result.receipts.forEach((r, i) => {
    out.push(...receiptLines(r, i));
  });
  out.push(`gasUsed ${result.gasUsed}`, `blobGasUsed ${result.blobGasUsed}`);
  out.push(`requests ${result.requests.length}`);
  result.requests.forEach((r, i) => {
    out.push(`request[${i}] ${hex(r)}`);
  });
  out.push(`requestsHash ${result.requestsHash === undefined ? "-" : hex(result.requestsHash)}`);
  out.push(`withdrawalsRoot ${result.withdrawalsRoot === undefined ? "-" : hex(result.withdrawalsRoot)}`);
  out.push(`receiptsRoot ${hex(result.receiptsRoot)}`);
  out.push(`logsBloom ${hex(result.logsBloom)}`);
  out.push(...canonicalDiffLines(result.diff));
  out.push(`stateRoot ${hex(result.stateRoot)}`);
  return out;
}

/**
 * The first line where `actual` and `expected` differ, with its neighbours, or undefined when equal. The
 * receipt and diff lines name the transaction index, account and slot involved.
 */
export function firstDifference(actual: readonly string[], expected: readonly string[]): string | undefined {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] === expected[i]) continue;
    const clip = (s: string | undefined) =>
      s === undefined ? "<missing>" : s.length > 400 ? `${s.slice(0, 400)}...` : s;
    return [
      `first difference at line ${i}:`,
      `  expected: ${clip(expected[i])}`,
      `  actual:   ${clip(actual[i])}`,
      i > 0 ? `  previous (equal): ${clip(expected[i - 1])}` : "",
    ]
      .filter((s) => s !== "")
      .join("\n");
  }
  return undefined;
}
