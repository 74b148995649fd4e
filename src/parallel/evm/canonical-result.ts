// A canonical text form of a BlockResult: receipts, gas, roots, requests and the state diff sorted by
// address and slot. Two results are byte-identical exactly when their canonical forms are equal; the
// differential tests and the parallel checks compare these, and print the first differing line.
import type { BlockResult } from "../../block/types.js";
import { addressToHex, bytesToHex, wordToHex } from "../../primitives/hex.js";

const byKey = <T>(a: [bigint, T], b: [bigint, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function canonicalBlockResult(r: BlockResult): string {
  const lines: string[] = [
    `gasUsed ${r.gasUsed}`,
    `blobGasUsed ${r.blobGasUsed}`,
    `stateRoot ${bytesToHex(r.stateRoot)}`,
    `receiptsRoot ${bytesToHex(r.receiptsRoot)}`,
    `logsBloom ${bytesToHex(r.logsBloom)}`,
    `withdrawalsRoot ${r.withdrawalsRoot ? bytesToHex(r.withdrawalsRoot) : "-"}`,
    `requestsHash ${r.requestsHash ? bytesToHex(r.requestsHash) : "-"}`,
  ];
  for (const q of r.requests) lines.push(`request ${bytesToHex(q)}`);
  r.receipts.forEach((x, i) => {
    const created = x.contractAddress !== undefined ? addressToHex(x.contractAddress) : "-";
    lines.push(
      `receipt ${i} type=${x.type} status=${x.status} gas=${x.gasUsed} cumulative=${x.cumulativeGasUsed} created=${created}`,
    );
    for (const log of x.logs) {
      lines.push(
        `  log ${addressToHex(log.address)} ${log.topics.map(wordToHex).join(",")} ${bytesToHex(log.data)}`,
      );
    }
  });
  for (const [address, d] of [...r.diff].sort(byKey)) {
    const a = d.account;
    const head = a ? `nonce=${a.nonce} balance=${a.balance} codeHash=${bytesToHex(a.codeHash)}` : "deleted";
    const code = d.code !== undefined ? ` code=${bytesToHex(d.code)}` : "";
    lines.push(`account ${addressToHex(address)} ${head} cleared=${d.storageCleared}${code}`);
    for (const [slot, value] of [...d.storage].sort(byKey))
      lines.push(`  slot ${wordToHex(slot)} = ${wordToHex(value)}`);
  }
  return lines.join("\n");
}
