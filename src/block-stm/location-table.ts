// Location interning: a lock-free open-addressing hash table in shared memory mapping a fixed-size key
// (KEY_WORDS u32 words, see location-key.ts) to a dense u32 id. Ids index the multi-version memory, so a
// location costs one hash probe per access instead of carrying 56-byte keys through every structure, and
// any worker can turn an id back into its key (to commit, or to read the pre-state).
//
// Insertion: reserve an empty slot by compareExchange 0 -> -1 (BUSY), write the key and hash into the id's
// row, then publish id + 1 with Atomics.store. A reader that meets BUSY waits on that slot (bounded, with a
// timeout) because the key being written may be its own. Slots are never removed during a block, so a
// probe sequence that passes a published slot never has to revisit it.
import { BlockAborted, failCapacity, isAborted } from "./control.js";
import {
  type BlockViews,
  CTRL_INTERN_WAITERS,
  CTRL_LOCATION_COUNT,
  KEY_WORDS,
  RESOURCE_LOCATIONS,
} from "./shared-layout.js";

const BUSY = -1;
const BUSY_WAIT_MS = 1;

/** 32-bit hash of a key; also stored per id to skip most full-key compares. */
export function hashKey(key: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < KEY_WORDS; i++) {
    h = Math.imul(h ^ key[i]!, 0x9e3779b1);
    h ^= h >>> 15;
  }
  // murmur3 finaliser: spreads the low-entropy differences of EVM keys over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class LocationTable {
  private readonly slots: Int32Array;
  private readonly keys: Uint32Array;
  private readonly hashes: Int32Array;
  private readonly control: Int32Array;
  private readonly mask: number;
  private readonly maxLocations: number;

  constructor(views: BlockViews) {
    this.slots = views.locationSlots;
    this.keys = views.locationKeys;
    this.hashes = views.locationHashes;
    this.control = views.control;
    this.mask = views.locationSlots.length - 1;
    this.maxLocations = views.capacity.locations;
  }

  /** Number of ids handed out so far (may briefly exceed capacity while a block aborts). */
  get count(): number {
    return Math.min(Atomics.load(this.control, CTRL_LOCATION_COUNT), this.maxLocations);
  }

  /** The id of `key`, creating it if new. Aborts the block (throws BlockAborted) when the table is full. */
  intern(key: Uint32Array): number {
    const h = hashKey(key);
    let i = h & this.mask;
    for (;;) {
      const s = Atomics.load(this.slots, i);
      if (s > 0) {
        if (this.hashes[s - 1] === h && this.keyEquals(s - 1, key)) return s - 1;
        i = (i + 1) & this.mask;
      } else if (s === 0) {
        if (Atomics.compareExchange(this.slots, i, 0, BUSY) !== 0) continue; // lost the race: re-read
        const id = Atomics.add(this.control, CTRL_LOCATION_COUNT, 1);
        if (id >= this.maxLocations) {
          this.publish(i, 0);
          failCapacity(this.control, RESOURCE_LOCATIONS);
        }
        const base = id * KEY_WORDS;
        for (let w = 0; w < KEY_WORDS; w++) this.keys[base + w] = key[w]!;
        this.hashes[id] = h;
        this.publish(i, id + 1);
        return id;
      } else {
        this.waitWhileBusy(i);
        if (isAborted(this.control)) throw new BlockAborted(0);
      }
    }
  }

  /** The id of `key`, or -1 when no transaction has touched it. Does not insert. */
  find(key: Uint32Array): number {
    const h = hashKey(key);
    let i = h & this.mask;
    for (;;) {
      const s = Atomics.load(this.slots, i);
      if (s === 0) return -1;
      if (s > 0 && this.hashes[s - 1] === h && this.keyEquals(s - 1, key)) return s - 1;
      if (s === BUSY) {
        this.waitWhileBusy(i);
        continue;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Copies the key of `id` into `out` (KEY_WORDS words). */
  keyOf(id: number, out: Uint32Array): void {
    const base = id * KEY_WORDS;
    for (let w = 0; w < KEY_WORDS; w++) out[w] = this.keys[base + w]!;
  }

  /**
   * Stores the final slot value (publishing the key and hash written before it) and wakes waiters. The
   * waiter count spares the notify (a runtime call) on the common path: a waiter counts itself before
   * Atomics.wait re-checks the slot, so either it sees the new value or we see its count.
   */
  private publish(slot: number, value: number): void {
    Atomics.store(this.slots, slot, value);
    if (Atomics.load(this.control, CTRL_INTERN_WAITERS) > 0) Atomics.notify(this.slots, slot);
  }

  /** BUSY: another thread is writing this slot's key. Sleep briefly on the slot instead of spinning. */
  private waitWhileBusy(slot: number): void {
    Atomics.add(this.control, CTRL_INTERN_WAITERS, 1);
    Atomics.wait(this.slots, slot, BUSY, BUSY_WAIT_MS);
    Atomics.sub(this.control, CTRL_INTERN_WAITERS, 1);
  }

  private keyEquals(id: number, key: Uint32Array): boolean {
    const base = id * KEY_WORDS;
    for (let w = 0; w < KEY_WORDS; w++) if (this.keys[base + w] !== key[w]) return false;
    return true;
  }
}
