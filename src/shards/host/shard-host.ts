// A shard, hosted: its chain (a LanesNode whose blocks come from the sequencer), its JSON-RPC server, its
// superblock store, and its execution thread. It implements the sequencer's ShardEndpoint: begin (the
// shard picks its pool's transactions and runs the deliver and local phases), session (one of its
// cross-shard transactions), seal (block replayed, witnessed, stored prepared), commit and abort. A
// transaction sent to the shard's RPC is answered once the superblock holding it is committed.
import { join } from "node:path";
import type { BlockHeader } from "../../block/types.js";
import { nextHeader, type SealedBlock, sealBlock, selectTransactions } from "../../node/block-builder.js";
import { DEFAULT_MNEMONIC } from "../../node/dev-accounts.js";
import { LanesNode, type MinedBlock } from "../../node/devnode.js";
import type { PoolTx } from "../../node/mempool.js";
import { serverError } from "../../node/rpc-errors.js";
import { DEFAULT_RPC_LIMITS, RpcServer } from "../../node/rpc-server.js";
import { bytesEqual, bytesToHex } from "../../primitives/hex.js";
import { privateKeyToAddress } from "../../primitives/secp256k1.js";
import { addShardGenesis, operatorKey, type ShardSpec, shardChain } from "../chain.js";
import { ExecutorClient } from "../executor/executor-client.js";
import type {
  BeginParams,
  SessionReply,
  ShardBegun,
  ShardCommitment,
  ShardEndpoint,
  ShardListener,
  ShardStatus,
} from "../protocol.js";
import {
  type CallOutcome,
  type CallRequest,
  encodeTranscript,
  type Transcript,
  transcriptHash,
} from "../transcript.js";
import { encodeWitness, witnessHash as witnessHashOf } from "../witness-codec.js";
import { shardMethods } from "./rpc-methods.js";
import { type PreparedBlock, ShardStore } from "./shard-store.js";

/** Default gas limit of a shard block. */
export const SHARD_GAS_LIMIT = 60_000_000n;
/** Gas kept free of pool transactions in each block, for the system transactions (deliver, serves). */
export const SYSTEM_GAS_RESERVE = 10_000_000n;

export interface ShardHostOptions {
  spec: Omit<ShardSpec, "operator">;
  dataDir: string;
  host?: string;
  port?: number;
  mnemonic?: string;
  /** Prefunded dev accounts (default 10, anvil's keys); 0 for none. */
  accounts?: number;
  gasLimit?: bigint;
  /** Fee recipient of the shard's blocks. */
  coinbase?: bigint;
  log?: (line: string) => void;
  /** How long eth_sendRawTransaction waits for the transaction's superblock (default 120 s). */
  inclusionTimeoutMs?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

interface InFlight {
  k: number;
  parent: BlockHeader;
  header: BlockHeader;
  chosen: Map<string, PoolTx>;
}

const NO_LISTENER: ShardListener = {
  call() {},
  inret() {},
  served() {},
  work() {},
  down() {},
};

export class ShardHost implements ShardEndpoint {
  readonly shardId: number;
  private listener: ShardListener = NO_LISTENER;
  private readonly waiters = new Map<string, Waiter[]>();
  /** Committed blocks whose senders wait for the whole superblock to be committed (published). */
  private readonly unpublished = new Map<number, MinedBlock>();
  private inFlight: InFlight | undefined;
  private prepared: PreparedBlock | undefined;
  /** The execution thread holds the prepared block (false after a restart: it is reset on commit). */
  private executorHasPrepared = false;
  private closed = false;
  node!: LanesNode;
  server!: RpcServer;
  store!: ShardStore;
  private executor!: ExecutorClient;

  private constructor(
    readonly options: ShardHostOptions,
    readonly spec: ShardSpec,
  ) {
    this.shardId = spec.shardId;
  }

  static async open(options: ShardHostOptions): Promise<ShardHost> {
    const mnemonic = options.mnemonic ?? DEFAULT_MNEMONIC;
    const key = operatorKey(mnemonic);
    const spec: ShardSpec = { ...options.spec, operator: privateKeyToAddress(key) };
    const host = new ShardHost(options, spec);
    const rpcChain = shardChain(spec); // its precompile keeps the simulation port: eth_call sees one shard
    host.node = await LanesNode.open({
      dataDir: join(options.dataDir, "chain"),
      chainId: spec.chainId,
      fork: spec.fork,
      gasLimit: options.gasLimit ?? SHARD_GAS_LIMIT,
      threads: 1,
      accounts: options.accounts ?? 10,
      mnemonic,
      coprocessors: false,
      chainConfig: rpcChain.config,
      predeploys: (state) => addShardGenesis(state, spec.operator),
      external: { awaitInclusion: (hash) => host.awaitInclusion(hash) },
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    try {
      host.store = new ShardStore(join(options.dataDir, "superblocks"));
      await host.recover();
      host.node.on("block", (mined) => host.settle(mined));
      host.executor = new ExecutorClient(spec, key, {
        call: (request, k) => host.listener.call(host.shardId, request, k),
        inret: (outcome) => host.listener.inret(host.shardId, outcome),
        served: (index, status, error) => host.listener.served(host.shardId, index, status, error?.message),
        died: (e) => {
          if (!host.closed) host.listener.down(host.shardId, e.message);
        },
      });
      await host.executor.reset(host.node.state, host.recentHeaders());
      host.server = await RpcServer.start(host.node, {
        host: options.host ?? "127.0.0.1",
        port: options.port ?? 0,
        ...DEFAULT_RPC_LIMITS,
        devMethods: false,
        extraMethods: shardMethods(host),
        ...(options.log === undefined ? {} : { log: options.log }),
      });
    } catch (e) {
      await host.node.close();
      await host.store?.close();
      await host.executor?.close();
      throw e;
    }
    return host;
  }

  /** After a restart: a prepared block already in the chain gets its sidecar kept; a newer one waits. */
  private async recover(): Promise<void> {
    const p = this.store.preparedBlock();
    if (p === undefined) return;
    const n = p.sealed.write.number;
    const head = this.node.head.header.number;
    if (n <= head) {
      const stored = this.node.store.block(n);
      if (stored === undefined || !bytesEqual(stored.hash, p.sealed.write.hash)) {
        throw new Error(`shard ${this.shardId}: the prepared block ${n} conflicts with the chain`);
      }
      await this.store.committed(p.sidecar);
      return;
    }
    if (n !== head + 1n)
      throw new Error(`shard ${this.shardId}: the prepared block ${n} does not follow ${head}`);
    this.prepared = p;
  }

  private recentHeaders(): BlockHeader[] {
    const out: BlockHeader[] = [];
    const head = this.node.head.header.number;
    for (let n = head > 256n ? head - 256n : 0n; n <= head; n++) {
      const b = this.node.store.block(n);
      if (b !== undefined) out.push(b.header);
    }
    return out;
  }

  get url(): string {
    return this.server.url;
  }

  setListener(listener: ShardListener): void {
    this.listener = listener;
  }

  // ----- transactions from the RPC -----

  private awaitInclusion(hashHex: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timeout = this.options.inclusionTimeoutMs ?? 120_000;
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.removeWaiter(hashHex, waiter);
        reject(serverError("the transaction is pooled but no superblock has included it yet"));
      }, timeout);
      timer.unref?.();
      const list = this.waiters.get(hashHex) ?? [];
      list.push(waiter);
      this.waiters.set(hashHex, list);
      this.listener.work(this.shardId);
    });
  }

  private removeWaiter(hashHex: string, waiter: Waiter): void {
    const list = this.waiters.get(hashHex)?.filter((w) => w !== waiter);
    if (list === undefined || list.length === 0) this.waiters.delete(hashHex);
    else this.waiters.set(hashHex, list);
  }

  /** A committed block: its transactions' senders get their answer once every shard has committed it. */
  private settle(mined: MinedBlock): void {
    this.unpublished.set(Number(mined.block.header.number), mined);
  }

  published(k: number): void {
    for (const [n, mined] of this.unpublished) {
      if (n > k) continue;
      this.unpublished.delete(n);
      this.answer(mined);
    }
  }

  private answer(mined: MinedBlock): void {
    for (const hash of mined.block.txHashes) {
      const key = bytesToHex(hash);
      const list = this.waiters.get(key);
      if (list === undefined) continue;
      this.waiters.delete(key);
      for (const w of list) w.resolve();
    }
  }

  private drop(hashHex: string, reason: string): void {
    const entry = this.node.mempool.get(hashHex);
    if (entry !== undefined) this.node.mempool.remove(entry);
    this.options.log?.(`shard ${this.shardId}: dropping transaction ${hashHex}: ${reason}`);
    const list = this.waiters.get(hashHex);
    this.waiters.delete(hashHex);
    for (const w of list ?? []) w.reject(serverError(`transaction dropped: ${reason}`));
  }

  // ----- the sequencer's side -----

  async status(): Promise<ShardStatus> {
    const head = this.node.head;
    const out: ShardStatus = {
      shardId: this.shardId,
      chainId: this.spec.chainId,
      rpcUrl: this.url,
      headNumber: Number(head.header.number),
      headHash: head.hash,
      headStateRoot: head.header.stateRoot,
      pending: this.node.mempool.counts(this.node.nonceOf).pending,
    };
    if (this.prepared !== undefined) {
      out.prepared = {
        k: Number(this.prepared.sealed.write.number),
        blockHash: this.prepared.sealed.write.hash,
      };
    }
    return out;
  }

  async begin(p: BeginParams): Promise<ShardBegun> {
    if (this.prepared !== undefined) throw new Error(`shard ${this.shardId} holds a prepared block`);
    const parent = this.node.head.header;
    if (parent.number !== BigInt(p.k - 1)) {
      throw new Error(`shard ${this.shardId} is at block ${parent.number}, not ${p.k - 1}`);
    }
    const gasLimit = this.node.gasLimit;
    const rules = this.node.rulesFor(BigInt(p.k), p.timestamp);
    const coinbase = this.options.coinbase ?? 0n;
    const header = nextHeader(parent, { timestamp: p.timestamp, gasLimit, coinbase, rules });
    const room = gasLimit > SYSTEM_GAS_RESERVE ? gasLimit - SYSTEM_GAS_RESERVE : gasLimit / 2n;
    const chosen = selectTransactions(
      this.node.mempool.pending(this.node.nonceOf),
      header.baseFeePerGas!,
      room,
      rules,
    );
    this.inFlight = { k: p.k, parent, header, chosen: new Map(chosen.map((c) => [c.hashHex, c])) };
    const begun = await this.executor.begin(
      p.k,
      header,
      p.ops,
      chosen.map((c) => c.signed),
    );
    for (const d of begun.dropped) this.drop(d.hash, d.reason);
    return {
      cross: begun.cross,
      included: begun.included,
      dropped: begun.dropped.length,
      deferred: begun.deferred.length,
    };
  }

  async session(k: number, txHash: string): Promise<SessionReply> {
    this.current(k);
    const { outcome } = await this.executor.session(k, txHash);
    if (outcome.kind === "included") return { included: true, status: outcome.status };
    if (outcome.kind === "dropped") this.drop(txHash, outcome.reason);
    const reason = outcome.kind === "escaped" ? "escaped twice" : outcome.reason;
    return { included: false, reason, dropped: outcome.kind === "dropped" };
  }

  private current(k: number): InFlight {
    const f = this.inFlight;
    if (f === undefined || f.k !== k)
      throw new Error(`shard ${this.shardId} is not building superblock ${k}`);
    return f;
  }

  async seal(k: number, transcript: Transcript): Promise<ShardCommitment> {
    const f = this.current(k);
    const out = await this.executor.seal(k, transcript);
    const chosen: PoolTx[] = out.transactions.map((s) => {
      const hashHex = bytesToHex(s.hash);
      return f.chosen.get(hashHex) ?? { signed: s, hashHex, seq: -1 };
    });
    const extraData = transcriptHash(transcript);
    const stats = {
      mode: "superblock",
      txCount: out.transactions.length,
      threads: 1,
      executions: out.transactions.length,
      reExecutions: 0,
      wallMs: out.replayMs,
      superblock: k,
      sessions: transcript.length,
    };
    const sealed: SealedBlock = await sealBlock(f.parent, chosen, {
      timestamp: f.header.timestamp,
      gasLimit: f.header.gasLimit,
      coinbase: f.header.coinbase,
      rules: this.node.rulesFor(f.header.number, f.header.timestamp),
      extraData,
      state: this.node.state,
      execute: async (block) => {
        if (block.transactions.length !== out.transactions.length)
          throw new Error("sealed transactions differ");
        return { result: out.result, stats };
      },
      drop: () => {
        throw new Error("a sealed shard block cannot drop transactions");
      },
    });
    if (!bytesEqual(sealed.block.hash, out.hash)) {
      throw new Error(
        `shard ${this.shardId} block ${k}: the host's seal differs from the execution thread's`,
      );
    }
    const prepared: PreparedBlock = {
      sealed,
      sidecar: {
        k,
        blockHash: out.hash,
        transcript: encodeTranscript(transcript),
        witness: encodeWitness(out.witness),
        witnessHash: witnessHashOf(out.witness),
        messageRoot: out.messageRoot,
        messages: out.messages,
      },
    };
    await this.store.prepare(prepared);
    this.prepared = prepared;
    this.executorHasPrepared = true;
    return {
      k,
      blockHash: out.hash,
      stateRoot: out.header.stateRoot,
      messageRoot: out.messageRoot,
      witnessHash: prepared.sidecar.witnessHash,
      messages: out.messages,
      txCount: out.transactions.length,
      gasUsed: out.result.gasUsed,
      sealMs: out.replayMs,
    };
  }

  async commit(k: number): Promise<void> {
    const p = this.prepared;
    if (p === undefined || p.sealed.write.number !== BigInt(k)) {
      if (this.node.head.header.number >= BigInt(k)) return; // committed already (a repeated decision)
      throw new Error(`shard ${this.shardId} has no prepared block for superblock ${k}`);
    }
    await this.node.commitExternal(p.sealed);
    await this.store.committed(p.sidecar);
    this.prepared = undefined;
    this.inFlight = undefined;
    if (this.executorHasPrepared) await this.executor.commit(k);
    else await this.executor.reset(this.node.state, this.recentHeaders());
    this.executorHasPrepared = false;
  }

  async abort(k: number): Promise<void> {
    this.executor.abort(k);
    if (this.inFlight?.k === k) this.inFlight = undefined;
    if (this.prepared !== undefined && this.prepared.sealed.write.number === BigInt(k)) {
      await this.store.dropPrepared();
      this.prepared = undefined;
      this.executorHasPrepared = false;
    }
  }

  inbound(index: number, request: CallRequest): void {
    this.executor.inbound(index, request);
  }

  ret(outcome: CallOutcome): void {
    this.executor.ret(outcome);
  }

  end(index: number, status: 0 | 1): void {
    this.executor.end(index, status);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [, list] of this.waiters)
      for (const w of list) w.reject(serverError("shard is shutting down"));
    this.waiters.clear();
    await this.server?.close();
    await this.executor?.close();
    await this.node.close();
    await this.store.close();
  }
}
