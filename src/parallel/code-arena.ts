// Code created during a block (contract creations, EIP-7702 delegation designators), shared between worker
// threads: a content-addressed, append-only byte arena. A transaction that sets code stores the bytes here,
// keyed by their hash, before its writes are published; the multi-version memory versions only the 32-byte
// code hash. A reader that got a hash from a lower transaction's write finds the bytes here, so code and
// code hash always come from the same version. Entries are never removed within a block.
//
// Layout: control Int32Array [byte cursor]; slots Int32Array, SLOT_WORDS per slot (power-of-two count):
// [state (0 empty, 1 being written, 2 ready), offset, length, hash (8 words)]; bytes Uint8Array.
import { hashToWords } from "./shared-snapshot.js";

const STATE = 0;
const OFFSET = 1;
const LENGTH = 2;
const HASH = 3;
const SLOT_WORDS = 11;
const EMPTY = 0;
const WRITING = 1;
const READY = 2;
/** A writer is copying at most ~24 KiB; waiting for it is short. The timeout is only a safety net. */
const WAIT_MS = 5;

export interface CodeArenaBuffers {
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
}

/** The arena ran out of room: the block is executed sequentially instead (never a wrong result). */
export class CodeArenaFullError extends Error {
  override name = "CodeArenaFullError";
}

export function allocateCodeArena(byteCapacity: number, entryCapacity: number): CodeArenaBuffers {
  let slotCount = 16;
  while (slotCount < entryCapacity * 2) slotCount *= 2;
  return {
    control: new SharedArrayBuffer(4),
    slots: new SharedArrayBuffer(slotCount * SLOT_WORDS * 4),
    bytes: new SharedArrayBuffer(Math.max(1, byteCapacity)),
  };
}

export class CodeArena {
  private readonly control: Int32Array;
  private readonly slots: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly mask: number;
  private readonly key = new Uint32Array(8);
  /** Unshared copies handed out on this thread, by arena offset. */
  private readonly cache = new Map<number, Uint8Array>();

  constructor(buffers: CodeArenaBuffers) {
    this.control = new Int32Array(buffers.control);
    this.slots = new Int32Array(buffers.slots);
    this.bytes = new Uint8Array(buffers.bytes);
    this.mask = this.slots.length / SLOT_WORDS - 1;
  }

  /** Stores `code` under `hash` (its keccak256) unless already there; ready for readers on return. */
  put(hash: Uint8Array, code: Uint8Array): void {
    const key = this.key;
    hashToWords(hash, key, 0);
    const slots = this.slots;
    for (let i = key[0]! & this.mask, probes = 0; ; i = (i + 1) & this.mask, probes++) {
      if (probes > this.mask) throw new CodeArenaFullError("code arena: no free slot");
      const at = i * SLOT_WORDS;
      let state = Atomics.load(slots, at + STATE);
      if (state === EMPTY) {
        const offset = Atomics.add(this.control, 0, code.length);
        if (offset + code.length > this.bytes.length) {
          throw new CodeArenaFullError(`code arena: ${this.bytes.length} bytes exhausted`);
        }
        state = Atomics.compareExchange(slots, at + STATE, EMPTY, WRITING);
        if (state === EMPTY) {
          this.bytes.set(code, offset);
          for (let w = 0; w < 8; w++) slots[at + HASH + w] = key[w]! | 0;
          slots[at + OFFSET] = offset;
          slots[at + LENGTH] = code.length;
          Atomics.store(slots, at + STATE, READY);
          Atomics.notify(slots, at + STATE);
          return;
        }
        // Lost the slot to another writer: the reserved bytes stay unused; compare with its entry.
      }
      this.awaitReady(at);
      if (this.matches(at, key)) return;
    }
  }

  /** The code stored under `hash`, or undefined. */
  get(hash: Uint8Array): Uint8Array | undefined {
    const key = this.key;
    hashToWords(hash, key, 0);
    const slots = this.slots;
    for (let i = key[0]! & this.mask, probes = 0; probes <= this.mask; i = (i + 1) & this.mask, probes++) {
      const at = i * SLOT_WORDS;
      if (Atomics.load(slots, at + STATE) === EMPTY) return undefined;
      this.awaitReady(at);
      if (!this.matches(at, key)) continue;
      const offset = slots[at + OFFSET]!;
      let code = this.cache.get(offset);
      if (code === undefined) {
        code = this.bytes.slice(offset, offset + slots[at + LENGTH]!);
        this.cache.set(offset, code);
      }
      return code;
    }
    return undefined;
  }

  private awaitReady(at: number): void {
    while (Atomics.load(this.slots, at + STATE) === WRITING) {
      Atomics.wait(this.slots, at + STATE, WRITING, WAIT_MS);
    }
  }

  private matches(at: number, key: Uint32Array): boolean {
    const slots = this.slots;
    for (let w = 0; w < 8; w++) if (slots[at + HASH + w]! >>> 0 !== key[w]) return false;
    return true;
  }
}
