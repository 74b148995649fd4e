// The boundary between the sequencer and a shard: what the sequencer asks of a shard for each superblock,
// and the routing of cross-shard calls in both directions. Every method is asynchronous and every value is
// plain data (link/codec.ts serialises it), so the boundary can be a function call (a shard in the same
// process) or a socket (a shard in its own process, link/).
import type { ShardMessage, SystemOp } from "./system-ops.js";
import type { CallOutcome, CallRequest, SessionKey, Transcript } from "./transcript.js";

export interface ShardStatus {
  shardId: number;
  chainId: bigint;
  rpcUrl: string;
  headNumber: number;
  headHash: Uint8Array;
  headStateRoot: Uint8Array;
  /** A block sealed and durable but not yet committed: the sequencer decides its fate. */
  prepared?: { k: number; blockHash: Uint8Array };
  /** Executable transactions waiting in the pool. */
  pending: number;
}

export interface BeginParams {
  k: number;
  timestamp: bigint;
  /** Deposits and messages to deliver first. */
  ops: SystemOp[];
}

export interface ShardBegun {
  /** Transactions set aside for the cross-shard phase, in this shard's order (hashes). */
  cross: string[];
  included: number;
  dropped: number;
  deferred: number;
}

export type SessionReply =
  | { included: true; status: 0 | 1 }
  | { included: false; reason: string; dropped: boolean };

/** A shard's block of superblock k, prepared (durable, invisible until commit). */
export interface ShardCommitment {
  k: number;
  blockHash: Uint8Array;
  stateRoot: Uint8Array;
  messageRoot: Uint8Array;
  witnessHash: Uint8Array;
  /** Messages the block sent (to other shards: delivered in the next superblock; to the L1: withdrawals). */
  messages: ShardMessage[];
  txCount: number;
  gasUsed: bigint;
  /** Execution-thread time of sealing (replay and witness), ms. */
  sealMs: number;
}

/** What a shard tells the sequencer without being asked. */
export interface ShardListener {
  /** The shard's running transaction makes a cross-shard call. */
  call(shard: number, request: CallRequest, key: SessionKey | undefined): void;
  /** The shard answers the call it was running. */
  inret(shard: number, outcome: CallOutcome): void;
  /** The shard's serve transaction for session `index` finished (or failed). */
  served(shard: number, index: number, status: 0 | 1 | undefined, error: string | undefined): void;
  /** New executable transactions arrived. */
  work(shard: number): void;
  /** The shard is gone (its process died, its thread failed): the superblock in flight is lost. */
  down(shard: number, reason: string): void;
}

export interface ShardEndpoint {
  readonly shardId: number;
  setListener(listener: ShardListener): void;
  status(): Promise<ShardStatus>;
  /** Starts the shard's block of superblock k: deliver, then the local phase. */
  begin(p: BeginParams): Promise<ShardBegun>;
  /** Runs one of this shard's cross-shard transactions, live (calls are routed while it runs). */
  session(k: number, txHash: string): Promise<SessionReply>;
  /** Finishes, replays and witnesses the block, and stores it prepared. */
  seal(k: number, transcript: Transcript): Promise<ShardCommitment>;
  /** The sequencer decided: the prepared block becomes the shard's head. */
  commit(k: number): Promise<void>;
  /**
   * Every shard has committed superblock k: the shard now answers the senders of its transactions in it (so a
   * sender that reads any shard after its answer sees the whole superblock).
   */
  published(k: number): void;
  /** The sequencer gave superblock k up: everything of it is dropped. */
  abort(k: number): Promise<void>;
  /** Routing: a call from another shard for this one to run (the first of a session starts a serve). */
  inbound(index: number, request: CallRequest): void;
  /** Routing: the answer to this shard's outstanding call. */
  ret(outcome: CallOutcome): void;
  /** Routing: session `index` is over (status of its origin transaction): the serve ends. */
  end(index: number, status: 0 | 1): void;
  close(): Promise<void>;
}
