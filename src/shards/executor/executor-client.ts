// The host's side of a shard's execution thread (worker-entry.ts): commands with replies, routing messages
// posted with a bump of the shared flag (so a thread blocked in a cross-shard call wakes), and the thread's
// own routing events handed to the listener (the shard host, which passes them to the sequencer).
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { BlockHeader } from "../../block/types.js";
import { type ErrorMessage, errorFromMessage } from "../../node/workers/state-transfer.js";
import type { InMemoryState } from "../../state/memory-state.js";
import type { SignedTransaction } from "../../tx/codec/types.js";
import type { ShardSpec } from "../chain.js";
import type { SystemOp } from "../system-ops.js";
import type { CallOutcome, CallRequest, SessionKey, Transcript } from "../transcript.js";
import type { BeginResult, HostToWorker, SealOutput, SessionResult, WorkerToHost } from "./messages.js";

const ENTRY = new URL("./worker-entry.js", import.meta.url);

export interface ExecutorEvents {
  call(request: CallRequest, key: SessionKey | undefined): void;
  inret(outcome: CallOutcome): void;
  served(index: number, status: 0 | 1 | undefined, error: Error | undefined): void;
  /** The thread died: every command in flight failed. */
  died(error: Error): void;
}

type Command = Extract<HostToWorker, { id: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class ExecutorClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private dead: Error | undefined;

  constructor(spec: ShardSpec, operatorKey: Uint8Array, events: ExecutorEvents) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(ENTRY, {
      workerData: { spec, operatorKey, port: port2, flag: this.flag },
      transferList: [port2],
    });
    this.port.on("message", (m: WorkerToHost) => {
      switch (m.type) {
        case "reply": {
          const w = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          if (m.ok) w?.resolve(m.value);
          else w?.reject(errorFromMessage(m.error));
          break;
        }
        case "call":
          events.call(m.request, m.key);
          break;
        case "inret":
          events.inret(m.outcome);
          break;
        case "served":
          if ("error" in m) events.served(m.index, undefined, errorFromMessage(m.error as ErrorMessage));
          else events.served(m.index, m.status, undefined);
          break;
      }
    });
    const die = (e: Error) => {
      this.dead ??= e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      events.died(e);
    };
    this.worker.on("error", (e) => die(new Error(`shard execution thread failed: ${e.message}`)));
    this.worker.on("exit", (code) => die(new Error(`shard execution thread exited (${code})`)));
  }

  /** Posts a message and wakes the thread if it is blocked in a cross-shard call. */
  private send(m: HostToWorker): void {
    this.port.postMessage(m);
    Atomics.add(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  private command<T>(m: DistributiveOmit<Command, "id">): Promise<T> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ ...m, id } as Command);
    });
  }

  reset(state: InMemoryState, headers: BlockHeader[]): Promise<void> {
    return this.command({ type: "reset", accounts: state.accounts, headers });
  }

  begin(k: number, header: BlockHeader, ops: SystemOp[], txs: SignedTransaction[]): Promise<BeginResult> {
    return this.command({ type: "begin", k, header, ops, txs });
  }

  session(k: number, txHash: string): Promise<SessionResult> {
    return this.command({ type: "session", k, txHash });
  }

  seal(k: number, transcript: Transcript): Promise<SealOutput> {
    return this.command({ type: "seal", k, transcript });
  }

  commit(k: number): Promise<void> {
    return this.command({ type: "commit", k });
  }

  abort(k: number): void {
    if (this.dead === undefined) this.send({ type: "abort", k });
  }

  inbound(index: number, request: CallRequest): void {
    this.send({ type: "inbound", index, request });
  }

  ret(outcome: CallOutcome): void {
    this.send({ type: "ret", outcome });
  }

  end(index: number, status: 0 | 1): void {
    this.send({ type: "end", index, status });
  }

  async close(): Promise<void> {
    this.dead ??= new Error("shard execution thread closed");
    await this.worker.terminate();
  }
}
