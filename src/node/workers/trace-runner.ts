// The node's side of the trace thread (trace-entry.ts): one trace at a time, a bounded queue behind it, and a
// timeout per trace. A trace past its timeout (or out of its thread's heap) ends the thread; the next trace
// starts a new one. The thread's heap is capped, so a runaway trace can never take the process down.
import { Worker } from "node:worker_threads";
import type { InMemoryState } from "../../state/memory-state.js";
import { serverError } from "../rpc-errors.js";
import type { TraceJob } from "../trace-jobs.js";
import type { WitnessJob } from "../witness-job.js";
import { type ErrorMessage, errorFromMessage, stateToMessage } from "./state-transfer.js";
import type { TraceRequest } from "./trace-entry.js";

const ENTRY = new URL("./trace-entry.js", import.meta.url);

type Reply =
  | { id: number; ok: true; json: string; oldest?: bigint }
  | { id: number; ok: false; error: ErrorMessage };

/** A job's JSON text and, for a witness, the oldest block BLOCKHASH read (witness-job.ts). */
export interface JobReply {
  json: string;
  oldest?: bigint;
}

export interface TraceRunnerOptions {
  /** Traces waiting behind the running one before new ones are refused. */
  maxQueued: number;
  /** The trace thread's old-generation heap (MB). */
  heapMb: number;
}

export class TraceRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(private readonly options: TraceRunnerOptions = { maxQueued: 16, heapMb: 2048 }) {}

  /** Runs `job` on `state` and resolves with the trace's JSON text; -32000 "execution timeout" past `timeoutMs`. */
  run(job: TraceJob, state: InMemoryState, timeoutMs: number): Promise<string> {
    return this.runJob(job, state, timeoutMs).then((r) => r.json);
  }

  /** Runs a trace or witness job, with the same queue bound and timeout as `run`. */
  runJob(job: TraceJob | WitnessJob, state: InMemoryState, timeoutMs: number): Promise<JobReply> {
    if (this.queued >= this.options.maxQueued) throw serverError("too many trace requests in progress");
    this.queued++;
    // Copied now: the head state may change while the trace waits its turn.
    const request: TraceRequest = {
      id: this.nextId++,
      job,
      accounts: structuredClone(stateToMessage(state)),
    };
    const run = this.queue.then(() => this.runNow(request, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run.finally(() => this.queued--);
  }

  private runNow(request: TraceRequest, timeoutMs: number): Promise<JobReply> {
    const w = this.thread();
    return new Promise<JobReply>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("exit", onExit);
      };
      const onMessage = (r: Reply) => {
        if (r.id !== request.id) return;
        done();
        if (r.ok) resolve(r.oldest === undefined ? { json: r.json } : { json: r.json, oldest: r.oldest });
        else reject(errorFromMessage(r.error));
      };
      const onExit = () => {
        done();
        reject(serverError("trace failed: the trace thread ran out of memory or crashed"));
      };
      const timer = setTimeout(() => {
        done();
        this.kill(w);
        reject(serverError("execution timeout"));
      }, timeoutMs);
      w.on("message", onMessage);
      w.on("exit", onExit);
      w.postMessage(request);
    });
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const w = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb } });
    w.unref();
    w.on("error", () => undefined);
    w.on("exit", () => {
      if (this.worker === w) this.worker = undefined;
    });
    this.worker = w;
    return w;
  }

  private kill(w: Worker): void {
    if (this.worker === w) this.worker = undefined;
    void w.terminate();
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }
}
