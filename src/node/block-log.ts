// The node's one log line per block: number, hash, transactions, gas, and how it executed.
import { bytesToHex } from "../primitives/hex.js";
import type { StoredBlock } from "./codec.js";
import type { BlockStats } from "./execute.js";

export function blockLogLine(block: StoredBlock, stats: BlockStats): string {
  const h = block.header;
  // "parallelism": summed worker busy time over the parallel phase's wall time (the speedup achieved by
  // the Block-STM phase); a sequential block shows why it ran sequentially instead.
  const speed =
    stats.mode === "parallel" && typeof stats.parallelism === "number"
      ? `parallelism=${stats.parallelism.toFixed(2)}x`
      : `sequential (${stats.reason ?? "n/a"})`;
  return (
    `block ${h.number} ${bytesToHex(block.hash).slice(0, 14)}… txs=${block.txHashes.length} gas=${h.gasUsed} ` +
    `${speed} threads=${stats.threads} executions=${stats.executions} re-executions=${stats.reExecutions} ` +
    `exec=${stats.wallMs.toFixed(1)}ms`
  );
}
