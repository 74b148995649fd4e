// The EVM as a Block-STM VM: the module every pool worker loads (see vm-interface.ts). createVm builds, per
// block, the transactions' shared inputs; execute runs one incarnation of a transaction with the same
// applyTransaction as the sequential path, against a TxStateReader, then publishes its writes. The output
// carries what the main thread needs to fold the transaction into the block (receipt fields, the diff, a
// deferred fee), or why the block must be executed sequentially instead.

import { DependencyAbort, type ParallelVm, type TxView } from "../block-stm/vm-interface.js";
import { type BlockEnv, type BlockEnvFields, makeEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { loadPortablePrecompiles } from "../evm/precompiles/portable.js";
import type { PortablePrecompileSet } from "../evm/precompiles/types.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import type { StateDiff } from "../state/types.js";
import { applyTransaction } from "../tx/execute.js";
import type { Transaction } from "../tx/types.js";
import { CodeArena, type CodeArenaBuffers, CodeArenaFullError } from "./code-arena.js";
import { DiffOverlayReader } from "./diff-overlay-reader.js";
import { HotRecipients } from "./hot-recipients.js";
import { PreimageRecorder } from "./preimage-recorder.js";
import { type ReceiptLeafBuffers, ReceiptLeafWriter } from "./receipt-leaves.js";
import { type SnapshotBuffers, SnapshotReader } from "./shared-snapshot.js";
import { packOutput, type TxOutput } from "./tx-output.js";
import { ParallelUnsupportedError, TxStateReader } from "./tx-state-reader.js";
import { TxTable } from "./tx-table.js";

/** The start message's payload for one block (structured-cloned to every worker). */
export interface EvmBlockInput {
  /**
   * The block's transactions (tx-table.ts), in shared memory: encoded once on the main thread instead of
   * once per worker by postMessage (they are by far the largest part of the input), decoded per transaction.
   */
  txTable: SharedArrayBuffer;
  /** Per transaction, the previous transaction of the same sender (-1 if none). */
  previousOfSender: Int32Array;
  /** HotRecipients.byRecipient, found on the main thread. */
  hotRecipients: ReadonlyMap<bigint, readonly number[]>;
  env: BlockEnvFields;
  /** Hashes of blocks `firstHashNumber`..number-1 (the BLOCKHASH window). */
  recentHashes: bigint[];
  firstHashNumber: bigint;
  /** The block's fork rules without extraPrecompiles (not cloneable): see `extraPrecompiles`. */
  rules: ForkRules;
  /** The recipe of the chain's extra precompiles (co-processors), if it has any. */
  extraPrecompiles: PortablePrecompileSet | undefined;
  snapshot: SnapshotBuffers;
  /** The pre-block system calls' changes, on top of the snapshot. */
  preBlockDiff: StateDiff;
  codeArena: CodeArenaBuffers;
  /** Int32 per transaction: 1 while its latest output says it is invalid (see EvmVm.execute). */
  invalidMarks: SharedArrayBuffer;
  /** Where the workers leave the receipts trie's leaves (receipt-leaves.ts). */
  receiptLeaves: ReceiptLeafBuffers;
  /** Put pre-state code loads and BLOCKHASH numbers into the read sets (TxStateReader.recordReads). */
  collectReads: boolean;
  /** When profiling: where KECCAK256 inputs are recorded (preimage-recorder.ts). */
  preimages?: SharedArrayBuffer;
}

/** Kept across blocks on this thread while the snapshot stays the same: its decoded caches stay warm. */
let snapshotReader: SnapshotReader | undefined;

function envFrom(input: EvmBlockInput, noteBlockHash: (n: bigint) => void): BlockEnv {
  const { recentHashes, firstHashNumber } = input;
  return makeEnv(input.env, (n: bigint): bigint => {
    noteBlockHash(n);
    const i = n - firstHashNumber;
    return i >= 0n && i < BigInt(recentHashes.length) ? recentHashes[Number(i)]! : 0n;
  });
}

/** Per transaction, the previous transaction of the same sender (-1 if none). */
export function previousOfSameSender(txs: readonly Transaction[]): Int32Array {
  const previous = new Int32Array(txs.length);
  const last = new Map<bigint, number>();
  for (let i = 0; i < txs.length; i++) {
    previous[i] = last.get(txs[i]!.sender) ?? -1;
    last.set(txs[i]!.sender, i);
  }
  return previous;
}

class EvmVm implements ParallelVm {
  private readonly txs: TxTable;
  private readonly env: BlockEnv;
  private readonly reader: TxStateReader;
  private readonly previous: Int32Array;
  private readonly invalid: Int32Array;
  private readonly receipts: ReceiptLeafWriter;
  private readonly hot: HotRecipients;
  private readonly preimages: PreimageRecorder | undefined;

  constructor(private readonly input: EvmBlockInput) {
    this.preimages = input.preimages === undefined ? undefined : new PreimageRecorder(input.preimages);
    const txs = new TxTable(input.txTable);
    this.txs = txs;
    this.env = envFrom(input, (n) => this.reader.noteBlockHash(n));
    this.previous = input.previousOfSender;
    this.invalid = new Int32Array(input.invalidMarks);
    this.receipts = new ReceiptLeafWriter(input.receiptLeaves, txs.length, (i) => txs.type(i));
    if (snapshotReader?.buffers.id !== input.snapshot.id) snapshotReader = new SnapshotReader(input.snapshot);
    const base =
      input.preBlockDiff.size > 0
        ? new DiffOverlayReader(snapshotReader, input.preBlockDiff)
        : snapshotReader;
    this.hot = new HotRecipients(input.hotRecipients, txs.length);
    this.reader = new TxStateReader(
      base,
      new CodeArena(input.codeArena),
      input.env.coinbase,
      this.hot,
      input.collectReads,
    );
  }

  execute(txIndex: number, view: TxView): TxOutput {
    const tx = this.txs.at(txIndex);
    const reader = this.reader;
    reader.begin(txIndex, view);
    // A sender's transactions form a nonce chain: running one before its predecessor has written the
    // nonce can only fail validation later, so wait for the predecessor instead (a scheduling hint; the
    // result is the same either way). Not for a predecessor found invalid: it will never write the nonce.
    const previous = this.previous[txIndex]!;
    if (
      previous >= 0 &&
      Atomics.load(this.invalid, previous) === 0 &&
      reader.nonceWriter(tx.sender) < previous
    ) {
      view.dependOn(previous);
    }
    try {
      const payer = this.hot.isPayer(txIndex);
      const r = applyTransaction(reader, tx, this.env, this.input.rules, {
        deferFeeRecipientCredit: true,
        deferValueTransfer: payer,
        // A tracer turns the value-transfer deferral off, so a payer (a plain transfer, no code) goes
        // without the preimage recorder: profiling must not change the conflicts it reports.
        tracer: payer ? undefined : this.preimages,
      });
      reader.writeDiff(r.diff, r.deferredFee, r.deferredCredit);
      Atomics.store(this.invalid, txIndex, 0);
      this.receipts.record(txIndex, r.gasUsed, r.logs);
      return packOutput(r);
    } catch (e) {
      if (e instanceof DependencyAbort) throw e;
      this.receipts.record(txIndex, undefined, undefined);
      // Both are final only if this incarnation's reads validate; the block then runs sequentially, which
      // reports the invalid transaction exactly as executeBlock does.
      if (e instanceof InvalidTransactionError) {
        Atomics.store(this.invalid, txIndex, 1);
        return { fallback: `transaction ${txIndex} is invalid` };
      }
      if (e instanceof ParallelUnsupportedError || e instanceof CodeArenaFullError) {
        return { fallback: `transaction ${txIndex}: ${e.message}` };
      }
      throw e;
    }
  }

  finish(txs: readonly number[], outputs: readonly unknown[]): void {
    this.receipts.writeLeaves(txs, outputs as TxOutput[]);
  }
}

export function createVm(input: EvmBlockInput): ParallelVm | Promise<ParallelVm> {
  const recipe = input.extraPrecompiles;
  if (recipe === undefined) return new EvmVm(input);
  return loadPortablePrecompiles(recipe).then(
    (extraPrecompiles) => new EvmVm({ ...input, rules: { ...input.rules, extraPrecompiles } }),
  );
}
