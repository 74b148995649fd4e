// What `lanes run` prints: a JSON summary (--json) or a short human one. The post-state lists only the
// accounts the block touched, each as its full post-block account (alloc form), or null when deleted.
import type { BlockResult, Receipt } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import type { Log } from "../evm/log.js";
import { addressToHex, bytesToHex, quantityToHex, wordToHex } from "../primitives/hex.js";
import type { InMemoryState } from "../state/memory-state.js";
import { type AllocJsonAccount, formatAccount } from "./alloc.js";

export interface RunLogJson {
  address: string;
  topics: string[];
  data: string;
}

export interface RunJson {
  gasUsed: string;
  blobGasUsed: string;
  receipts: { status: string; gasUsed: string; logs: RunLogJson[] }[];
  stateRoot: string;
  post: Record<string, AllocJsonAccount | null>;
}

function logJson(log: Log): RunLogJson {
  return {
    address: addressToHex(log.address),
    topics: log.topics.map(wordToHex),
    data: bytesToHex(log.data),
  };
}

function receiptJson(r: Receipt) {
  return { status: quantityToHex(r.status), gasUsed: quantityToHex(r.gasUsed), logs: r.logs.map(logJson) };
}

/** The touched accounts after the block, sorted by address; `pre` is not modified. */
export function touchedPost(
  pre: InMemoryState,
  result: BlockResult,
): Record<string, AllocJsonAccount | null> {
  const post = pre.clone();
  post.applyDiff(result.diff);
  const out: Record<string, AllocJsonAccount | null> = {};
  const addresses = [...result.diff.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const address of addresses) {
    const account = post.accounts.get(address);
    out[addressToHex(address)] = account === undefined ? null : formatAccount(account);
  }
  return out;
}

export function runJson(pre: InMemoryState, result: BlockResult): RunJson {
  return {
    gasUsed: quantityToHex(result.gasUsed),
    blobGasUsed: quantityToHex(result.blobGasUsed),
    receipts: result.receipts.map(receiptJson),
    stateRoot: bytesToHex(result.stateRoot),
    post: touchedPost(pre, result),
  };
}

export interface SummaryContext {
  number: bigint;
  rules: ForkRules;
  systemCalls: boolean;
}

/** A few lines for a person: the block, its totals, one line per transaction. */
export function runSummary(result: BlockResult, ctx: SummaryContext): string {
  const n = result.receipts.length;
  const failed = result.receipts.filter((r) => r.status === 0).length;
  const lines = [
    `block ${ctx.number} (${ctx.rules.name}${ctx.systemCalls ? "" : ", no system calls"}): ${n} transaction${n === 1 ? "" : "s"}${failed > 0 ? `, ${failed} failed` : ""}`,
    `gas used    ${result.gasUsed} (blob gas ${result.blobGasUsed})`,
    `state root  ${bytesToHex(result.stateRoot)}`,
    `touched     ${result.diff.size} account${result.diff.size === 1 ? "" : "s"}`,
  ];
  result.receipts.forEach((r, i) => {
    const status = r.status === 1 ? "ok    " : "failed";
    const created = r.contractAddress !== undefined ? `  created ${addressToHex(r.contractAddress)}` : "";
    lines.push(`  tx ${i}  ${status}  gas ${r.gasUsed}  logs ${r.logs.length}${created}`);
  });
  return `${lines.join("\n")}\n`;
}
