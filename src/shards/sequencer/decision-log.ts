// The sequencer's durable record (an LMDB environment in <network dir>/sequencer): for every superblock it
// decided to commit, the decision itself (written before any shard is told to commit, so a shard that comes
// back with a prepared block learns its fate) with what the next superblock needs (the messages to deliver,
// the deposit cursor) and the superblock's hash in ShardHub's chain; and how far the L1 has it (committed,
// finalized). A superblock without a record was never decided: its prepared blocks are dropped.
import { type Database, open, type RootDatabase } from "lmdb";
import { DamagedStoreError, numberKey, openRecord, sealRecord } from "../../node/store-integrity.js";
import { fromJsonValue, toJsonValue } from "../link/codec.js";
import type { ShardMessage } from "../system-ops.js";

export interface ShardDecision {
  blockHash: Uint8Array;
  stateRoot: Uint8Array;
  messageRoot: Uint8Array;
  witnessHash: Uint8Array;
}

export interface Decision {
  k: number;
  timestamp: bigint;
  shards: ShardDecision[];
  /** ShardHub's chain hash of this superblock. */
  hash: Uint8Array;
  /** Messages sent in this superblock to other shards: delivered in the next one. */
  relays: ShardMessage[];
  /** Messages sent to the L1 (withdrawals), for the record. */
  withdrawals: ShardMessage[];
  /** The first L1 deposit nonce not delivered yet after this superblock. */
  nextDeposit: bigint;
  /** The L1 block the deposit scan had reached. */
  l1ScanBlock: bigint;
  /** That block's hash (absent in records written before reorg detection): a change means an L1 reorg. */
  l1ScanHash?: Uint8Array;
}

export interface NetworkMeta {
  [key: string]: unknown;
}

export class DecisionLog {
  private readonly root: RootDatabase;
  private readonly decisions: Database<Buffer, Buffer>;
  private readonly meta: Database<Buffer, Buffer>;

  constructor(readonly path: string) {
    this.root = open({ path, maxDbs: 4, compression: false });
    this.decisions = this.root.openDB({
      name: "decisions",
      encoding: "binary",
      keyEncoding: "binary",
    }) as never;
    this.meta = this.root.openDB({ name: "meta", encoding: "binary", keyEncoding: "binary" }) as never;
  }

  private read(db: Database<Buffer, Buffer>, key: Buffer): unknown {
    const stored = db.getBinary(key);
    if (stored === undefined) return undefined;
    const value = openRecord(key, stored);
    if (value === undefined)
      throw new DamagedStoreError(this.path, `record ${key.toString("hex")} fails its checksum`);
    return fromJsonValue(JSON.parse(new TextDecoder().decode(value)));
  }

  private async write(db: Database<Buffer, Buffer>, key: Buffer, value: unknown): Promise<void> {
    const bytes = new TextEncoder().encode(JSON.stringify(toJsonValue(value)));
    await this.root.transaction(() => db.putSync(key, sealRecord(key, bytes)));
    await this.root.flushed;
  }

  decision(k: number): Decision | undefined {
    return this.read(this.decisions, numberKey(k)) as Decision | undefined;
  }

  /** Records the decision to commit superblock k (durable when this resolves). */
  async decide(d: Decision): Promise<void> {
    await this.write(this.decisions, numberKey(d.k), d);
    await this.setMeta("lastDecided", d.k);
  }

  get lastDecided(): number {
    return (this.getMeta("lastDecided") as number | undefined) ?? 0;
  }

  getMeta(name: string): unknown {
    return this.read(this.meta, Buffer.from(name, "utf8"));
  }

  setMeta(name: string, value: unknown): Promise<void> {
    return this.write(this.meta, Buffer.from(name, "utf8"), value);
  }

  close(): Promise<void> {
    return this.root.close();
  }
}
