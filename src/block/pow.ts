// Proof-of-work rules of the blocks before the Merge (Frontier to London): the difficulty a header must
// carry, and the block and ommer rewards credited after the transactions. The Ethash seal itself
// (mixHash/nonce against the DAG) is not verified: a fixture whose sealEngine is Ethash skips only that
// check (docs/blocks.md). The formula, reward and bomb delay come from the fork's rules (forks.ts).
import type { ForkRules } from "../evm/forks.js";
import { bytesEqual } from "../primitives/hex.js";
import { EMPTY_LIST_HASH } from "../primitives/keccak.js";
import type { StateDiff, StateReader } from "../state/types.js";
import { WorldState } from "../state/world-state.js";
import type { BlockHeader } from "./types.js";

export const MIN_DIFFICULTY = 131_072n;
const DIFFICULTY_BOUND_DIVISOR = 2048n;
const FRONTIER_DURATION_LIMIT = 13n;
const BOMB_PERIOD = 100_000n;

/** The difficulty a child of `parent` at `timestamp` and `number` must have under the child's rules. */
export function calcDifficulty(
  parent: Pick<BlockHeader, "difficulty" | "timestamp" | "ommersHash">,
  number: bigint,
  timestamp: bigint,
  rules: ForkRules,
): bigint {
  const step = parent.difficulty / DIFFICULTY_BOUND_DIVISOR;
  const elapsed = timestamp - parent.timestamp;
  let diff: bigint;
  if (rules.difficulty === "frontier") {
    diff = parent.difficulty + (elapsed < FRONTIER_DURATION_LIMIT ? step : -step);
  } else {
    // Homestead (EIP-2): 1 - elapsed/10; EIP-100: (2 with ommers, else 1) - elapsed/9; at least -99.
    const base = rules.difficulty === "eip100" && !bytesEqual(parent.ommersHash, EMPTY_LIST_HASH) ? 2n : 1n;
    let factor = rules.difficulty === "eip100" ? base - elapsed / 9n : 1n - elapsed / 10n;
    if (factor < -99n) factor = -99n;
    diff = parent.difficulty + step * factor;
  }
  if (diff < MIN_DIFFICULTY) diff = MIN_DIFFICULTY;
  // The bomb: 2^(period - 2) once the (delayed) block number reaches the second period.
  const fake = number - rules.bombDelay;
  const period = fake > 0n ? fake / BOMB_PERIOD : 0n;
  if (period > 1n) diff += 1n << (period - 2n);
  return diff;
}

/**
 * Credits the block reward to `header.coinbase` (plus 1/32 of it per ommer) and each ommer's reward
 * ((8 + ommer number - block number) / 8 of it) to the ommer's coinbase; the change as a diff.
 */
export function applyBlockRewards(
  reader: StateReader,
  header: BlockHeader,
  ommers: readonly BlockHeader[],
  rules: ForkRules,
): StateDiff {
  const reward = rules.blockReward;
  const state = new WorldState(reader, rules.eip161);
  for (const ommer of ommers) {
    state.addBalance(ommer.coinbase, ((8n + ommer.number - header.number) * reward) / 8n);
  }
  state.addBalance(header.coinbase, reward + (reward / 32n) * BigInt(ommers.length));
  return state.finalize();
}
