// TEST-ONLY oracle: executes the blocks of the rpc-compat chain that predate Cancun (Frontier to Shanghai,
// forks Lanes does not execute yet) with @ethereumjs/vm, as chain-import.ts's ForeignExecutor. Its result
// (receipts and state change) is still checked by chain-import.ts against each block's header (state root,
// receipts root, gas used, bloom), so nothing unverified reaches the store. Blocks from Cancun on never come
// here: chain-import.ts runs them through Lanes' own importBlock. Never import this from src/.
//
// The state change is recorded by a MerkleStateManager subclass that notes every account, code and slot the
// VM writes; after the block, the written entries are read back and become the StateDiff.
import { createBlockFromRLP } from "@ethereumjs/block";
import {
  type AccountFields,
  type Common,
  createCommonFromGethGenesis,
  type GethGenesis,
} from "@ethereumjs/common";
import { Caches, MerkleStateManager } from "@ethereumjs/statemanager";
import { Account, type Address, bytesToBigInt, createAddressFromBigInt } from "@ethereumjs/util";
import { createVM, runBlock, type TxReceipt, type VM } from "@ethereumjs/vm";
import type { Receipt } from "../../src/block/types.js";
import type { ForeignExecution, ForeignExecutor } from "../../src/node/chain-import.js";
import { bigIntToBytes32, bigIntToMinimalBytes } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH } from "../../src/primitives/keccak.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import type { AccountDiff, StateDiff } from "../../src/state/types.js";

/** A state manager that remembers what was written (addresses, slots, cleared storage) since `reset`. */
class RecordingStateManager extends MerkleStateManager {
  written = new Map<bigint, { slots: Set<bigint>; cleared: boolean }>();

  private note(address: Address) {
    const key = bytesToBigInt(address.bytes);
    let entry = this.written.get(key);
    if (entry === undefined) {
      entry = { slots: new Set(), cleared: false };
      this.written.set(key, entry);
    }
    return entry;
  }
  override putAccount(address: Address, account: Account | undefined): Promise<void> {
    this.note(address);
    return super.putAccount(address, account);
  }
  override modifyAccountFields(address: Address, fields: AccountFields): Promise<void> {
    this.note(address);
    return super.modifyAccountFields(address, fields);
  }
  override deleteAccount(address: Address): Promise<void> {
    this.note(address).cleared = true;
    return super.deleteAccount(address);
  }
  override putCode(address: Address, value: Uint8Array): Promise<void> {
    this.note(address);
    return super.putCode(address, value);
  }
  override putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    this.note(address).slots.add(bytesToBigInt(key));
    return super.putStorage(address, key, value);
  }
  override clearStorage(address: Address): Promise<void> {
    this.note(address).cleared = true;
    return super.clearStorage(address);
  }
}

function toReceipt(r: TxReceipt, gasUsed: bigint, type: number): Receipt {
  const out: Receipt = {
    type,
    status: "status" in r ? r.status : 1,
    cumulativeGasUsed: r.cumulativeBlockGasUsed,
    gasUsed,
    logs: r.logs.map(([address, topics, data]) => ({
      address: bytesToBigInt(address),
      topics: topics.map((t) => bytesToBigInt(t)),
      data,
    })),
    logsBloom: r.bitvector,
  };
  if ("stateRoot" in r) out.root = r.stateRoot;
  return out;
}

/** A ForeignExecutor over @ethereumjs/vm for the chain of `genesis` (geth's genesis.json, parsed JSON). */
export async function ethereumjsOracle(
  genesis: GethGenesis,
  genesisState: InMemoryState,
): Promise<ForeignExecutor> {
  const common: Common = createCommonFromGethGenesis(genesis, { chain: "rpc-compat" });
  const sm = new RecordingStateManager({ common, caches: new Caches() });
  for (const [address, a] of genesisState.accounts) {
    const addr = createAddressFromBigInt(address);
    await sm.putAccount(addr, new Account(a.nonce, a.balance));
    if (a.code.length > 0) await sm.putCode(addr, a.code);
    for (const [slot, value] of a.storage) {
      if (value !== 0n) await sm.putStorage(addr, bigIntToBytes32(slot), bigIntToMinimalBytes(value));
    }
  }
  await sm.checkpoint();
  await sm.commit();
  await sm.flush();
  const vm: VM = await createVM({ common, stateManager: sm });

  return async (_decoded, rlp, transactions, _parent, state): Promise<ForeignExecution | undefined> => {
    const block = createBlockFromRLP(rlp, { common, setHardfork: true });
    sm.written.clear();
    const result = await runBlock(vm, {
      block,
      skipBlockValidation: true,
      skipHeaderValidation: true,
      skipHardForkValidation: true,
      setHardfork: true,
    });
    const receipts = result.receipts.map((r, i) => {
      const run = result.results[i]!;
      const receipt = toReceipt(r, run.totalGasSpent, transactions[i]!.tx.type);
      if (run.createdAddress !== undefined) receipt.contractAddress = bytesToBigInt(run.createdAddress.bytes);
      return receipt;
    });
    const diff: StateDiff = new Map();
    for (const [address, w] of sm.written) {
      const addr = createAddressFromBigInt(address);
      const account = await sm.getAccount(addr);
      const entry: AccountDiff = { account: undefined, storageCleared: w.cleared, storage: new Map() };
      if (account !== undefined) {
        const code = await sm.getCode(addr);
        entry.account = { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash };
        const before = state.getAccount(address)?.codeHash ?? EMPTY_CODE_HASH;
        if (w.cleared || !bytesEq(before, account.codeHash)) entry.code = code;
        for (const slot of w.slots) {
          entry.storage.set(slot, bytesToBigInt(await sm.getStorage(addr, bigIntToBytes32(slot))));
        }
      } else {
        entry.storageCleared = true;
      }
      diff.set(address, entry);
    }
    return { receipts, diff };
  };
}

function bytesEq(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
