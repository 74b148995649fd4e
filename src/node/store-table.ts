// One table of the node's LMDB environment (chain-store.ts): an LMDB database whose every value is stored
// sealed with a checksum of its key and value (store-integrity.ts) and checked on every read, so a damaged
// record is a DamagedStoreError naming the table and key, never a wrong answer.
import type { Database } from "lmdb";
import { DamagedStoreError, numberKey, openRecord, sealRecord } from "./store-integrity.js";

export type Key = number | string | Buffer;

function keyBytes(key: Key): Buffer {
  if (typeof key === "number") return numberKey(key);
  if (typeof key === "string") return Buffer.from(key, "utf8");
  return key;
}

/** One LMDB database whose values carry checksums. */
export class Table<K extends Key> {
  constructor(
    readonly name: string,
    readonly db: Database<Buffer, K>,
    private readonly dataDir: string,
  ) {}

  get(key: K): Uint8Array | undefined {
    const stored = this.db.getBinary(key);
    if (stored === undefined) return undefined;
    const value = openRecord(keyBytes(key), stored);
    if (value === undefined) throw this.damaged(key);
    return value;
  }

  /**
   * `fn` on the stored value in place (no copy; lmdb-js reuses the buffer at the next read), checksum
   * verified. `fn` must copy whatever it keeps.
   */
  read<T>(key: K, fn: (value: Uint8Array) => T): T | undefined {
    const stored = this.db.getBinaryFast(key);
    if (stored === undefined) return undefined;
    const value = openRecord(keyBytes(key), stored);
    if (value === undefined) throw this.damaged(key);
    return fn(value);
  }

  put(key: K, value: Uint8Array): void {
    this.db.putSync(key, sealRecord(keyBytes(key), value));
  }

  remove(key: K): void {
    this.db.removeSync(key);
  }

  damaged(key: K): DamagedStoreError {
    const shown = typeof key === "object" ? `0x${key.toString("hex")}` : String(key);
    return new DamagedStoreError(this.dataDir, `record ${this.name}/${shown} fails its checksum`);
  }

  /** Every record in key order, checksums verified. */
  *entries(): Generator<{ key: K; value: Uint8Array }> {
    for (const entry of this.db.getRange({})) {
      // Copies: the range reuses its key and value buffers from one entry to the next.
      const key = (Buffer.isBuffer(entry.key) ? Buffer.from(entry.key) : entry.key) as K;
      const stored = Buffer.from(entry.value as Uint8Array);
      const opened = openRecord(keyBytes(key), stored);
      if (opened === undefined) throw this.damaged(key);
      yield { key, value: opened };
    }
  }
}
