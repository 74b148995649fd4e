// The messages between a shard's host (main thread) and its execution thread. Commands carry an id and get
// one reply; the rest route cross-shard calls while a transaction runs (see live-port.ts).
import type { BlockHeader, BlockResult } from "../../block/types.js";
import type { AccountsMessage, ErrorMessage } from "../../node/workers/state-transfer.js";
import type { SignedTransaction } from "../../tx/codec/types.js";
import type { ExecutionWitness } from "../../witness/format.js";
import type { ShardSpec } from "../chain.js";
import type { ShardMessage, SystemOp } from "../system-ops.js";
import type { CallOutcome, CallRequest, SessionKey, Transcript } from "../transcript.js";
import type { LocalOutcome } from "./block-run.js";

export interface ExecutorInit {
  spec: ShardSpec;
  operatorKey: Uint8Array;
}

export type HostToWorker =
  | { type: "reset"; id: number; accounts: AccountsMessage; headers: BlockHeader[] }
  | { type: "begin"; id: number; k: number; header: BlockHeader; ops: SystemOp[]; txs: SignedTransaction[] }
  | { type: "session"; id: number; k: number; txHash: string }
  | { type: "seal"; id: number; k: number; transcript: Transcript }
  | { type: "commit"; id: number; k: number }
  | { type: "abort"; k: number }
  | { type: "inbound"; index: number; request: CallRequest }
  | { type: "ret"; outcome: CallOutcome }
  | { type: "end"; index: number; status: 0 | 1 };

export type WorkerToHost =
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; error: ErrorMessage }
  | { type: "call"; request: CallRequest; key?: SessionKey }
  | { type: "inret"; outcome: CallOutcome }
  | { type: "served"; index: number; status: 0 | 1 }
  | { type: "served"; index: number; error: ErrorMessage };

/** What the local phase did with each transaction given to `begin`. */
export interface BeginResult {
  /** Hashes set aside for the cross-shard phase (they call other shards), in order. */
  cross: string[];
  included: number;
  dropped: { hash: string; reason: string }[];
  deferred: string[];
  gasUsed: bigint;
}

export interface SessionResult {
  outcome: LocalOutcome;
}

/** A sealed shard block as the execution thread built, replayed and witnessed it. */
export interface SealOutput {
  header: BlockHeader;
  hash: Uint8Array;
  result: BlockResult;
  transactions: SignedTransaction[];
  witness: ExecutionWitness;
  messages: ShardMessage[];
  messageRoot: Uint8Array;
  /** Time spent executing live and replaying (ms). */
  replayMs: number;
}
