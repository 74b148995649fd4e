// Runs a workload's benchmark block through @ethereumjs/vm v10 `runBlock`: the same pre-state (copied
// account by account into a MerkleStateManager with caches, as a full node would run), the same header and
// the same signed raw transactions (decoded by @ethereumjs/tx, senders recovered by ethereumjs itself).
// Prague rules, mainnet chain id. Header and block validation are skipped (the header has no parent);
// every transaction is still validated by runTx (nonce, balance, fees, gas).
//
// Results are normalised to BlockOutcome (outcome.ts) so the cross-check compares like with like.
import { createBlock, type Block as EjsBlock } from "@ethereumjs/block";
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { Caches, MerkleStateManager } from "@ethereumjs/statemanager";
import { createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { Account, bytesToBigInt, createAddressFromBigInt } from "@ethereumjs/util";
import { createVM, type RunBlockResult, runBlock, type VM } from "@ethereumjs/vm";
import type { BlockHeader } from "../../src/block/types.js";
import { loadKzg } from "../../src/evm/precompiles/kzg-point-evaluation.js";
import { bigIntToBytes32, bigIntToMinimalBytes } from "../../src/primitives/hex.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import type { BlockOutcome } from "./outcome.js";
import type { Workload } from "./types.js";

export interface EthereumjsBlockRun {
  vm: VM;
  block: EjsBlock;
  /** ethereumjs' state root of the loaded pre-state (must equal Lanes' for the runs to be comparable). */
  preStateRoot: Uint8Array;
}

export function ethereumjsCommon(): Common {
  // ethereumjs verifies KZG point evaluations (precompile 0x0a) only with a KZG given to it: the same
  // micro-eth-signer KZG Lanes uses (rollup-blobs calls the precompile).
  return new Common({ chain: Mainnet, hardfork: Hardfork.Prague, customCrypto: { kzg: loadKzg() } });
}

/** Copies every account, its code and its storage into the state manager, then commits. */
async function loadState(sm: MerkleStateManager, state: InMemoryState): Promise<void> {
  for (const [address, a] of state.accounts) {
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
}

export function ethereumjsHeader(h: BlockHeader) {
  return {
    parentHash: h.parentHash,
    uncleHash: h.ommersHash,
    coinbase: createAddressFromBigInt(h.coinbase),
    stateRoot: h.stateRoot,
    transactionsTrie: h.transactionsRoot,
    receiptTrie: h.receiptsRoot,
    logsBloom: h.logsBloom,
    difficulty: h.difficulty,
    number: h.number,
    gasLimit: h.gasLimit,
    gasUsed: h.gasUsed,
    timestamp: h.timestamp,
    extraData: h.extraData,
    mixHash: h.mixHash,
    nonce: h.nonce,
    baseFeePerGas: h.baseFeePerGas,
    withdrawalsRoot: h.withdrawalsRoot,
    blobGasUsed: h.blobGasUsed,
    excessBlobGas: h.excessBlobGas,
    parentBeaconBlockRoot: h.parentBeaconBlockRoot,
    requestsHash: h.requestsHash,
  };
}

/**
 * Builds the ethereumjs block for `header` (defaults to the workload's; pass one whose result fields are
 * filled to have runBlock validate them) from the workload's raw transactions.
 */
export function ethereumjsBlock(w: Workload, common: Common, header: BlockHeader = w.header): EjsBlock {
  const transactions: TypedTransaction[] = w.transactions.map((t) => createTxFromRLP(t.raw, { common }));
  return createBlock({ header: ethereumjsHeader(header), transactions, withdrawals: [] }, { common });
}

/** A VM holding the workload's pre-state, and the block to run on it. Untimed preparation. */
export async function prepareEthereumjs(w: Workload): Promise<EthereumjsBlockRun> {
  const common = ethereumjsCommon();
  const stateManager = new MerkleStateManager({ common, caches: new Caches() });
  await loadState(stateManager, w.preState);
  const vm = await createVM({ common, stateManager });
  const preStateRoot = await stateManager.getStateRoot();
  return { vm, block: ethereumjsBlock(w, common), preStateRoot };
}

/**
 * Runs `block` on the pre-state (resetting the state manager to the pre-state root first, so a run can be
 * repeated). `generate: true` computes the result fields instead of checking them against the header;
 * `generate: false` makes runBlock validate the header's gas used, receipts root, bloom, requests hash and
 * state root, throwing on any difference.
 */
export function runEthereumjs(
  run: EthereumjsBlockRun,
  block: EjsBlock,
  generate: boolean,
): Promise<RunBlockResult> {
  return runBlock(run.vm, {
    block,
    root: run.preStateRoot,
    generate,
    skipBlockValidation: true,
    skipHeaderValidation: true,
    skipHardForkValidation: true,
  });
}

/** ethereumjs' result as a BlockOutcome. */
export function ethereumjsOutcome(result: RunBlockResult): BlockOutcome {
  return {
    gasUsed: result.gasUsed,
    stateRoot: result.stateRoot,
    receiptsRoot: result.receiptsRoot,
    logsBloom: result.logsBloom,
    requestsHash: result.requestsHash,
    receipts: result.receipts.map((r, i) => ({
      status: "status" in r ? r.status : undefined,
      cumulativeGasUsed: r.cumulativeBlockGasUsed,
      gasUsed: result.results[i]?.totalGasSpent,
      logs: r.logs.map(([address, topics, data]) => ({
        address: bytesToBigInt(address),
        topics: topics.map((t) => bytesToBigInt(t)),
        data,
      })),
    })),
  };
}

/** Reads back an account and some of its slots from ethereumjs' post-state (for mismatch reports). */
export async function ethereumjsAccount(
  vm: VM,
  address: bigint,
  slots: Iterable<bigint>,
): Promise<
  { nonce: bigint; balance: bigint; codeHash: Uint8Array; storage: Map<bigint, bigint> } | undefined
> {
  const addr = createAddressFromBigInt(address);
  const account = await vm.stateManager.getAccount(addr);
  if (account === undefined) return undefined;
  const storage = new Map<bigint, bigint>();
  for (const slot of slots) {
    const raw = await vm.stateManager.getStorage(addr, bigIntToBytes32(slot));
    storage.set(slot, raw.length === 0 ? 0n : bytesToBigInt(raw));
  }
  return { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash, storage };
}
