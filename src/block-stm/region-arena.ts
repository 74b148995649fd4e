// Bump allocation of per-transaction regions in a shared Int32Array arena. A region is
//   [capacity, count, entry 0 words..., entry 1 words..., ...]
// and a transaction's current region offset lives in a per-transaction table (0 = none; arena word 0 is
// reserved for that). A new incarnation reuses its region in place while it fits, otherwise it takes a new
// one twice as large; old regions are abandoned, never handed to anyone else, so a stale reader holding an
// old offset reads stale but well-formed entries. The capacity word never changes after allocation, which
// is what lets concurrent readers clamp `count` and stay in bounds whatever they race with.
import { failCapacity } from "./control.js";

const MIN_ENTRIES = 4;

/**
 * Returns the offset of a region of `table[tx]` that holds at least `entries` entries: the current one if
 * it fits, else a fresh one (not yet published: the caller fills it and then stores the offset into the
 * table with Atomics.store). Aborts the block when the arena is full.
 */
export function regionFor(
  arena: Int32Array,
  table: Int32Array,
  tx: number,
  entries: number,
  entryWords: number,
  control: Int32Array,
  cursorIndex: number,
  resource: number,
): number {
  const current = table[tx]!;
  const currentCapacity = current === 0 ? 0 : arena[current]!;
  if (current !== 0 && currentCapacity >= entries) return current;
  const capacity = Math.max(MIN_ENTRIES, entries, currentCapacity * 2);
  const words = 2 + capacity * entryWords;
  const start = Atomics.add(control, cursorIndex, words) + 1;
  if (start + words > arena.length) failCapacity(control, resource);
  arena[start] = capacity;
  return start;
}

/** The entry count of region `offset`, clamped to its capacity (safe against torn concurrent updates). */
export function regionCount(arena: Int32Array, offset: number): number {
  const count = Atomics.load(arena, offset + 1);
  const capacity = arena[offset]!;
  return count < capacity ? count : capacity;
}
