// A StateReader over a base reader plus one StateDiff: how workers see the pre-block system calls' changes
// (EIP-4788, EIP-2935) on top of the shared snapshot. The diff is small (two system contracts' slots), so
// it travels with the block's start message.
import type { Account, StateDiff, StateReader } from "../state/types.js";

const EMPTY_CODE = new Uint8Array(0);

export class DiffOverlayReader implements StateReader {
  constructor(
    private readonly base: StateReader,
    private readonly diff: StateDiff,
  ) {}

  getAccount(address: bigint): Account | undefined {
    const d = this.diff.get(address);
    if (d === undefined) return this.base.getAccount(address);
    const a = d.account;
    return a === undefined ? undefined : { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash };
  }

  getCode(address: bigint): Uint8Array {
    const d = this.diff.get(address);
    if (d === undefined) return this.base.getCode(address);
    if (d.account === undefined) return EMPTY_CODE;
    return d.code ?? this.base.getCode(address);
  }

  getStorage(address: bigint, slot: bigint): bigint {
    const d = this.diff.get(address);
    if (d === undefined) return this.base.getStorage(address, slot);
    const v = d.storage.get(slot);
    if (v !== undefined) return v;
    if (d.account === undefined || d.storageCleared) return 0n;
    return this.base.getStorage(address, slot);
  }

  hasStorage(address: bigint): boolean {
    const d = this.diff.get(address);
    if (d === undefined) return this.base.hasStorage(address);
    if (d.account === undefined) return false;
    for (const v of d.storage.values()) if (v !== 0n) return true;
    if (d.storageCleared) return false;
    // Approximate only where it cannot matter: the diff holds system contracts, which have code, so a
    // creation at their address collides whatever this returns.
    return this.base.hasStorage(address);
  }
}
