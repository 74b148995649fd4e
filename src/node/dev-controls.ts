// Devnet cheats (anvil_*, hardhat_*, evm_* methods): the next block's timestamp, coinbase, base fee and
// PREVRANDAO, a clock offset, impersonated senders, direct edits of accounts, and snapshots. Nothing here
// bypasses the node's write path: account edits and rewinds go through the node's lock and the store, so
// they are as durable as blocks. A sequencer (--no-dev-accounts) does not expose these methods at all.
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";
import { MAX_TIMESTAMP } from "./block-builder.js";
import { invalidParams } from "./rpc-errors.js";

/** What the cheats need of the node. */
export interface DevHost {
  readonly state: InMemoryState;
  headNumber(): bigint;
  headTimestamp(): bigint;
  /** Applies `diff` to the head state outside any block, durably, under the node's lock. */
  commitEdit(diff: StateDiff): Promise<void>;
  /** The sequence number the next edit will get (the position a snapshot records). */
  editSeq(): number;
  /** Forgets the undo of edits numbered below `seq` (no live snapshot can revert past them). */
  forgetEditsBefore(seq: number): Promise<void>;
  /**
   * Drops every block above `number` and undoes the edits numbered `fromEdit` or later, in reverse order of
   * their making, under the node's lock.
   */
  rewindTo(number: bigint, fromEdit: number): Promise<void>;
}

export interface AccountEdit {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  /** Slots to set (0 deletes). */
  storage?: Map<bigint, bigint>;
}

/** The next block's environment as the cheats set it; fields absent take their defaults. */
export interface NextBlockParams {
  timestamp: bigint;
  coinbase: bigint;
  baseFeePerGas?: bigint;
  prevRandao?: Uint8Array;
}

export class DevControls {
  readonly impersonated = new Set<bigint>();
  /** evm_setNextBlockTimestamp: used once, by the next block. */
  private nextTimestamp: bigint | undefined;
  /** evm_increaseTime: seconds added to the wall clock for every later block. */
  private timeOffset = 0n;
  private nextBaseFee: bigint | undefined;
  private nextPrevRandao: Uint8Array | undefined;
  coinbase = 0n;
  /** Live snapshots: the head number and the next edit's sequence number when each was taken. */
  private readonly snapshots = new Map<number, { head: bigint; edits: number }>();
  private snapshotId = 0;

  constructor(private readonly host: DevHost) {}

  /**
   * The next block's timestamp: an explicit one, else the one set by evm_setNextBlockTimestamp, else the
   * clock plus the offset; never at or before the parent's. Throws -32602 when it would exceed 2^64-1.
   */
  nextTimestampFor(parentTimestamp: bigint, explicit?: bigint): bigint {
    const now = BigInt(Math.floor(Date.now() / 1000)) + this.timeOffset;
    let timestamp = explicit ?? this.nextTimestamp ?? now;
    if (timestamp <= parentTimestamp) timestamp = parentTimestamp + 1n;
    if (timestamp > MAX_TIMESTAMP) {
      throw invalidParams(
        `block timestamp ${timestamp} would exceed 2^64-1 (the head's is ${parentTimestamp})`,
      );
    }
    return timestamp;
  }

  /** The next block's parameters (nothing is used up; see blockMined). */
  nextBlock(parentTimestamp: bigint, explicitTimestamp?: bigint): NextBlockParams {
    const p: NextBlockParams = {
      timestamp: this.nextTimestampFor(parentTimestamp, explicitTimestamp),
      coinbase: this.coinbase,
    };
    if (this.nextBaseFee !== undefined) p.baseFeePerGas = this.nextBaseFee;
    if (this.nextPrevRandao !== undefined) p.prevRandao = this.nextPrevRandao;
    return p;
  }

  /** A block was mined: the one-shot settings are used up. */
  blockMined(): void {
    this.nextTimestamp = undefined;
    this.nextBaseFee = undefined;
    this.nextPrevRandao = undefined;
  }

  setNextBlockTimestamp(timestamp: bigint): void {
    const head = this.host.headTimestamp();
    if (timestamp > MAX_TIMESTAMP) throw invalidParams("timestamp exceeds 2^64-1");
    if (timestamp <= head) {
      throw invalidParams(`timestamp ${timestamp} is not after the head block's timestamp ${head}`);
    }
    this.nextTimestamp = timestamp;
  }

  /** evm_increaseTime: moves the clock forward; returns the total offset in seconds. */
  increaseTime(seconds: bigint): bigint {
    if (seconds < 0n || seconds > MAX_TIMESTAMP) throw invalidParams("invalid time increase");
    const offset = this.timeOffset + seconds;
    if (BigInt(Math.floor(Date.now() / 1000)) + offset > MAX_TIMESTAMP) {
      throw invalidParams("time increase would move the clock past 2^64-1");
    }
    this.timeOffset = offset;
    return offset;
  }

  setNextBlockBaseFee(baseFee: bigint): void {
    this.nextBaseFee = baseFee;
  }

  setPrevRandao(value: Uint8Array): void {
    this.nextPrevRandao = value;
  }

  /** anvil_setBalance / setNonce / setCode / setStorageAt: one durable edit of the head state. */
  editAccount(address: bigint, edit: AccountEdit): Promise<void> {
    const a = this.host.state.getAccount(address);
    const code = edit.code;
    const diff: StateDiff = new Map([
      [
        address,
        {
          account: {
            nonce: edit.nonce ?? a?.nonce ?? 0n,
            balance: edit.balance ?? a?.balance ?? 0n,
            codeHash:
              code === undefined
                ? (a?.codeHash ?? EMPTY_CODE_HASH)
                : code.length === 0
                  ? EMPTY_CODE_HASH
                  : keccak256(code),
          },
          ...(code === undefined ? {} : { code }),
          storageCleared: false,
          storage: edit.storage ?? new Map(),
        },
      ],
    ]);
    return this.host.commitEdit(diff);
  }

  snapshot(): number {
    const id = ++this.snapshotId;
    const edits = this.host.editSeq();
    // With no live snapshot, no revert can reach an older edit: their undo is no longer needed.
    if (this.snapshots.size === 0) void this.host.forgetEditsBefore(edits);
    this.snapshots.set(id, { head: this.host.headNumber(), edits });
    return id;
  }

  /**
   * evm_revert: back to the state at snapshot `id` (blocks mined and account edits made since are undone,
   * as on Hardhat and anvil); that snapshot and later ones are used up.
   */
  async revert(id: number): Promise<boolean> {
    const s = this.snapshots.get(id);
    if (s === undefined) return false;
    for (const k of [...this.snapshots.keys()]) if (k >= id) this.snapshots.delete(k);
    await this.host.rewindTo(s.head, s.edits);
    this.nextTimestamp = undefined;
    return true;
  }
}

/** A 32-byte PREVRANDAO value from a quantity. */
export function prevRandaoBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
