// The block tree of one blockchain test: every imported block by hash, with the state after it, so a block
// may extend any known block (side chains, re-orgs) and BLOCKHASH sees that block's real ancestors.
import type { BlockHeader } from "../block/types.js";
import { bytesToBigInt, bytesToHex } from "../primitives/hex.js";
import type { InMemoryState } from "../state/memory-state.js";

export interface ChainBlock {
  hash: Uint8Array;
  header: BlockHeader;
  /** The state after this block; never mutated once the block is in the tree. */
  state: InMemoryState;
  parent: ChainBlock | undefined;
  /** Hashes (hex) of the ommers the block included, for the ommer checks of its descendants. */
  ommerHashes?: readonly string[];
}

/** The nearest `count` blocks from `block` back (itself first), for the ommer checks of its child. */
export function ancestry(block: ChainBlock, count: number): ChainBlock[] {
  const out: ChainBlock[] = [];
  for (let b: ChainBlock | undefined = block; b !== undefined && out.length < count; b = b.parent)
    out.push(b);
  return out;
}

export class BlockTree {
  private readonly byHash = new Map<string, ChainBlock>();
  /** Total difficulty of each block (the sum of its chain's difficulties): the proof-of-work fork choice. */
  private readonly totalDifficulty = new WeakMap<ChainBlock, bigint>();
  /**
   * The head: the block with the most total difficulty. Among equals, a proof-of-stake block (difficulty 0,
   * where the fixtures' `lastblockhash` is the last valid block in file order) or a lower proof-of-work
   * block replaces the head, as geth's fork choice did; otherwise the first one seen stays.
   */
  head: ChainBlock;

  constructor(genesis: ChainBlock) {
    this.byHash.set(bytesToHex(genesis.hash), genesis);
    this.totalDifficulty.set(genesis, genesis.header.difficulty);
    this.head = genesis;
  }

  get(hash: Uint8Array): ChainBlock | undefined {
    return this.byHash.get(bytesToHex(hash));
  }

  add(block: ChainBlock): void {
    this.byHash.set(bytesToHex(block.hash), block);
    const parentTd = block.parent === undefined ? 0n : (this.totalDifficulty.get(block.parent) ?? 0n);
    const td = parentTd + block.header.difficulty;
    this.totalDifficulty.set(block, td);
    const headTd = this.totalDifficulty.get(this.head) ?? 0n;
    if (
      td > headTd ||
      (td === headTd && (block.header.difficulty === 0n || block.header.number < this.head.header.number))
    ) {
      this.head = block;
    }
  }

  /** The block's total difficulty (its own plus its ancestors'), for the terminal-total-difficulty rule. */
  totalDifficultyOf(block: ChainBlock): bigint {
    return this.totalDifficulty.get(block) ?? 0n;
  }

  get size(): number {
    return this.byHash.size;
  }
}

/**
 * BLOCKHASH as seen by a block built on `parent`: the hash of its ancestor with that number, or 0 for numbers
 * that are not ancestors. (The 256-block window is the executor's rule; this answers for any depth.)
 * Ancestors are collected on first use, so a block that never calls BLOCKHASH never walks the chain.
 */
export function ancestorHashes(parent: ChainBlock): (number: bigint) => bigint {
  const cache = new Map<bigint, bigint>();
  let cursor: ChainBlock | undefined = parent;
  return (number) => {
    const known = cache.get(number);
    if (known !== undefined) return known;
    while (cursor !== undefined && cursor.header.number >= number) {
      cache.set(cursor.header.number, bytesToBigInt(cursor.hash));
      cursor = cursor.parent;
    }
    return cache.get(number) ?? 0n;
  };
}
