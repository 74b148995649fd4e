// A compare-exchange mutex on one Int32Array word (Drepper's three-state futex mutex): 0 free, 1 held,
// 2 held with possible waiters. Used where the Block-STM paper takes a per-transaction mutex (the
// dependency list of a transaction). Critical sections are a few loads and stores, so a short spin usually
// wins; after that the thread sleeps in Atomics.wait (with a timeout as a safety net), never spins without
// bound: with more workers than cores the holder may be descheduled.

const SPINS = 64;
const WAIT_TIMEOUT_MS = 5;

export function lockWord(words: Int32Array, index: number): void {
  let c = Atomics.compareExchange(words, index, 0, 1);
  if (c === 0) return;
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(words, index) === 0) {
      c = Atomics.compareExchange(words, index, 0, 1);
      if (c === 0) return;
    }
  }
  // Slow path: mark contended (2) so the unlocker knows to notify, then sleep while it stays 2.
  if (c !== 2) c = Atomics.exchange(words, index, 2);
  while (c !== 0) {
    Atomics.wait(words, index, 2, WAIT_TIMEOUT_MS);
    c = Atomics.exchange(words, index, 2);
  }
}

export function unlockWord(words: Int32Array, index: number): void {
  if (Atomics.sub(words, index, 1) !== 1) {
    Atomics.store(words, index, 0);
    Atomics.notify(words, index, 1);
  }
}
