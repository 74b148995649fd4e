// Block tags to stored blocks and states.

import type { BlockHeader } from "../../block/types.js";
import type { InMemoryState } from "../../state/memory-state.js";
import type { StoredBlock } from "../codec.js";
import type { LanesNode } from "../devnode.js";
import type { BlockTag } from "../params.js";
import { serverError } from "../rpc-errors.js";

export function blockNumberOf(node: LanesNode, tag: BlockTag): bigint | undefined {
  switch (tag.kind) {
    case "latest":
    case "pending":
      return node.head.header.number;
    case "earliest":
      return 0n;
    case "number":
      return tag.number;
    case "hash":
      return node.store.blockNumberByHash(tag.hash);
  }
}

/** The block a tag names, or undefined when there is none. */
export function findBlock(node: LanesNode, tag: BlockTag): StoredBlock | undefined {
  if (tag.kind === "latest" || tag.kind === "pending") return node.head;
  const n = blockNumberOf(node, tag);
  return n === undefined ? undefined : node.store.block(n);
}

/**
 * The state and header a call on `tag` runs with: for "pending", the head state in the next block's context
 * (its number, timestamp including evm_setNextBlockTimestamp and evm_increaseTime, base fee, coinbase), as
 * the block a transaction sent now would land in; otherwise the tagged block's.
 */
export function callBlock(node: LanesNode, tag: BlockTag): { state: InMemoryState; header: BlockHeader } {
  if (tag.kind === "pending") return { state: node.state, header: node.pendingHeader() };
  const { state, block } = stateFor(node, tag);
  requireExecutable(node, block.header);
  return { state, header: block.header };
}

/**
 * Throws -32000 when Lanes has no rules for the block's fork (an imported block from before Cancun): its
 * state and data are served, but nothing can execute in its context (calls, traces).
 */
export function requireExecutable(node: LanesNode, header: BlockHeader): void {
  try {
    node.rulesFor(header.number, header.timestamp);
  } catch {
    throw serverError(
      `block ${header.number} is under a fork Lanes does not execute yet (before Cancun): cannot run in its context`,
    );
  }
}

/** The state after the tagged block and its header; -32000 "header not found" for unknown blocks. */
export function stateFor(node: LanesNode, tag: BlockTag): { state: InMemoryState; block: StoredBlock } {
  const block = findBlock(node, tag);
  if (block === undefined) throw serverError("header not found");
  return { state: node.stateAt(block.header.number), block };
}
