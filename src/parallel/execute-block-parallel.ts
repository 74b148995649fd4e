// executeBlockParallel: a block's transactions on worker threads with Block-STM, committed in order on the
// main thread with the same phases as executeBlock (block-execution.ts), so the result is byte-identical.
//
// 1. The fallback policy picks sequential for blocks that cannot gain (see chooseMode).
// 2. The main thread runs the pre-block system calls; workers see the pre-state through a shared snapshot
//    plus that small diff.
// 3. runBlockStm executes every transaction speculatively; each final output holds the transaction's diff.
// 4. In block order, the main thread checks the block allowances, folds each diff into the overlay exactly
//    as executeBlock does, and applies deferred fee-recipient credits; then withdrawals, requests, roots.
// Anything the parallel path does not model (an invalid transaction, a capacity or worker failure, an
// unsupported state change) re-runs the block sequentially, so errors are the reference's errors too.
// With `collectReads`, the result also says what the block read from its pre-state (the union of the final
// incarnations' read sets): what an execution witness is built from (src/witness).
import { availableParallelism } from "node:os";
import { BLOCKHASH_WINDOW } from "../block/block-env.js";
import { BlockExecution } from "../block/block-execution.js";
import { InvalidBlockError } from "../block/errors.js";
import { executeBlock } from "../block/execute-block.js";
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions } from "../block/types.js";
import { runBlockStm } from "../block-stm/block-stm.js";
import type { CommittedState } from "../block-stm/committed-state.js";
import { ParallelCapacityError, ParallelConflictError, ParallelWorkerError } from "../block-stm/errors.js";
import {
  KIND_BALANCE,
  KIND_BLOCK_HASH,
  KIND_CODE,
  KIND_CODE_HASH,
  KIND_NONCE,
  KIND_STORAGE,
  keyAddress,
  keyKind,
  keySlot,
} from "../block-stm/location-key.js";
import { type ThreadCpu, threadCpu } from "../block-stm/thread-cpu.js";
import { WorkerPool } from "../block-stm/worker-pool.js";
import { creditBalance, MAX_BALANCE } from "../evm/balance-credit.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import { addressToHex, bytesEqual } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import { InMemoryState } from "../state/memory-state.js";
import type { BlockPreState, StateDiff } from "../state/types.js";
import { WorldState } from "../state/world-state.js";
import { applyTransaction } from "../tx/execute.js";
import { allocateCodeArena } from "./code-arena.js";
import { conflictHistory, dominantRecipient } from "./conflict-history.js";
import { type EvmBlockInput, previousOfSameSender } from "./evm-vm.js";
import { chooseMode, type ModeOption } from "./fallback-policy.js";
import { HotRecipients } from "./hot-recipients.js";
import { allocatePreimageArena } from "./preimage-recorder.js";
import { type BlockProfileData, collectProfileData } from "./profile-data.js";
import { allocateReceiptLeaves, copyBlooms, receiptsRootFromLeaves } from "./receipt-leaves.js";
import { SharedStateSnapshot } from "./shared-snapshot.js";
import { hottestAccounts, type ParallelBlockStats, parallelStats, sequentialStats } from "./stats.js";
import { allocateStorageRootJobs, StorageRootPoster, worthPosting } from "./storage-root-jobs.js";
import {
  isFallback,
  type PackedOutput,
  type TxOutput,
  type UnpackedOutput,
  unpackOutput,
} from "./tx-output.js";
import { encodeTxTable } from "./tx-table.js";

const VM_MODULE = new URL("./evm-vm.js", import.meta.url);
const MAX_ARENA_BYTES = 32n << 20n;
/** Up to 2^11 times the initial capacities. */
const MAX_CAPACITY_ATTEMPTS = 12;

export interface ParallelExecuteOptions extends ExecuteBlockOptions {
  /** Worker threads (default: the machine's available parallelism). */
  threads?: number;
  /** "auto" (default) applies the fallback policy; "parallel" and "sequential" force a path. */
  mode?: ModeOption;
  /** The pool to run on (default: one process-wide pool, created on first use). */
  pool?: WorkerPool;
  /**
   * The pre-state already in shared memory (SharedStateSnapshot.fromState(preState)), or a function giving
   * it, called only when the block does run in parallel; built per call when absent. Must be a snapshot of
   * `preState` as it is now: callers that execute several blocks on the same pre-state (benchmarks,
   * re-execution) or keep one across blocks (the node) build it once.
   */
  snapshot?: SharedStateSnapshot | (() => SharedStateSnapshot);
  /**
   * Report what the workers read from the pre-state (`reads`): the final incarnations' read sets, with
   * markers for code loads and BLOCKHASH numbers. The main thread's own reads (system calls, credits,
   * withdrawals) go through `preState`, which a caller wraps to record them.
   */
  collectReads?: boolean;
  /** Return the measured schedule in `stats.schedule` (per-transaction VM times and dependencies). */
  recordSchedule?: boolean;
  /**
   * Instrument the run for the profiler (src/profiler) and return `profile`: dependencies by location, who
   * wrote what, per-thread timelines, keccak preimages. Costs time (a step hook in the EVM); results unchanged.
   */
  profile?: boolean;
  /**
   * Hash changed accounts' storage tries on the workers during the fold (default true; storage-root-jobs.ts).
   * False keeps every root on the main thread (for A/B measurements).
   */
  workerStorageRoots?: boolean;
  /**
   * Measure the main thread's CPU time and run-queue wait before, during and after the Block-STM phase
   * (`stats.mainThreadCpu`; Linux only, 4 reads of /proc per block). For profiling aids.
   */
  measureCpu?: boolean;
}

/** What a parallel block's transactions read from the pre-block state (final incarnations only). */
export interface PreStateReads {
  /** Accounts with any field read. */
  accounts: Set<bigint>;
  slots: Map<bigint, Set<bigint>>;
  /** Accounts whose code was loaded from the pre-state. */
  codes: Set<bigint>;
  /** BLOCKHASH numbers. */
  blockNumbers: Set<bigint>;
}

export interface ParallelBlockResult extends BlockResult {
  stats: ParallelBlockStats;
  /** With `collectReads`, when the block ran on Block-STM (absent when it ran sequentially). */
  reads?: PreStateReads;
  /** With `profile`, when the block ran on Block-STM (absent when it ran sequentially). */
  profile?: BlockProfileData;
}

/** The union of the committed read sets' pre-state entries, by what they are. */
function preStateReads(state: CommittedState): PreStateReads {
  const reads: PreStateReads = {
    accounts: new Set(),
    slots: new Map(),
    codes: new Set(),
    blockNumbers: new Set(),
  };
  state.forEachBaseRead((_tx, key) => {
    const kind = keyKind(key);
    if (kind === KIND_NONCE || kind === KIND_BALANCE || kind === KIND_CODE_HASH) {
      reads.accounts.add(keyAddress(key));
    } else if (kind === KIND_STORAGE) {
      const address = keyAddress(key);
      reads.accounts.add(address);
      let slots = reads.slots.get(address);
      if (slots === undefined) {
        slots = new Set();
        reads.slots.set(address, slots);
      }
      slots.add(keySlot(key));
    } else if (kind === KIND_CODE) {
      reads.accounts.add(keyAddress(key));
      reads.codes.add(keyAddress(key));
    } else if (kind === KIND_BLOCK_HASH) {
      reads.blockNumbers.add(keyAddress(key));
    }
    // KIND_FEE and KIND_CREDIT are the block's own deltas, not pre-state.
  });
  return reads;
}

let defaultPool: WorkerPool | undefined;

/** The process-wide pool (at least 8 threads may be asked for; workers are spawned on demand). */
export function sharedWorkerPool(): WorkerPool {
  defaultPool ??= new WorkerPool({ maxThreads: Math.max(8, availableParallelism()) });
  return defaultPool;
}

export function defaultThreadCount(): number {
  return availableParallelism();
}

function runSequential(
  block: Block,
  preState: InMemoryState | BlockPreState,
  chainConfig: ChainConfig,
  options: ExecuteBlockOptions,
  reason: string,
  start: number,
): ParallelBlockResult {
  const result = executeBlock(block, preState, chainConfig, options);
  const wallMs = performance.now() - start;
  return { ...result, stats: sequentialStats(reason, block.transactions.length, result.gasUsed, wallMs) };
}

/**
 * Executes `block` on `preState` like executeBlock, in parallel where it pays. Same result, same errors
 * (InvalidBlockError), plus `stats`. The pre-state is never mutated. A pre-state that is not an
 * InMemoryState (BlockPreState: a witness-backed state, a read recorder) needs `snapshot`: the workers
 * read the pre-state from shared memory, the main thread through `preState`.
 */
export async function executeBlockParallel(
  block: Block,
  preState: InMemoryState | BlockPreState,
  chainConfig: ChainConfig,
  options: ParallelExecuteOptions = {},
): Promise<ParallelBlockResult> {
  const start = performance.now();
  const cpuAtStart = options.measureCpu === true ? threadCpu() : undefined;
  const txs = block.transactions;
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreadCount()));
  const decision = chooseMode(block, threads, options.mode ?? "auto");
  if (decision.mode === "sequential") {
    return runSequential(block, preState, chainConfig, options, decision.reason, start);
  }
  const auto = options.mode !== "parallel";
  const dominant = auto ? dominantRecipient(txs) : undefined;
  if (dominant !== undefined && conflictHistory.predictsChain(dominant)) {
    const reason = `predicted chain (a recent block calling ${addressToHex(dominant)} stopped on conflicts)`;
    return runSequential(block, preState, chainConfig, options, reason, start);
  }

  const run = new BlockExecution(block, preState, chainConfig, options);
  // Workers get the fork rules by structured clone: a chain's extra precompiles (co-processors) travel as
  // their portable recipe, or the block runs sequentially.
  const { extraPrecompiles, ...cloneableRules } = run.rules;
  const extraRecipe = extraPrecompiles?.portable?.();
  if (extraPrecompiles !== undefined && extraRecipe === undefined) {
    return runSequential(
      block,
      preState,
      chainConfig,
      options,
      "sequential: the chain's extra precompiles cannot be rebuilt in worker threads",
      start,
    );
  }
  const given = options.snapshot;
  if (given === undefined && !(preState instanceof InMemoryState)) {
    throw new TypeError("executeBlockParallel: a pre-state that is not an InMemoryState needs `snapshot`");
  }
  const snapshot =
    given === undefined
      ? SharedStateSnapshot.fromState(preState as InMemoryState)
      : typeof given === "function"
        ? given()
        : given;
  const { blockHash: _omitted, ...env } = run.env;
  const firstHashNumber = env.number > BLOCKHASH_WINDOW ? env.number - BLOCKHASH_WINDOW : 0n;
  const recentHashes: bigint[] = [];
  if (options.blockHash !== undefined) {
    for (let n = firstHashNumber; n < env.number; n++) recentHashes.push(run.env.blockHash(n));
  }
  // Code a block can create is bounded by its transactions' gas (200 per deployed byte) and delegations;
  // twice that leaves room for re-executions that deploy different code. Past the cap (absurd test gas
  // limits), an arena that runs out sends the block to the sequential path.
  let txGas = 0n;
  let authorizations = 0;
  for (const tx of txs) {
    txGas += tx.gasLimit;
    if (tx.type === 4) authorizations += tx.authorizationList.length;
  }
  const deployable = Number(txGas / 200n > MAX_ARENA_BYTES ? MAX_ARENA_BYTES : txGas / 200n);
  const codeBytes = deployable * 2 + authorizations * 23 * 2 + 65536;
  const input: EvmBlockInput = {
    txTable: encodeTxTable(txs),
    previousOfSender: previousOfSameSender(txs),
    hotRecipients: HotRecipients.find(txs, env.coinbase, run.rules).byRecipient,
    env,
    recentHashes,
    firstHashNumber,
    rules: cloneableRules,
    extraPrecompiles: extraRecipe,
    snapshot: snapshot.buffers,
    preBlockDiff: run.state.toDiff(),
    codeArena: allocateCodeArena(codeBytes, Math.ceil(codeBytes / 512) + authorizations + 64),
    invalidMarks: new SharedArrayBuffer(Math.max(1, txs.length) * 4),
    receiptLeaves: allocateReceiptLeaves(txs.length),
    // No helpers (0) when switched off: the workers return from the queue at once.
    storageRoots: allocateStorageRootJobs(
      Math.min(65536, txs.length * 4 + 64),
      Math.max(8192, txs.length * 8),
      options.workerStorageRoots === false ? 0 : Math.max(1, threads - 1),
    ),
    collectReads: options.collectReads === true,
  };
  // Room for a few mapping-key preimages per transaction (64-byte keys; dropped ones are counted).
  if (options.profile === true)
    input.preimages = allocatePreimageArena(Math.min(64 << 20, txs.length * 4096));

  const continuable =
    auto && options.collectReads !== true && options.profile !== true && options.recordSchedule !== true;
  let stm: Awaited<ReturnType<typeof runBlockStm>>;
  const cpuAtDispatch = cpuAtStart === undefined ? undefined : threadCpu();
  try {
    stm = await runBlockStm(options.pool ?? sharedWorkerPool(), {
      vmModule: VM_MODULE,
      vmInput: input,
      txCount: txs.length,
      threads,
      hints: { readsPerTx: 24, writesPerTx: 8, locationsPerTx: 16 },
      // Sizes come from per-transaction averages; one transaction touching thousands of slots needs
      // several doublings. A re-run of a block that small is cheap, so allow many before falling back.
      maxAttempts: MAX_CAPACITY_ATTEMPTS,
      // A forced parallel run (tests, --parallel) goes to the end whatever the conflicts.
      stopOnConflicts: auto,
      // In auto mode a stopped block keeps its committed prefix and continues sequentially from there
      // (see continueSequentially); reads and profiles need the whole block on Block-STM.
      keepPrefixOnStop: continuable,
      recordTimeline: options.profile === true,
    });
  } catch (e) {
    if (
      e instanceof ParallelCapacityError ||
      e instanceof ParallelWorkerError ||
      e instanceof ParallelConflictError
    ) {
      if (e instanceof ParallelConflictError && dominant !== undefined) conflictHistory.recordChain(dominant);
      return runSequential(block, preState, chainConfig, options, `fallback: ${e.message}`, start);
    }
    throw e;
  }

  const commitStart = performance.now();
  const cpuAtCommit = cpuAtStart === undefined ? undefined : threadCpu();
  if (stm.stoppedOnConflicts !== undefined && dominant !== undefined) conflictHistory.recordChain(dominant);
  // Transactions [0, parallelEnd) are folded from Block-STM's outputs; the rest (a block stopped on
  // conflicts, or an output the parallel path does not model) run sequentially on the main thread from
  // there, in auto mode; a forced parallel run re-runs the whole block sequentially instead, as before.
  const storageRoots = new StorageRootPoster(input.storageRoots);
  let parallelEnd = stm.committed;
  let sequentialWhy =
    stm.stoppedOnConflicts === undefined
      ? ""
      : `stopped on conflicts (${stm.stoppedOnConflicts} on one worker)`;
  for (let i = 0; i < parallelEnd; i++) {
    const output = stm.outputs[i] as TxOutput;
    if (stm.failed[i] || isFallback(output)) {
      const why = stm.failed[i]
        ? `tx ${i} failed: ${output instanceof Error ? output.message : String(output)}`
        : isFallback(output)
          ? output.fallback
          : "";
      if (!continuable) {
        stm.release();
        storageRoots.close(); // the workers wait for jobs until it closes
        return runSequential(block, preState, chainConfig, options, `fallback: ${why}`, start);
      }
      parallelEnd = i;
      sequentialWhy = why;
      break;
    }
  }
  const partial = parallelEnd < txs.length;
  // The workers hash receipt leaves and take storage-root jobs only after a block run to the end (not after
  // a stop, even one that came when every transaction had committed); and a partial block's storage
  // changes again after the prefix, so its jobs would be wasted. Then the main thread does all the roots.
  const mainThreadRoots = partial || stm.stoppedOnConflicts !== undefined;
  const postJobs = options.workerStorageRoots !== false && !mainThreadRoots;
  const reads = options.collectReads === true ? preStateReads(stm.state) : undefined;
  const profile =
    input.preimages === undefined ? undefined : collectProfileData(stm, txs, env.coinbase, input.preimages);
  const diffs: StateDiff[] = [];
  const credits = new PendingCredits(run);
  const blooms = copyBlooms(input.receiptLeaves, txs.length);
  let deferredCredits = 0;
  const dependencies: number[][] = [];
  if (options.recordSchedule === true) {
    for (let i = 0; i < txs.length; i++) dependencies.push(stm.state.dependencies(i));
  }
  // Every output unpacked first, to know each account's last storage writer: once the fold passes it, that
  // account's storage is final and is posted to the workers for hashing (storage-root-jobs.ts).
  const unpacked: (UnpackedOutput | undefined)[] = new Array(txs.length);
  const postAfter: (bigint[] | undefined)[] = new Array(txs.length);
  {
    const lastWriter = new Map<bigint, number>();
    for (let i = 0; i < parallelEnd; i++) {
      const o = unpackOutput(stm.outputs[i] as PackedOutput); // checked above: not failed, not a fallback
      unpacked[i] = o;
      for (const [address, change] of o.diff) {
        if (change.storage.size > 0) lastWriter.set(address, i);
      }
    }
    for (const [address, i] of lastWriter) (postAfter[i] ??= []).push(address);
  }
  let completed = false;
  try {
    for (let i = 0; i < parallelEnd; i++) {
      const tx = txs[i]!;
      run.checkAllowance(i, tx); // throws the reference's InvalidBlockError
      const o = unpacked[i]!;
      // A transaction that did not defer its credit touched the coinbase: earlier credits come first.
      if (o.deferredFee === undefined) credits.flush();
      run.addTransaction(tx, {
        status: o.status,
        gasUsed: o.gasUsed,
        blobGasUsed: o.blobGasUsed,
        logs: o.logs,
        createdAddress: o.createdAddress,
        diff: o.diff,
        logsBloom: blooms[i]!,
      });
      if (o.deferredCredit !== undefined) {
        if (creditOverflows(run, o.deferredCredit.address, o.deferredCredit.amount)) {
          // Under ForkRules.overflowPaymentHalts that transfer halts instead (balance-credit.ts): the
          // sequential run, which does not defer, gives its result.
          const reason = "fallback: a deferred credit passes 2^256-1";
          return runSequential(block, preState, chainConfig, options, reason, start);
        }
        creditAccount(run, o.deferredCredit.address, o.deferredCredit.amount);
        deferredCredits++;
      }
      diffs.push(o.diff);
      if (o.deferredFee !== undefined) credits.add(o.deferredFee);
      const finalStorage = postAfter[i];
      if (finalStorage !== undefined) {
        for (const address of finalStorage) {
          const post = run.state.postStorage(address);
          if (postJobs && post !== undefined && worthPosting(post.size, post.written)) {
            storageRoots.post(address, post.version, post.size, post.slots);
          }
        }
      }
    }
    credits.flush();
    if (partial) {
      stm.release(); // nothing below reads the shared buffers
      storageRoots.close(); // workers that finished the block wait for jobs until it closes
      continueSequentially(run, parallelEnd);
    }
    completed = true;
  } finally {
    stm.release();
    // Workers wait for jobs until the queue closes: close it on every way out but the one to the roots.
    if (!completed || mainThreadRoots) storageRoots.close();
  }
  const foldMs = performance.now() - commitStart;
  // The workers hash the receipt leaves while this thread computes the state root (see receipt-leaves.ts).
  const workers = stm.metrics.perThread.length;
  let result: BlockResult;
  let receiptsWaitMs = 0;
  try {
    result = mainThreadRoots
      ? run.finish()
      : run.finish({
          receiptsRoot: () => {
            const t0 = performance.now();
            const root = receiptsRootFromLeaves(input.receiptLeaves, txs.length, workers);
            receiptsWaitMs = performance.now() - t0;
            return root;
          },
          storageRoots,
        });
  } finally {
    storageRoots.close();
  }
  const end = performance.now();
  const schedule =
    options.recordSchedule === true
      ? {
          execMs: Array.from(stm.execMs),
          dependencies,
          phaseMs: stm.metrics.wallMs,
          foldMs,
          rootsMs: end - commitStart - foldMs,
        }
      : undefined;
  const stats = parallelStats(
    partial
      ? `partial: txs 0-${parallelEnd - 1} from Block-STM, ${parallelEnd}-${txs.length - 1} sequential (${sequentialWhy})`
      : decision.reason,
    stm.metrics,
    result.gasUsed,
    end - start,
    end - commitStart,
    foldMs,
    deferredCredits,
    hottestAccounts(diffs),
  );
  stats.storageRootJobs = {
    posted: storageRoots.postedCount,
    takenByWorkers: storageRoots.takenCount(),
    waitedMs: storageRoots.waitedMs,
  };
  stats.receiptsRootMs = receiptsWaitMs;
  if (partial) stats.sequentialFrom = parallelEnd;
  if (cpuAtStart !== undefined && cpuAtDispatch !== undefined && cpuAtCommit !== undefined) {
    stats.mainThreadCpu = mainThreadCpu(cpuAtStart, cpuAtDispatch, cpuAtCommit, threadCpu());
  }
  const withSchedule = schedule === undefined ? stats : { ...stats, schedule };
  const out: ParallelBlockResult =
    reads === undefined ? { ...result, stats: withSchedule } : { ...result, stats: withSchedule, reads };
  if (profile !== undefined) out.profile = profile;
  return out;
}

/** The main thread's CPU time by phase (ParallelExecuteOptions.measureCpu). */
function mainThreadCpu(
  start: ThreadCpu,
  dispatch: ThreadCpu,
  commit: ThreadCpu,
  end: ThreadCpu | undefined,
): NonNullable<ParallelBlockStats["mainThreadCpu"]> {
  const last = end ?? commit;
  return {
    setupMs: dispatch.cpuMs - start.cpuMs,
    phaseMs: commit.cpuMs - dispatch.cpuMs,
    commitMs: last.cpuMs - commit.cpuMs,
    runQueueMs: last.waitMs - start.waitMs,
  };
}

/**
 * Transactions `from`.. of the block, executed on the main thread exactly as executeBlock does, on top of
 * the state the committed prefix left (the prefix's outputs are final, so that state is the sequential
 * one; pending fee credits are flushed before). Invalid transactions raise the reference's errors.
 */
function continueSequentially(run: BlockExecution, from: number): void {
  const txs = run.block.transactions;
  for (let i = from; i < txs.length; i++) {
    const tx = txs[i]!;
    run.checkAllowance(i, tx);
    let outcome: ReturnType<typeof applyTransaction>;
    try {
      outcome = applyTransaction(run.state, tx, run.env, run.rules);
    } catch (e) {
      if (e instanceof InvalidTransactionError) throw InvalidBlockError.fromTransaction(i, e);
      throw e;
    }
    run.addTransaction(tx, outcome);
  }
}

/**
 * The fee credits transactions deferred, applied where the sequential run applies them: after their
 * transactions, through the same WorldState operations, so EIP-161 touch rules give the same diff. A run of
 * consecutive deferred credits is applied together (as one sum) when the fee recipient is a non-empty
 * account: no transaction in between reads or writes it, and crediting a non-empty account never deletes
 * it, so one credit of the sum leaves exactly the state the individual credits would. An empty or absent
 * fee recipient gets its credits one by one (a zero credit deletes an empty account).
 */
class PendingCredits {
  private readonly fees: bigint[] = [];

  constructor(private readonly run: BlockExecution) {}

  add(fee: bigint): void {
    this.fees.push(fee);
  }

  flush(): void {
    if (this.fees.length === 0) return;
    const coinbase = this.run.env.coinbase;
    const account = this.run.state.getAccount(coinbase);
    const nonEmpty =
      account !== undefined &&
      (account.nonce !== 0n || account.balance !== 0n || !bytesEqual(account.codeHash, EMPTY_CODE_HASH));
    if (nonEmpty) {
      let sum = 0n;
      for (const fee of this.fees) sum += fee;
      creditAccount(this.run, coinbase, sum);
    } else {
      for (const fee of this.fees) creditAccount(this.run, coinbase, fee);
    }
    this.fees.length = 0;
  }
}

/**
 * A credit a transaction deferred, through the same WorldState operation the sequential run performs (which
 * saturates fee credits under ForkRules.overflowPaymentHalts; a sum of fees saturates as its parts would).
 */
function creditAccount(run: BlockExecution, address: bigint, amount: bigint): void {
  // EIP-161 as the block's fork has it: before Spurious Dragon a zero credit leaves an empty account.
  const state = new WorldState(run.state, run.rules.eip161);
  creditBalance(run.rules, state, address, amount);
  run.state.apply(state.finalize());
}

/** Whether a deferred value credit would halt the transfer under ForkRules.overflowPaymentHalts. */
function creditOverflows(run: BlockExecution, address: bigint, amount: bigint): boolean {
  if (run.rules.overflowPaymentHalts !== true) return false;
  return (run.state.getAccount(address)?.balance ?? 0n) + amount > MAX_BALANCE;
}
