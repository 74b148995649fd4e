// A workload's benchmark block made a real chain block for the witness tests: a parent header whose state
// root is the workload's pre-state root, and the block's header with the parent's hash and the commitments
// the reference executor computes, so that the block verifies against its header and its RLP (signed
// transactions) can be written as a `lanes verify` block file.
import { encodeBlockRlp } from "../../src/block/block-rlp.js";
import { executeBlock } from "../../src/block/execute-block.js";
import { headerHash } from "../../src/block/header.js";
import { transactionsRoot } from "../../src/block/result-validation.js";
import type { Block, BlockHeader } from "../../src/block/types.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { lanesBlock, type Workload } from "../../tools/workloads/types.js";

export interface ChainedBlock {
  block: Block;
  parent: BlockHeader;
  rlp: Uint8Array;
  headerByHash: (hash: Uint8Array) => BlockHeader | undefined;
}

export function chainedBlock(w: Workload): ChainedBlock {
  const base = lanesBlock(w);
  const parent: BlockHeader = {
    ...w.header,
    number: w.header.number - 1n,
    stateRoot: w.preState.stateRoot(),
  };
  const raws = w.transactions.map((t) => t.raw);
  const header: BlockHeader = {
    ...w.header,
    parentHash: headerHash(parent),
    transactionsRoot: transactionsRoot(raws),
  };
  const block: Block = { ...base, header };
  const result = executeBlock(block, w.preState, w.chainConfig);
  header.stateRoot = result.stateRoot;
  header.receiptsRoot = result.receiptsRoot;
  header.logsBloom = result.logsBloom;
  header.gasUsed = result.gasUsed;
  if (result.requestsHash !== undefined) header.requestsHash = result.requestsHash;
  const parentHash = bytesToHex(header.parentHash);
  return {
    block,
    parent,
    rlp: encodeBlockRlp(header, raws, block.withdrawals ?? []),
    headerByHash: (hash) => (bytesToHex(hash) === parentHash ? parent : undefined),
  };
}
