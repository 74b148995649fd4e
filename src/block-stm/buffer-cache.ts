// Recycling of block buffers on the main thread. Allocating a block's SharedArrayBuffers costs about a
// millisecond per thousand transactions (the runtime zero-fills megabytes), which is serial work in front of
// every block; a released buffer set is kept (one spare, the largest) and handed to the next block that fits
// in it, after zeroing only what must read as zero: the control words, the per-transaction arrays up to the
// new block's size, the interning slots and the version-list heads of the locations used last time.
// Everything else (keys, version nodes, arena regions) is always written before it is published, so stale
// contents are never observed.
import {
  allocateBlockBuffers,
  type BlockBuffers,
  type Capacity,
  CTRL_LOCATION_COUNT,
  CTRL_TX_COUNT,
} from "./shared-layout.js";

let spare: BlockBuffers | undefined;

function fits(have: Capacity, want: Capacity): boolean {
  return (
    have.txCount >= want.txCount &&
    have.locations >= want.locations &&
    have.versions >= want.versions &&
    have.readArenaWords >= want.readArenaWords &&
    have.writeArenaWords >= want.writeArenaWords
  );
}

/**
 * Buffers for a block of `txCount` transactions with at least `capacity`: the spare if it fits (and
 * `allowLarger`, since the spare may exceed the request), else new ones of exactly `capacity`.
 */
export function acquireBlockBuffers(capacity: Capacity, txCount: number, allowLarger = true): BlockBuffers {
  const reuse = allowLarger && spare !== undefined && fits(spare.capacity, capacity) ? spare : undefined;
  if (!reuse) {
    const fresh = allocateBlockBuffers(capacity);
    new Int32Array(fresh.control)[CTRL_TX_COUNT] = txCount;
    return fresh;
  }
  spare = undefined;
  const control = new Int32Array(reuse.control);
  const usedLocations = Math.min(control[CTRL_LOCATION_COUNT]!, reuse.capacity.locations);
  control.fill(0);
  control[CTRL_TX_COUNT] = txCount;
  for (const b of [reuse.txStatus, reuse.depLock, reuse.depHead, reuse.depNext]) {
    new Int32Array(b).fill(0, 0, txCount);
  }
  new Int32Array(reuse.readSetRegion).fill(0, 0, txCount);
  new Int32Array(reuse.writeSetRegion).fill(0, 0, txCount);
  new Int32Array(reuse.locationSlots).fill(0);
  new Int32Array(reuse.locationHead).fill(0, 0, usedLocations);
  return reuse;
}

/**
 * Offers buffers for reuse. The caller guarantees no thread will touch them again (every worker has replied
 * and the block's CommittedState is released). Keeps the larger of the current spare and these.
 */
export function releaseBlockBuffers(buffers: BlockBuffers): void {
  if (spare === undefined || fits(buffers.capacity, spare.capacity)) spare = buffers;
}
