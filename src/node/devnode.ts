// The node itself: chain head, current state, mempool and miner over the LMDB store. Every change to the
// chain or the state (a block, a rewind, a balance edit) runs under one async lock and is applied in memory
// only after the store reports it durable, so what RPC serves is always on disk.
import { EventEmitter } from "node:events";
import { blobBaseFee } from "../block/blob-gas.js";
import { fixedForkConfig } from "../block/chain-config.js";
import { InvalidBlockError } from "../block/errors.js";
import { encodeHeader } from "../block/header.js";
import { transactionsRoot } from "../block/result-validation.js";
import type { BlockHeader, ChainConfig } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { addressToHex, bytesEqual, bytesToBigInt, bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";
import { stateRoot } from "../trie/index.js";
import { encodeTransaction } from "../tx/codec/encode.js";
import type { SignedTransaction } from "../tx/codec/types.js";
import { validateStatic } from "../tx/codec/validate-static.js";
import { effectiveGasPrice, nextHeader, selectTransactions } from "./block-builder.js";
import { ChainStore } from "./chain-store.js";
import { encodeBlockRecord, type StoredBlock, type StoredReceipt } from "./codec.js";
import { type DevAccount, devAccounts } from "./dev-accounts.js";
import { type BlockStats, executeNodeBlock, HeadSnapshot } from "./execute.js";
import { genesisHeader, genesisState } from "./genesis.js";
import { Mempool, type PoolTx } from "./mempool.js";
import { isTxError, serverError, txError } from "./rpc-errors.js";
import { reverseDiff } from "./state-history.js";

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
  /** WebAssembly contracts (docs/compute-model.md); on unless false. */
  wasm?: boolean;
  /** One line per mined block and other notices; silent when absent. */
  log?: (line: string) => void;
}

export interface MinedBlock {
  block: StoredBlock;
  receipts: StoredReceipt[];
  stats: BlockStats;
}

interface Snapshot {
  number: bigint;
}

export class LanesNode extends EventEmitter<{ block: [MinedBlock] }> {
  readonly config: ChainConfig;
  readonly accounts: DevAccount[];
  readonly mempool = new Mempool();
  readonly impersonated = new Set<bigint>();
  state: InMemoryState;
  head: StoredBlock;
  private nextTimestamp: bigint | undefined;
  private readonly snapshots = new Map<number, Snapshot>();
  private snapshotId = 0;
  /** The head state in shared memory for the parallel executor, kept in step with `state`. */
  private readonly headSnapshot = new HeadSnapshot();
  private lock: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private historic: { head: string; number: bigint; state: InMemoryState } | undefined;

  private constructor(
    readonly options: NodeOptions,
    readonly store: ChainStore,
    state: InMemoryState,
    head: StoredBlock,
    accounts: DevAccount[],
  ) {
    super();
    this.config = fixedForkConfig(options.chainId, options.fork, { wasm: options.wasm !== false });
    this.state = state;
    this.head = head;
    this.accounts = accounts;
  }

  static async open(options: NodeOptions): Promise<LanesNode> {
    const config = fixedForkConfig(options.chainId, options.fork, { wasm: options.wasm !== false });
    const accounts = devAccounts(options.mnemonic, options.accounts);
    const store = new ChainStore(options.dataDir);
    try {
      const meta = store.genesisMeta();
      if (meta === undefined || store.headNumber() === undefined) {
        const state = genesisState(accounts.map((a) => a.address));
        const header = genesisHeader(state, options.gasLimit, BigInt(Math.floor(Date.now() / 1000)));
        if (!config.rulesAt(0n, header.timestamp).eip7685) delete header.requestsHash;
        const headerRlp = encodeHeader(header);
        const hash = keccak256(headerRlp);
        const diff: StateDiff = new Map();
        for (const [address, a] of state.accounts) {
          diff.set(address, {
            account: { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash },
            code: a.code,
            storageCleared: false,
            storage: new Map(a.storage),
          });
        }
        await store.commitGenesis(
          { chainId: options.chainId.toString(), createdBy: "lanes node" },
          {
            number: 0n,
            hash,
            record: encodeBlockRecord(headerRlp, [], [], []),
            txHashes: [],
            receipts: [],
            diff,
            reverse: new Map(),
          },
        );
      } else if (meta.chainId !== options.chainId.toString()) {
        throw new Error(
          `data directory ${options.dataDir} holds chain id ${meta.chainId}, not ${options.chainId}`,
        );
      }
      const headNumber = store.headNumber()!;
      const head = store.block(headNumber);
      if (head === undefined) throw new Error(`data directory is missing head block ${headNumber}`);
      const state = store.loadState();
      // Crash check: the flat state must be exactly the head block's post-state.
      if (!store.stateEdited() && !bytesEqual(stateRoot(state.accounts), head.header.stateRoot)) {
        throw new Error(`state tables do not match the state root of head block ${headNumber}`);
      }
      const node = new LanesNode(options, store, state, head, accounts);
      if (options.blockTime !== undefined) node.startInterval(options.blockTime);
      return node;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  get automine(): boolean {
    return this.options.blockTime === undefined;
  }

  rulesFor(number: bigint, timestamp: bigint): ForkRules {
    return this.config.rulesAt(number, timestamp);
  }

  get headRules(): ForkRules {
    return this.rulesFor(this.head.header.number, this.head.header.timestamp);
  }

  /** Base fee of the block that would be mined next. */
  nextBaseFee(): bigint {
    return nextHeader(this.head.header, {
      timestamp: this.head.header.timestamp + 1n,
      gasLimit: this.options.gasLimit,
      coinbase: 0n,
      rules: this.headRules,
    }).baseFeePerGas!;
  }

  nextBlobBaseFee(): bigint {
    const h = nextHeader(this.head.header, {
      timestamp: this.head.header.timestamp + 1n,
      gasLimit: this.options.gasLimit,
      coinbase: 0n,
      rules: this.headRules,
    });
    return blobBaseFee(h.excessBlobGas ?? 0n, this.headRules);
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

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Admits a transaction to the pool after the checks geth's pool makes against the current state; with
   * automine, resolves once a block holding it (if it is executable now) is durable.
   */
  async submit(signed: SignedTransaction): Promise<string> {
    if (this.closed) throw serverError("node is shutting down");
    const { tx } = signed;
    const hashHex = bytesToHex(signed.hash);
    if (this.mempool.get(hashHex) !== undefined || this.store.txLocation(signed.hash) !== undefined) {
      throw serverError("already known");
    }
    if (tx.chainId !== undefined && tx.chainId !== this.options.chainId) {
      throw serverError("invalid chain id for signer");
    }
    const rules = this.headRules;
    try {
      validateStatic(tx, rules);
    } catch (e) {
      if (isTxError(e)) throw txError(e);
      throw e;
    }
    if (tx.gasLimit > this.options.gasLimit) throw serverError("exceeds block gas limit");
    if (tx.nonce < this.nonceOf(tx.sender)) throw serverError("nonce too low");
    const maxFee = tx.type >= 2 ? tx.maxFeePerGas : tx.gasPrice;
    if (tx.type >= 2 && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
      throw serverError("max priority fee per gas higher than max fee per gas");
    }
    const blobGas = tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * 131072n : 0n;
    const cost = tx.gasLimit * maxFee + tx.value + blobGas * tx.maxFeePerBlobGas;
    if ((this.state.getAccount(tx.sender)?.balance ?? 0n) < cost) {
      throw serverError("insufficient funds for gas * price + value");
    }
    const code = this.state.getCode(tx.sender);
    if (
      code.length > 0 &&
      !(code.length === 23 && code[0] === 0xef && code[1] === 0x01 && code[2] === 0x00)
    ) {
      throw serverError("sender not an eoa");
    }
    this.mempool.add(signed, hashHex);
    if (this.automine && tx.nonce < this.pendingNonce(tx.sender)) await this.mineWhilePending();
    return hashHex;
  }

  /** A transaction from an impersonated account: no signature, the sender is asserted. */
  impersonatedTransaction(tx: SignedTransaction["tx"]): SignedTransaction {
    const { sender, ...body } = tx;
    // A placeholder signature that makes the encoding (and so the hash) unique per sender.
    const v = tx.type === 0 ? (tx.chainId === undefined ? 27n : tx.chainId * 2n + 35n) : 0n;
    const raw = encodeTransaction(body, { v, r: sender === 0n ? 1n : sender, s: 1n });
    return { tx, hash: keccak256(raw), raw, v, r: sender, s: 1n };
  }

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
    return this.withLock(() => this.mineLocked(timestamp));
  }

  setNextBlockTimestamp(timestamp: bigint): void {
    if (timestamp <= this.head.header.timestamp) {
      throw serverError(
        `timestamp ${timestamp} is not after the head block's timestamp ${this.head.header.timestamp}`,
      );
    }
    this.nextTimestamp = timestamp;
  }

  private async mineLocked(timestampOverride: bigint | undefined): Promise<MinedBlock> {
    const parent = this.head.header;
    const now = BigInt(Math.floor(Date.now() / 1000));
    let timestamp = timestampOverride ?? this.nextTimestamp ?? now;
    if (timestamp <= parent.timestamp) timestamp = parent.timestamp + 1n;
    const rules = this.rulesFor(parent.number + 1n, timestamp);
    const header = nextHeader(parent, { timestamp, gasLimit: this.options.gasLimit, coinbase: 0n, rules });
    const baseFee = header.baseFeePerGas!;
    let chosen = selectTransactions(this.mempool.pending(this.nonceOf), baseFee, header.gasLimit, rules);

    let execution: Awaited<ReturnType<typeof executeNodeBlock>> | undefined;
    while (execution === undefined) {
      const block = { header, transactions: chosen.map((e) => e.signed.tx), withdrawals: [] };
      try {
        execution = await executeNodeBlock(block, this.state, this.config, {
          threads: this.options.threads,
          blockHash: this.blockHashOf,
          snapshot: this.headSnapshot,
        });
      } catch (e) {
        if (!(e instanceof InvalidBlockError) || e.txIndex === undefined || chosen[e.txIndex] === undefined) {
          throw e;
        }
        // The state rejects this transaction now (e.g. its sender spent the funds earlier in the block):
        // drop it from the pool, keep its sender's later transactions queued, and build again.
        const bad = chosen[e.txIndex]!;
        this.options.log?.(`dropping transaction ${bad.hashHex}: ${e.message}`);
        this.mempool.remove(bad);
        const sender = bad.signed.tx.sender;
        chosen = chosen.filter((c, i) => i < e.txIndex! || c.signed.tx.sender !== sender);
      }
    }
    const { result, stats } = execution;
    header.stateRoot = result.stateRoot;
    header.transactionsRoot = transactionsRoot(chosen.map((c) => c.signed.raw));
    header.receiptsRoot = result.receiptsRoot;
    header.logsBloom = result.logsBloom;
    header.gasUsed = result.gasUsed;
    header.blobGasUsed = result.blobGasUsed;
    if (result.withdrawalsRoot !== undefined) header.withdrawalsRoot = result.withdrawalsRoot;
    if (result.requestsHash !== undefined) header.requestsHash = result.requestsHash;
    const headerRlp = encodeHeader(header);
    const hash = keccak256(headerRlp);
    const blobPrice = blobBaseFee(header.excessBlobGas ?? 0n, rules);
    const receipts: StoredReceipt[] = result.receipts.map((r, i) => {
      const tx = chosen[i]!.signed.tx;
      const blobGasUsed = tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * 131072n : 0n;
      return {
        ...r,
        effectiveGasPrice: effectiveGasPrice(tx, baseFee),
        blobGasUsed,
        blobGasPrice: blobPrice,
      };
    });
    const txHashes = chosen.map((c) => c.signed.hash);
    const senders = chosen.map((c) => c.signed.tx.sender);
    const record = encodeBlockRecord(
      headerRlp,
      chosen.map((c) => c.signed.raw),
      txHashes,
      senders,
    );
    const gasPerTx = chosen.length === 0 ? 0 : Number(result.gasUsed) / chosen.length;
    const storedStats = { ...stats, gasUsed: result.gasUsed.toString(), gasPerTx };
    await this.store.commitBlock({
      number: header.number,
      hash,
      record,
      txHashes,
      receipts,
      diff: result.diff,
      reverse: reverseDiff(this.state, result.diff),
      stats: storedStats,
    });
    // Durable: now the block becomes visible.
    this.state.applyDiff(result.diff);
    this.headSnapshot.applied(this.state, result.diff);
    const stored: StoredBlock = {
      header,
      hash,
      rawTransactions: chosen.map((c) => c.signed.raw),
      txHashes,
      senders,
      size: record.length,
    };
    this.head = stored;
    this.nextTimestamp = undefined;
    for (const c of chosen) this.mempool.remove(c);
    this.mempool.prune(this.nonceOf);
    this.logBlock(stored, stats);
    const mined = { block: stored, receipts, stats };
    this.emit("block", mined);
    return mined;
  }

  private logBlock(block: StoredBlock, stats: BlockStats): void {
    const log = this.options.log;
    if (log === undefined) return;
    const h = block.header;
    // "parallelism": summed worker busy time over the parallel phase's wall time (the speedup achieved by
    // the Block-STM phase); a sequential block shows why it ran sequentially instead.
    const speed =
      stats.mode === "parallel" && typeof stats.parallelism === "number"
        ? `parallelism=${stats.parallelism.toFixed(2)}x`
        : `sequential (${stats.reason ?? "n/a"})`;
    log(
      `block ${h.number} ${bytesToHex(block.hash).slice(0, 14)}… txs=${block.txHashes.length} gas=${h.gasUsed} ` +
        `${speed} threads=${stats.threads} executions=${stats.executions} re-executions=${stats.reExecutions} ` +
        `exec=${stats.wallMs.toFixed(1)}ms`,
    );
  }

  /** anvil_setBalance: edits the head state directly (no block), durably. */
  setBalance(address: bigint, balance: bigint): Promise<void> {
    return this.withLock(async () => {
      const a = this.state.getAccount(address);
      const diff: StateDiff = new Map([
        [
          address,
          {
            account: { nonce: a?.nonce ?? 0n, balance, codeHash: a?.codeHash ?? EMPTY_CODE_HASH },
            storageCleared: false,
            storage: new Map(),
          },
        ],
      ]);
      await this.store.commitStateEdit(diff);
      this.state.applyDiff(diff);
      this.headSnapshot.applied(this.state, diff);
      this.historic = undefined;
    });
  }

  snapshot(): number {
    const id = ++this.snapshotId;
    this.snapshots.set(id, { number: this.head.header.number });
    return id;
  }

  /** evm_revert: back to the head at snapshot `id`; that snapshot and later ones are used up. */
  revert(id: number): Promise<boolean> {
    return this.withLock(async () => {
      const snap = this.snapshots.get(id);
      if (snap === undefined) return false;
      for (const k of [...this.snapshots.keys()]) if (k >= id) this.snapshots.delete(k);
      const headNumber = this.head.header.number;
      if (snap.number < headNumber) {
        await this.store.rewindTo(snap.number, headNumber);
        this.state = this.store.loadState();
        this.head = this.store.block(snap.number)!;
        this.historic = undefined;
        this.mempool.prune(this.nonceOf);
      }
      this.nextTimestamp = undefined;
      return true;
    });
  }

  private startInterval(ms: number): void {
    this.timer = setInterval(() => {
      this.mine().catch((e: unknown) => this.options.log?.(`mining failed: ${(e as Error).message}`));
    }, ms);
    this.timer.unref?.();
  }

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

  headerOf(number: bigint): BlockHeader | undefined {
    return this.store.block(number)?.header;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    // Let a block in flight finish committing before the environment closes.
    await this.withLock(async () => undefined);
    await this.store.close();
  }
}

export type { PoolTx };
