// The sealed header of a shard block: the pre-execution header (nextHeader's) with the execution's roots and
// gas, the transactions root, and extraData = the superblock transcript's hash; exactly the fields the
// node's sealBlock fills, so the host's record and the execution thread's header are the same block.
import { transactionsRoot } from "../../block/result-validation.js";
import type { BlockHeader, BlockResult } from "../../block/types.js";

export function sealHeader(
  header: BlockHeader,
  result: BlockResult,
  rawTransactions: readonly Uint8Array[],
  extraData: Uint8Array,
): BlockHeader {
  const out: BlockHeader = {
    ...header,
    stateRoot: result.stateRoot,
    transactionsRoot: transactionsRoot(rawTransactions),
    receiptsRoot: result.receiptsRoot,
    logsBloom: result.logsBloom,
    gasUsed: result.gasUsed,
    blobGasUsed: result.blobGasUsed,
    extraData,
  };
  if (result.withdrawalsRoot !== undefined) out.withdrawalsRoot = result.withdrawalsRoot;
  if (result.requestsHash !== undefined) out.requestsHash = result.requestsHash;
  return out;
}
