// The node's LMDB environment: blocks, receipts, transaction lookups, the log-address index, per-block
// statistics and reverse diffs, and the current state as flat tables (accounts, code, storage).
//
// One write transaction per block carries everything that block changes, the head pointer included, so a
// block is either entirely on disk or not at all. `commitBlock` resolves only once LMDB reports the
// transaction flushed (durable); the node publishes the block after that. See docs/node.md.
import { type Database, open, type RootDatabase } from "lmdb";
import { decodeHeader } from "../block/header.js";
import { bigIntToBytes, bigIntToMinimalBytes, bytesToBigInt } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import { rlpDecode, rlpEncode } from "../primitives/rlp.js";
import { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";
import {
  addressBytes,
  decodeBlockRecord,
  decodeDiff,
  decodeReceipts,
  encodeDiff,
  encodeReceipts,
  type StoredBlock,
  type StoredReceipt,
} from "./codec.js";

/** What the data directory was created with; a restart with a different chain id is refused. */
export interface GenesisMeta {
  chainId: string;
  createdBy: string;
}

export interface BlockWrite {
  number: bigint;
  hash: Uint8Array;
  /** encodeBlockRecord(...) */
  record: Uint8Array;
  txHashes: readonly Uint8Array[];
  receipts: readonly StoredReceipt[];
  /** The block's forward diff (applied to the flat state tables). */
  diff: StateDiff;
  /** The diff that takes the post-state back to the pre-state (for historic reads and evm_revert). */
  reverse: StateDiff;
  stats?: Record<string, unknown>;
}

const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

function storageKey(address: bigint, slot: bigint): Buffer {
  const key = Buffer.alloc(52);
  key.set(addressBytes(address), 0);
  key.set(bigIntToBytes(slot, 32), 20);
  return key;
}

function logIndexKey(address: bigint, number: bigint): Buffer {
  const key = Buffer.alloc(28);
  key.set(addressBytes(address), 0);
  key.writeBigUInt64BE(number, 20);
  return key;
}

export class ChainStore {
  private readonly root: RootDatabase;
  private readonly meta: Database<unknown, string>;
  private readonly blocks: Database<Buffer, number>;
  private readonly hashes: Database<number, Buffer>;
  private readonly receipts: Database<Buffer, number>;
  private readonly txIndex: Database<Buffer, Buffer>;
  private readonly logIndex: Database<Buffer, Buffer>;
  private readonly reverse: Database<Buffer, number>;
  private readonly stats: Database<unknown, number>;
  private readonly accounts: Database<Buffer, Buffer>;
  private readonly code: Database<Buffer, Buffer>;
  private readonly storage: Database<Buffer, Buffer>;

  constructor(path: string) {
    // overlappingSync (the default off Windows): a commit is visible first and flushed right after;
    // commitBlock waits for `flushed`, so durability is never assumed early.
    this.root = open({ path, maxDbs: 16, compression: false });
    const binary = { encoding: "binary" as const, keyEncoding: "binary" as const };
    this.meta = this.root.openDB({ name: "meta" });
    this.blocks = this.root.openDB({ name: "blocks", encoding: "binary" });
    this.hashes = this.root.openDB({ name: "block-hashes", keyEncoding: "binary" });
    this.receipts = this.root.openDB({ name: "receipts", encoding: "binary" });
    this.txIndex = this.root.openDB({ name: "tx-index", ...binary });
    this.logIndex = this.root.openDB({ name: "log-address-index", ...binary });
    this.reverse = this.root.openDB({ name: "reverse-diffs", encoding: "binary" });
    this.stats = this.root.openDB({ name: "block-stats" });
    this.accounts = this.root.openDB({ name: "state-accounts", ...binary });
    this.code = this.root.openDB({ name: "state-code", ...binary });
    this.storage = this.root.openDB({ name: "state-storage", ...binary });
  }

  genesisMeta(): GenesisMeta | undefined {
    return this.meta.get("genesis") as GenesisMeta | undefined;
  }

  /** The last committed block number, or undefined for a fresh directory. */
  headNumber(): bigint | undefined {
    const head = this.meta.get("head");
    return typeof head === "number" ? BigInt(head) : undefined;
  }

  block(number: bigint): StoredBlock | undefined {
    if (number < 0n || number > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    const head = this.headNumber();
    if (head === undefined || number > head) return undefined;
    const data = this.blocks.getBinary(Number(number));
    return data === undefined ? undefined : decodeBlockRecord(data, decodeHeader, keccak256);
  }

  blockNumberByHash(hash: Uint8Array): bigint | undefined {
    const n = this.hashes.get(buf(hash));
    if (typeof n !== "number") return undefined;
    const head = this.headNumber();
    return head !== undefined && BigInt(n) <= head ? BigInt(n) : undefined;
  }

  receiptsOf(number: bigint): StoredReceipt[] {
    const data = this.receipts.getBinary(Number(number));
    return data === undefined ? [] : decodeReceipts(data);
  }

  txLocation(hash: Uint8Array): { number: bigint; index: number } | undefined {
    const data = this.txIndex.getBinary(buf(hash));
    if (data === undefined) return undefined;
    const f = rlpDecode(data) as Uint8Array[];
    const number = bytesToBigInt(f[0]!);
    const head = this.headNumber();
    if (head === undefined || number > head) return undefined;
    return { number, index: Number(bytesToBigInt(f[1]!)) };
  }

  /** Block numbers in [from, to] with at least one log emitted by `address`. */
  blocksWithLogsFrom(address: bigint, from: bigint, to: bigint): bigint[] {
    const out: bigint[] = [];
    for (const key of this.logIndex.getKeys({
      start: logIndexKey(address, from),
      end: logIndexKey(address, to + 1n),
    })) {
      out.push((key as Buffer).readBigUInt64BE(20));
    }
    return out;
  }

  blockStats(number: bigint): Record<string, unknown> | undefined {
    return this.stats.get(Number(number)) as Record<string, unknown> | undefined;
  }

  reverseDiff(number: bigint): StateDiff | undefined {
    const data = this.reverse.getBinary(Number(number));
    return data === undefined ? undefined : decodeDiff(data);
  }

  /** The current state from the flat tables. */
  loadState(): InMemoryState {
    const state = new InMemoryState();
    for (const { key, value } of this.accounts.getRange({})) {
      const f = rlpDecode(value) as Uint8Array[];
      const codeHash = f[2]!;
      const code = bytesEqualEmpty(codeHash) ? new Uint8Array(0) : this.code.getBinary(buf(codeHash));
      if (code === undefined) throw new Error("state-code table is missing code for an account");
      state.putAccount(bytesToBigInt(key as Buffer), {
        nonce: bytesToBigInt(f[0]!),
        balance: bytesToBigInt(f[1]!),
        codeHash: new Uint8Array(codeHash),
        code: new Uint8Array(code),
      });
    }
    for (const { key, value } of this.storage.getRange({})) {
      const k = key as Buffer;
      const address = bytesToBigInt(k.subarray(0, 20));
      if (!state.accounts.has(address))
        throw new Error("state-storage table has a slot of a missing account");
      state.setStorage(address, bytesToBigInt(k.subarray(20)), bytesToBigInt(value));
    }
    return state;
  }

  /** Writes `diff` to the flat state tables; must run inside a write transaction. */
  private writeDiff(diff: StateDiff): void {
    for (const [address, d] of diff) {
      const akey = buf(addressBytes(address));
      if (d.account === undefined || d.storageCleared) this.clearStorage(address);
      if (d.account === undefined) {
        this.accounts.removeSync(akey);
        continue;
      }
      const a = d.account;
      this.accounts.putSync(akey, buf(rlpEncode([a.nonce, a.balance, a.codeHash])));
      if (d.code !== undefined && d.code.length > 0) this.code.putSync(buf(a.codeHash), buf(d.code));
      for (const [slot, value] of d.storage) {
        const skey = storageKey(address, slot);
        if (value === 0n) this.storage.removeSync(skey);
        else this.storage.putSync(skey, buf(bigIntToMinimalBytes(value)));
      }
    }
  }

  private clearStorage(address: bigint): void {
    const keys = [
      ...this.storage.getKeys({ start: storageKey(address, 0n), end: storageKey(address + 1n, 0n) }),
    ];
    for (const key of keys) this.storage.removeSync(key as Buffer);
  }

  /** Writes the genesis block and state. */
  async commitGenesis(genesis: GenesisMeta, block: BlockWrite): Promise<void> {
    await this.root.transaction(() => {
      this.meta.putSync("genesis", genesis);
      this.writeBlock(block);
    });
    await this.root.flushed;
  }

  /** Writes one block atomically and resolves once it is durable. */
  async commitBlock(block: BlockWrite): Promise<void> {
    await this.root.transaction(() => this.writeBlock(block));
    await this.root.flushed;
  }

  private writeBlock(b: BlockWrite): void {
    const n = Number(b.number);
    this.blocks.putSync(n, buf(b.record));
    this.hashes.putSync(buf(b.hash), n);
    this.receipts.putSync(n, buf(encodeReceipts(b.receipts)));
    b.txHashes.forEach((hash, i) => {
      this.txIndex.putSync(buf(hash), buf(rlpEncode([b.number, i])));
    });
    const emitters = new Set<bigint>();
    for (const r of b.receipts) for (const log of r.logs) emitters.add(log.address);
    for (const address of emitters) this.logIndex.putSync(logIndexKey(address, b.number), Buffer.alloc(0));
    this.reverse.putSync(n, buf(encodeDiff(b.reverse)));
    if (b.stats !== undefined) this.stats.putSync(n, b.stats);
    this.writeDiff(b.diff);
    // The block's state root covers the whole state again (dev edits before it are folded in).
    this.meta.putSync("stateEdited", false);
    // The commit point: readers (and a restart) follow `head`, never a block above it.
    this.meta.putSync("head", n);
  }

  /** Applies a diff to the state outside any block (devnet balance edits) and waits for it to be durable. */
  async commitStateEdit(diff: StateDiff): Promise<void> {
    await this.root.transaction(() => {
      this.writeDiff(diff);
      this.meta.putSync("stateEdited", true);
    });
    await this.root.flushed;
  }

  /**
   * Whether the state tables may differ from the head block's state root: after a dev edit
   * (anvil_setBalance) or a rewind (edits between the rewound blocks are not undone).
   */
  stateEdited(): boolean {
    return this.meta.get("stateEdited") === true;
  }

  /**
   * Drops every block above `target` (evm_revert): undoes their state changes with the stored reverse diffs
   * and removes their records, in one transaction with the new head pointer.
   */
  async rewindTo(target: bigint, head: bigint): Promise<void> {
    await this.root.transaction(() => {
      for (let n = head; n > target; n--) {
        const block = this.block(n);
        const reverse = this.reverseDiff(n);
        if (block === undefined || reverse === undefined) throw new Error(`block ${n} is missing`);
        this.writeDiff(reverse);
        for (const hash of block.txHashes) this.txIndex.removeSync(buf(hash));
        for (const r of this.receiptsOf(n)) {
          for (const log of r.logs) this.logIndex.removeSync(logIndexKey(log.address, n));
        }
        this.hashes.removeSync(buf(block.hash));
        this.receipts.removeSync(Number(n));
        this.reverse.removeSync(Number(n));
        this.stats.removeSync(Number(n));
        this.blocks.removeSync(Number(n));
        this.meta.putSync("head", Number(n - 1n));
      }
      this.meta.putSync("stateEdited", true);
    });
    await this.root.flushed;
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}

function bytesEqualEmpty(codeHash: Uint8Array): boolean {
  if (codeHash.length !== EMPTY_CODE_HASH.length) return false;
  for (let i = 0; i < codeHash.length; i++) if (codeHash[i] !== EMPTY_CODE_HASH[i]) return false;
  return true;
}
