// A shard's superblock records, beside its chain (an LMDB environment of their own in <dir>/superblocks):
//   prepared     the block of a superblock that is sealed and durable but not committed (two-phase commit:
//                on restart it is committed or dropped as the sequencer decided, never served before);
//   superblocks  for each committed block: its superblock's transcript, its witness, the messages it sent,
//                its message root and witness hash (what verifiers fetch with lanes_getSuperblock).
// Values carry the node's checksums (store-integrity.ts); every write waits for LMDB's flush.
import { type Database, open, type RootDatabase } from "lmdb";
import { decodeHeader } from "../../block/header.js";
import type { SealedBlock } from "../../node/block-builder.js";
import type { BlockWrite } from "../../node/chain-store.js";
import {
  decodeBlockRecord,
  decodeDiff,
  decodeReceipts,
  encodeDiff,
  encodeReceipts,
} from "../../node/codec.js";
import type { BlockStats } from "../../node/execute.js";
import { DamagedStoreError, numberKey, openRecord, sealRecord } from "../../node/store-integrity.js";
import { bytesToBigInt } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { type RlpDecoded, rlpDecode, rlpEncode } from "../../primitives/rlp.js";
import type { ShardMessage } from "../system-ops.js";

/** What a committed shard block adds to its superblock's record. */
export interface SuperblockSidecar {
  k: number;
  blockHash: Uint8Array;
  /** encodeTranscript(...) */
  transcript: Uint8Array;
  /** encodeWitness(...) */
  witness: Uint8Array;
  witnessHash: Uint8Array;
  messageRoot: Uint8Array;
  messages: ShardMessage[];
}

export interface PreparedBlock {
  sealed: SealedBlock;
  sidecar: SuperblockSidecar;
}

function messageRlp(m: ShardMessage) {
  return [m.fromShard, m.nonce, m.toShard, m.sender, m.target, m.value, m.data];
}

function asBytes(item: RlpDecoded | undefined): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new Error("shard store: malformed record");
  return item;
}

function asList(item: RlpDecoded | undefined): RlpDecoded[] {
  if (!Array.isArray(item)) throw new Error("shard store: malformed record");
  return item;
}

const num = (item: RlpDecoded | undefined) => bytesToBigInt(asBytes(item));

function sidecarRlp(s: SuperblockSidecar) {
  return [
    s.k,
    s.blockHash,
    s.transcript,
    s.witness,
    s.witnessHash,
    s.messageRoot,
    s.messages.map(messageRlp),
  ];
}

function decodeSidecar(item: RlpDecoded): SuperblockSidecar {
  const f = asList(item);
  return {
    k: Number(num(f[0])),
    blockHash: asBytes(f[1]),
    transcript: asBytes(f[2]),
    witness: asBytes(f[3]),
    witnessHash: asBytes(f[4]),
    messageRoot: asBytes(f[5]),
    messages: asList(f[6]).map((m) => {
      const x = asList(m);
      return {
        fromShard: Number(num(x[0])),
        nonce: num(x[1]),
        toShard: num(x[2]),
        sender: num(x[3]),
        target: num(x[4]),
        value: num(x[5]),
        data: asBytes(x[6]),
      };
    }),
  };
}

const PREPARED = Buffer.from("prepared", "utf8");

export class ShardStore {
  private readonly root: RootDatabase;
  private readonly prepared: Database<Buffer, Buffer>;
  private readonly superblocks: Database<Buffer, Buffer>;

  constructor(readonly path: string) {
    this.root = open({ path, maxDbs: 4, compression: false });
    this.prepared = this.root.openDB({
      name: "prepared",
      encoding: "binary",
      keyEncoding: "binary",
    }) as never;
    this.superblocks = this.root.openDB({
      name: "superblocks",
      encoding: "binary",
      keyEncoding: "binary",
    }) as never;
  }

  private read(db: Database<Buffer, Buffer>, key: Buffer, what: string): Uint8Array | undefined {
    const stored = db.getBinary(key);
    if (stored === undefined) return undefined;
    const value = openRecord(key, stored);
    if (value === undefined) throw new DamagedStoreError(this.path, `record ${what} fails its checksum`);
    return value;
  }

  /** The prepared block, if one is waiting for the sequencer's decision. */
  preparedBlock(): PreparedBlock | undefined {
    const value = this.read(this.prepared, PREPARED, "prepared");
    if (value === undefined) return undefined;
    const f = asList(rlpDecode(value));
    const record = asBytes(f[1]);
    const receipts = decodeReceipts(asBytes(f[4]));
    const stats = JSON.parse(new TextDecoder().decode(asBytes(f[7]))) as BlockStats;
    const write: BlockWrite = {
      number: num(f[0]),
      hash: asBytes(f[2]),
      record,
      txHashes: asList(f[3]).map(asBytes),
      receipts,
      diff: decodeDiff(asBytes(f[5])),
      reverse: decodeDiff(asBytes(f[6])),
      stats,
    };
    const block = decodeBlockRecord(record, decodeHeader, keccak256);
    return { sealed: { block, receipts, stats, chosen: [], write }, sidecar: decodeSidecar(f[8]!) };
  }

  /** Stores `p` as the prepared block (durable when this resolves). */
  async prepare(p: PreparedBlock): Promise<void> {
    const w = p.sealed.write;
    const value = rlpEncode([
      w.number,
      w.record,
      w.hash,
      [...w.txHashes],
      encodeReceipts(w.receipts),
      encodeDiff(w.diff),
      encodeDiff(w.reverse),
      new TextEncoder().encode(JSON.stringify(w.stats ?? {})),
      sidecarRlp(p.sidecar),
    ]);
    await this.root.transaction(() => this.prepared.putSync(PREPARED, sealRecord(PREPARED, value)));
    await this.root.flushed;
  }

  /** The prepared block became part of the chain: keep its sidecar, forget the prepared record. */
  async committed(sidecar: SuperblockSidecar): Promise<void> {
    const key = numberKey(sidecar.k);
    await this.root.transaction(() => {
      this.superblocks.putSync(key, sealRecord(key, rlpEncode(sidecarRlp(sidecar))));
      this.prepared.removeSync(PREPARED);
    });
    await this.root.flushed;
  }

  /** Drops the prepared block (the superblock was given up). */
  async dropPrepared(): Promise<void> {
    await this.root.transaction(() => this.prepared.removeSync(PREPARED));
    await this.root.flushed;
  }

  sidecar(k: number): SuperblockSidecar | undefined {
    const key = numberKey(k);
    const value = this.read(this.superblocks, key, `superblocks/${k}`);
    return value === undefined ? undefined : decodeSidecar(rlpDecode(value));
  }

  close(): Promise<void> {
    return this.root.close();
  }
}
