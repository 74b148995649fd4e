// The node as a coordinator: it owns the head (block and state) and the one write lock, and wires the parts
// that do the work: admission and ordering (mempool.ts), executing and sealing blocks (block-builder.ts on
// the executor), the chain store (chain-store.ts), genesis (genesis.ts) and the devnet cheats
// (dev-controls.ts). Every change to the chain or the state (a block, a rewind, an account edit) runs under
// the lock and is applied in memory only after the store reports it durable, so what RPC serves is on disk.
import { EventEmitter } from "node:events";
import { blobBaseFee } from "../block/blob-gas.js";
import type { GethGenesis } from "../block/genesis-config.js";
import type { BlockHeader, ChainConfig } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { addressToHex, bytesEqual, bytesToBigInt, bytesToHex } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";
import { encodeTransaction } from "../tx/codec/encode.js";
import type { SignedTransaction } from "../tx/codec/types.js";
import {
  type BlockExecutor,
  nextHeader,
  type SealedBlock,
  sealBlock,
  selectTransactions,
} from "./block-builder.js";
import { blockLogLine } from "./block-log.js";
import { ChainStore } from "./chain-store.js";
import type { StoredBlock, StoredReceipt } from "./codec.js";
import {
  addCoprocessorGenesis,
  chainOptionsOf,
  coprocessorsEnabled,
  NodeJobs,
  type NodeJobsOptions,
  nodeChainConfig,
} from "./coprocessor-jobs.js";
import { type DevAccount, devAccounts } from "./dev-accounts.js";
import { DevControls, type DevHost } from "./dev-controls.js";
import { EditJournal } from "./edit-journal.js";
import { type BlockStats, executeNodeBlock } from "./execute.js";
import { genesisWrite, genesisWriteOf } from "./genesis.js";
import { type AdmissionView, Mempool, type PoolTx } from "./mempool.js";
import { isPlainTransferBlock } from "./plain-transfers.js";
import { serverError } from "./rpc-errors.js";
import { checkHead } from "./startup-check.js";
import { reverseDiff } from "./state-history.js";
import { verifyInChild } from "./store-integrity.js";
import { ExecutionWorker } from "./workers/execution-worker.js";
import { TraceRunner } from "./workers/trace-runner.js";

export interface NodeOptions {
  dataDir: string;
  chainId: bigint;
  fork: string;
  gasLimit: bigint;
  /** Mine every `blockTime` ms; undefined mines one block per transaction batch (automine). */
  blockTime?: number;
  threads: number;
  accounts: number;
  mnemonic: string;
  /** Acknowledge a block only once it is fsynced (default false: write-behind; see ChainStore). */
  durable?: boolean;
  /** WebAssembly contracts (docs/compute-model.md); on unless false. */
  wasm?: boolean;
  /** Hardhat's throwOnTransactionFailures (methods/send-failures.ts); default false: anvil's answer. */
  throwOnTransactionFailures?: boolean;
  /** The code-size limit in bytes (`--code-size-limit`; EIP-170's 24,576 when absent; initcode twice it). */
  codeSizeLimit?: number;
  /**
   * Contract impersonation: EIP-3607 is off in the node's blocks, so an impersonated account with code can
   * send (the pool admits such a sender only while it is impersonated). Default false; startNode turns it
   * on unless in sequencer mode.
   */
  contractSenders?: boolean;
  /**
   * Balances past 2^256-1 (reachable through anvil_setBalance) handled as anvil and EDR (revm) do: a transfer
   * that would pass it fails with all its gas used (ForkRules.overflowPaymentHalts). Default false; startNode
   * turns it on unless in sequencer mode.
   */
  overflowPayments?: boolean;
  /** One line per mined block and other notices; silent when absent. */
  log?: (line: string) => void;
  /** The built-in co-processors and the async job queue (default true; docs/coprocessors.md). */
  coprocessors?: boolean;
  /** Backends of the async job service (default: worker threads). */
  jobs?: NodeJobsOptions;
  /**
   * A geth genesis.json (`--genesis`): its fork schedule replaces `fork`, its alloc and header make block 0
   * (no dev-account funding, no co-processor predeploy), and `chainId` must be its chain id.
   */
  genesis?: GethGenesis;
  /** The chain config to use instead of nodeChainConfig(options) (a shard adds its cross-shard precompile). */
  chainConfig?: ChainConfig;
  /** Adds the chain's own predeploys to a new data directory's genesis state (after the co-processors'). */
  predeploys?: (state: InMemoryState) => void;
  /**
   * Blocks come from outside (a shard's superblocks, src/shards) through commitExternal: the node never
   * mines (no automine, no interval, `mine` refuses), and a submitted transaction is answered once
   * `awaitInclusion(hash)` resolves, i.e. once the block holding it is durable.
   */
  external?: ExternalBlocks;
}

/** How a node whose blocks come from outside tells senders that their transaction is in a durable block. */
export interface ExternalBlocks {
  awaitInclusion(hashHex: string): Promise<void>;
}

export interface MinedBlock {
  block: StoredBlock;
  receipts: StoredReceipt[];
  stats: BlockStats;
}

export class LanesNode extends EventEmitter<{ block: [MinedBlock]; pending: [PoolTx] }> implements DevHost {
  readonly config: ChainConfig;
  readonly accounts: DevAccount[];
  readonly mempool = new Mempool();
  readonly dev: DevControls;
  /** Runs debug_trace* requests off the event loop. */
  readonly traces = new TraceRunner();
  state: InMemoryState;
  head: StoredBlock;
  /** The block gas limit of the blocks mined from now on (evm_setBlockGasLimit changes it). */
  gasLimit: bigint;
  private automineOn: boolean;
  private intervalMs: number | undefined;
  /** Executes blocks on a replica of `state` on its own thread (workers/), kept in step with `state`. */
  private readonly executor: ExecutionWorker;
  private lastExecution = 0;
  private readonly execute: BlockExecutor;
  private lock: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private historic: { head: string; number: bigint; state: InMemoryState } | undefined;
  /** The dev edits' undos, for evm_revert (a snapshot records the next sequence number; DevControls drops
   * the journal when no snapshot is live). */
  private readonly edits = new EditJournal();
  /** The async co-processor job service (when co-processors are on). */
  jobs: NodeJobs | undefined;
  /** Why recently dropped transactions were dropped (the last 1,000), for their senders' replies. */
  private readonly dropped = new Map<string, string>();

  private constructor(
    readonly options: NodeOptions,
    readonly store: ChainStore,
    state: InMemoryState,
    head: StoredBlock,
    accounts: DevAccount[],
  ) {
    super();
    this.config = options.chainConfig ?? nodeChainConfig({ ...options, spec: options.genesis?.spec });
    this.state = state;
    this.head = head;
    this.accounts = accounts;
    this.gasLimit = options.gasLimit;
    this.automineOn = options.blockTime === undefined && options.external === undefined;
    this.intervalMs = options.blockTime;
    this.dev = new DevControls(this);
    this.executor = new ExecutionWorker({
      chain: chainOptionsOf(options),
      threads: options.threads,
      state: () => this.state,
    });
    this.execute = async (block) => {
      if (isPlainTransferBlock(block, this.state)) {
        // Bounded and cheap (no code runs but the system calls): not worth two thread hops.
        this.lastExecution = 0;
        return executeNodeBlock(block, this.state, this.config, {
          threads: this.options.threads,
          blockHash: this.blockHashOf,
        });
      }
      const out = await this.executor.execute(block, this.blockHashOf);
      this.lastExecution = out.id;
      return out;
    };
  }

  /**
   * Opens the chain in `options.dataDir`, creating it (with its genesis) only when the directory holds no
   * environment yet. An existing environment is checked first (store-integrity.ts: file size against LMDB's
   * meta pages, every record's checksum in a child process), then its head (startup-check.ts); a damaged
   * one is refused with DamagedStoreError, never replaced.
   */
  static async open(options: NodeOptions): Promise<LanesNode> {
    const config = options.chainConfig ?? nodeChainConfig({ ...options, spec: options.genesis?.spec });
    if (options.genesis !== undefined && options.genesis.spec.chainId !== options.chainId)
      throw new Error(`chain id ${options.chainId} is not the genesis' ${options.genesis.spec.chainId}`);
    const fromGenesis = options.genesis && genesisWriteOf(options.genesis.header, options.genesis.state);
    const accounts = devAccounts(options.mnemonic, options.accounts);
    const store = new ChainStore(options.dataDir, options.durable === true);
    // A failed group fsync or write-behind is never silent (its blocks may not survive a crash).
    store.onFlushError = (e) =>
      process.stderr.write(`WARNING: data directory ${options.dataDir}: ${e.message}\n`);
    try {
      if (store.existed && !store.isEmpty()) {
        verifyInChild(options.dataDir);
        const meta = store.genesisMeta();
        if (meta !== undefined && meta.chainId !== options.chainId.toString()) {
          throw new Error(
            `data directory ${options.dataDir} holds chain id ${meta.chainId}, not ${options.chainId}`,
          );
        }
        const stored = store.block(0n);
        if (fromGenesis !== undefined && stored !== undefined && !bytesEqual(stored.hash, fromGenesis.hash)) {
          throw new Error(
            `data directory ${options.dataDir} holds genesis ${bytesToHex(stored.hash)}, not the genesis file's ` +
              bytesToHex(fromGenesis.hash),
          );
        }
      } else if (fromGenesis !== undefined) {
        await store.commitGenesis(
          { chainId: options.chainId.toString(), createdBy: "lanes node --genesis" },
          fromGenesis,
        );
      } else {
        const now = BigInt(Math.floor(Date.now() / 1000));
        const genesis = genesisWrite(
          accounts.map((a) => a.address),
          options.gasLimit,
          now,
          config,
          (state) => {
            if (coprocessorsEnabled(options)) addCoprocessorGenesis(state, options.mnemonic);
            options.predeploys?.(state);
          },
        );
        await store.commitGenesis({ chainId: options.chainId.toString(), createdBy: "lanes node" }, genesis);
      }
      const { head, state } = checkHead(store);
      const node = new LanesNode(options, store, state, head, accounts);
      if (coprocessorsEnabled(options)) node.jobs = new NodeJobs(node, options.jobs);
      if (options.blockTime !== undefined && options.external === undefined) {
        node.setIntervalMining(options.blockTime);
      }
      return node;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  // ----- head and state -----

  get automine(): boolean {
    return this.automineOn;
  }

  get blockTime(): number | undefined {
    return this.intervalMs;
  }

  headNumber(): bigint {
    return this.head.header.number;
  }

  headTimestamp(): bigint {
    return this.head.header.timestamp;
  }

  rulesFor(number: bigint, timestamp: bigint): ForkRules {
    return this.config.rulesAt(number, timestamp);
  }

  /** The rules of the next block (at the head's time + 1, as admission checks them). */
  pendingRules(): ForkRules {
    return this.rulesFor(this.head.header.number + 1n, this.head.header.timestamp + 1n);
  }

  get headRules(): ForkRules {
    return this.rulesFor(this.head.header.number, this.head.header.timestamp);
  }

  /** The header the next block would have before execution (its number, time, base fee, gas limit...). */
  pendingHeader(): BlockHeader {
    const parent = this.head.header;
    const p = this.dev.nextBlock(parent.timestamp);
    const rules = this.rulesFor(parent.number + 1n, p.timestamp);
    return nextHeader(parent, { ...p, gasLimit: this.gasLimit, rules });
  }

  /** Base fee of the block that would be mined next. */
  nextBaseFee(): bigint {
    return this.pendingHeader().baseFeePerGas!;
  }

  nextBlobBaseFee(): bigint {
    const h = this.pendingHeader();
    return blobBaseFee(h.excessBlobGas ?? 0n, this.rulesFor(h.number, h.timestamp));
  }

  nonceOf = (address: bigint): bigint => this.state.getAccount(address)?.nonce ?? 0n;

  /** The next nonce counting the sender's pending pool transactions. */
  pendingNonce(address: bigint): bigint {
    let n = this.nonceOf(address);
    for (const run of this.mempool.pending(this.nonceOf)) {
      if (run[0]!.signed.tx.sender === address) n += BigInt(run.length);
    }
    return n;
  }

  blockHashOf = (number: bigint): bigint => {
    const b = this.store.block(number);
    return b === undefined ? 0n : bytesToBigInt(b.hash);
  };

  /** The full state after block `number` (the head's is the live one; older ones are rebuilt). */
  stateAt(number: bigint): InMemoryState {
    const headNumber = this.head.header.number;
    if (number === headNumber) return this.state;
    if (number > headNumber || number < 0n) throw serverError(`block ${number} not found`);
    const key = bytesToHex(this.head.hash);
    if (this.historic?.head === key && this.historic.number === number) return this.historic.state;
    const state = this.state.clone();
    for (let n = headNumber; n > number; n--) {
      const reverse = this.store.reverseDiff(n);
      if (reverse === undefined) throw serverError(`state of block ${number} is not available`);
      state.applyDiff(reverse);
    }
    this.historic = { head: key, number, state };
    return state;
  }

  headerOf(number: bigint): BlockHeader | undefined {
    return this.store.block(number)?.header;
  }

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  // ----- transactions -----

  private admissionView(): AdmissionView {
    const next = this.head.header.number + 1n;
    return {
      chainId: this.options.chainId,
      rules: this.rulesFor(next, this.head.header.timestamp + 1n),
      gasLimit: this.gasLimit,
      state: this.state,
      isMined: (hash) => this.store.txLocation(hash) !== undefined,
      mayHaveCode: (sender) => this.dev.impersonated.has(sender),
    };
  }

  /**
   * Admits a transaction to the pool (mempool.ts's checks against the head); with automine, resolves once a
   * block holding it (if it is executable now) is durable.
   */
  async submit(signed: SignedTransaction): Promise<string> {
    if (this.closed) throw serverError("node is shutting down");
    const entry = this.mempool.admit(signed, this.admissionView());
    this.emit("pending", entry);
    if (this.options.external !== undefined) {
      await this.options.external.awaitInclusion(entry.hashHex);
      return entry.hashHex;
    }
    const tx = signed.tx;
    if (this.automineOn && tx.nonce < this.pendingNonce(tx.sender)) {
      await this.mineWhilePending();
      const reason = this.dropped.get(entry.hashHex);
      if (reason !== undefined) throw serverError(`transaction dropped: ${reason}`);
    }
    return entry.hashHex;
  }

  /** A transaction from an impersonated account: no signature, the sender is asserted. */
  impersonatedTransaction(tx: SignedTransaction["tx"]): SignedTransaction {
    const { sender, ...body } = tx;
    // A placeholder signature that makes the encoding (and so the hash) unique per sender.
    const v = tx.type === 0 ? (tx.chainId === undefined ? 27n : tx.chainId * 2n + 35n) : 0n;
    const raw = encodeTransaction(body, { v, r: sender === 0n ? 1n : sender, s: 1n });
    return { tx, hash: keccak256(raw), raw, v, r: sender, s: 1n };
  }

  /** Removes a pooled transaction (anvil_dropTransaction); false when it is not in the pool. */
  dropTransaction(hashHex: string): boolean {
    const entry = this.mempool.get(hashHex);
    if (entry === undefined) return false;
    this.mempool.remove(entry);
    return true;
  }

  // ----- mining -----

  /** Automine: mine until no executable transaction is left (one block normally holds all of them). */
  private mineWhilePending(): Promise<void> {
    return this.withLock(async () => {
      for (let i = 0; i < 64; i++) {
        if (this.mempool.pending(this.nonceOf).length === 0) return;
        const mined = await this.mineLocked(undefined);
        if (mined.block.txHashes.length === 0) return;
      }
    });
  }

  /** evm_mine: one block now, empty or not. */
  mine(timestamp?: bigint): Promise<MinedBlock> {
    if (this.closed) return Promise.reject(serverError("node is shutting down"));
    if (this.options.external !== undefined) {
      return Promise.reject(serverError("this chain's blocks come from its sequencer"));
    }
    return this.withLock(() => this.mineLocked(timestamp));
  }

  private async mineLocked(timestampOverride: bigint | undefined): Promise<MinedBlock> {
    const parent = this.head.header;
    const next = this.dev.nextBlock(parent.timestamp, timestampOverride);
    const rules = this.rulesFor(parent.number + 1n, next.timestamp);
    const pending = this.mempool.pending(this.nonceOf);
    // The head's hash is known: not re-hashed from its header for each of the two headers built here.
    const parentHash = this.head.hash;
    const baseFee = nextHeader(parent, { ...next, gasLimit: this.gasLimit, rules, parentHash })
      .baseFeePerGas!;
    const chosen = selectTransactions(pending, baseFee, this.gasLimit, rules);
    const sealed = await sealBlock(parent, chosen, {
      ...next,
      parentHash,
      gasLimit: this.gasLimit,
      rules,
      state: this.state,
      execute: this.execute,
      drop: (bad: PoolTx, reason: string) => {
        // The state rejects it now: drop it; its sender's later transactions stay queued.
        this.options.log?.(`dropping transaction ${bad.hashHex}: ${reason}`);
        this.mempool.remove(bad);
        this.dropped.set(bad.hashHex, reason);
        if (this.dropped.size > 1000) this.dropped.delete(this.dropped.keys().next().value!);
      },
    });
    await this.store.commitBlock(sealed.write, true); // write-behind in dev mode (ChainStore)
    return this.publish(sealed);
  }

  /**
   * Commits a block sealed outside the builder (chain-import.ts): `seal` runs under the lock on the head it
   * must extend, and the block is published like a mined one once durable.
   */
  commitImported(seal: () => Promise<SealedBlock>): Promise<MinedBlock> {
    if (this.closed) return Promise.reject(serverError("node is shutting down"));
    return this.withLock(async () => {
      const sealed = await seal();
      await this.store.commitBlock(sealed.write);
      this.lastExecution = 0;
      this.historic = undefined;
      return this.publish(sealed);
    });
  }

  /**
   * Commits a block built outside the node (NodeOptions.external): it must extend the head; it is durable
   * before it is published, as a mined block is.
   */
  commitExternal(sealed: SealedBlock): Promise<MinedBlock> {
    return this.withLock(async () => {
      if (!bytesEqual(sealed.block.header.parentHash, this.head.hash)) {
        throw new Error(`block ${sealed.block.header.number} does not extend the head`);
      }
      await this.store.commitBlock(sealed.write);
      return this.publish(sealed, true);
    });
  }

  /** After the block is durable: apply it in memory, advance the head, notify. */
  private publish(sealed: SealedBlock, external = false): MinedBlock {
    const diff = sealed.write.diff;
    this.state.applyDiff(diff);
    if (external || this.lastExecution === 0) this.executor.apply(diff);
    else this.executor.commit(this.lastExecution);
    this.head = sealed.block;
    this.dev.blockMined();
    for (const c of sealed.chosen) this.mempool.remove(c);
    this.mempool.prune(this.nonceOf);
    this.logBlock(sealed.block, sealed.stats);
    const mined = { block: sealed.block, receipts: sealed.receipts, stats: sealed.stats };
    this.emit("block", mined);
    return mined;
  }

  setAutomine(on: boolean): void {
    this.automineOn = on && this.options.external === undefined;
  }

  /** Mine every `ms` milliseconds (0 or undefined: stop interval mining). */
  setIntervalMining(ms: number | undefined): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.intervalMs = ms === 0 ? undefined : ms;
    if (this.intervalMs === undefined || this.closed || this.options.external !== undefined) return;
    this.timer = setInterval(() => {
      this.mine().catch((e: unknown) => this.options.log?.(`mining failed: ${(e as Error).message}`));
    }, this.intervalMs);
    this.timer.unref?.();
  }

  private logBlock(block: StoredBlock, stats: BlockStats): void {
    const log = this.options.log;
    if (log === undefined) return;
    log(blockLogLine(block, stats));
  }

  // ----- edits (DevHost) -----

  /** Applies `diff` to the head state outside any block, durably (with the state root it leaves). */
  commitEdit(diff: StateDiff): Promise<void> {
    return this.withLock(async () => {
      const undo = reverseDiff(this.state, diff);
      this.state.applyDiff(diff);
      let root: Uint8Array;
      try {
        root = this.state.stateRoot();
        await this.store.commitStateEdit(diff, root);
      } catch (e) {
        // Not durable (a value out of range, a failed write): the head state stays as it was.
        this.state.applyDiff(undo);
        throw e;
      }
      this.executor.apply(diff);
      this.edits.record(this.head.header.number, undo);
      this.historic = undefined;
    });
  }

  editSeq(): number {
    return this.edits.nextEditSeq();
  }

  forgetEditsBefore(seq: number): Promise<void> {
    return this.withLock(async () => {
      this.edits.forgetBefore(seq);
    });
  }

  /**
   * Drops every block above `number` and undoes the dev edits numbered `fromEdit` or later (evm_revert), in
   * reverse order of their making: an edit made on head k comes after block k and before block k + 1.
   */
  rewindTo(number: bigint, fromEdit: number): Promise<void> {
    return this.withLock(async () => {
      const headNumber = this.head.header.number;
      if (number > headNumber || (number === headNumber && !this.edits.hasFrom(fromEdit))) return;
      const editUndos = this.edits.undosFrom(fromEdit, number, headNumber);
      const target = this.store.block(number)!;
      const state = this.state.clone();
      for (let n = headNumber; n >= number; n--) {
        for (const undo of editUndos.get(n) ?? []) state.applyDiff(undo);
        if (n === number) break;
        const reverse = this.store.reverseDiff(n);
        if (reverse === undefined) throw serverError(`state of block ${number} is not available`);
        state.applyDiff(reverse);
      }
      // Edits made before the snapshot stay: record the root when it is not the block's.
      const root = state.stateRoot();
      await this.store.rewindTo(
        number,
        headNumber,
        bytesEqual(root, target.header.stateRoot) ? undefined : root,
        editUndos,
      );
      this.edits.dropFrom(fromEdit);
      this.state = state;
      this.executor.reset(this.state);
      this.head = target;
      this.historic = undefined;
      this.mempool.prune(this.nonceOf);
    });
  }

  // ----- accounts -----

  devAccountKey(address: bigint): Uint8Array | undefined {
    return this.accounts.find((a) => a.address === address)?.privateKey;
  }

  describeAccounts(): string {
    const lines = ["Available accounts", "=================="];
    for (const [i, a] of this.accounts.entries()) lines.push(`(${i}) ${addressToHex(a.address)} (10000 ETH)`);
    lines.push("", "Private keys", "==================");
    for (const [i, a] of this.accounts.entries()) lines.push(`(${i}) ${bytesToHex(a.privateKey)}`);
    return lines.join("\n");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    // Let a block in flight finish committing before the environment closes.
    await this.withLock(async () => undefined);
    await this.executor.close();
    await this.traces.close();
    await this.jobs?.close();
    await this.store.close();
  }
}

export type { PoolTx };
