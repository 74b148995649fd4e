// A mutable in-memory state store: the pre-state of a test or block, updated by applying diffs.
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { Account, StateDiff, StateReader } from "./types.js";

export interface StoredAccount extends Account {
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

const EMPTY_CODE = new Uint8Array(0);

export class InMemoryState implements StateReader {
  readonly accounts = new Map<bigint, StoredAccount>();

  getAccount(address: bigint): Account | undefined {
    return this.accounts.get(address);
  }

  getCode(address: bigint): Uint8Array {
    return this.accounts.get(address)?.code ?? EMPTY_CODE;
  }

  getStorage(address: bigint, slot: bigint): bigint {
    return this.accounts.get(address)?.storage.get(slot) ?? 0n;
  }

  hasStorage(address: bigint): boolean {
    const storage = this.accounts.get(address)?.storage;
    if (!storage) return false;
    for (const value of storage.values()) if (value !== 0n) return true;
    return false;
  }

  /** Creates or replaces an account wholesale (genesis allocations, test pre-states). */
  putAccount(
    address: bigint,
    fields: { nonce?: bigint; balance?: bigint; code?: Uint8Array; storage?: Map<bigint, bigint> },
  ): void {
    const code = fields.code ?? EMPTY_CODE;
    const storage = new Map<bigint, bigint>();
    if (fields.storage) for (const [k, v] of fields.storage) if (v !== 0n) storage.set(k, v);
    this.accounts.set(address, {
      nonce: fields.nonce ?? 0n,
      balance: fields.balance ?? 0n,
      code,
      codeHash: code.length === 0 ? EMPTY_CODE_HASH : keccak256(code),
      storage,
    });
  }

  applyDiff(diff: StateDiff): void {
    for (const [address, change] of diff) {
      if (change.account === undefined) {
        this.accounts.delete(address);
        continue;
      }
      let stored = this.accounts.get(address);
      if (!stored) {
        stored = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH, code: EMPTY_CODE, storage: new Map() };
        this.accounts.set(address, stored);
      }
      stored.nonce = change.account.nonce;
      stored.balance = change.account.balance;
      if (change.code !== undefined) {
        stored.code = change.code;
        stored.codeHash = change.account.codeHash;
      }
      if (change.storageCleared) stored.storage = new Map();
      for (const [slot, value] of change.storage) {
        if (value === 0n) stored.storage.delete(slot);
        else stored.storage.set(slot, value);
      }
    }
  }

  clone(): InMemoryState {
    const copy = new InMemoryState();
    for (const [address, a] of this.accounts) {
      copy.accounts.set(address, { ...a, storage: new Map(a.storage) });
    }
    return copy;
  }
}
