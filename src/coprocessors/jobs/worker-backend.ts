// The default job backend: a worker thread that runs jobs one after another, off the node's thread (so the
// block builder never waits for a job). A job over its time limit is abandoned: the worker is terminated
// and replaced, and the job's promise rejects.
import { Worker } from "node:worker_threads";
import type { JobBackend, JobRequest } from "./types.js";

interface Pending {
  resolve(output: Uint8Array): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface WorkerBackendOptions {
  /** Longest a job may run, in ms (default 60 s). */
  timeLimitMs?: number;
}

export class WorkerThreadBackend implements JobBackend {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly timeLimitMs: number;
  private closed = false;

  constructor(options: WorkerBackendOptions = {}) {
    this.timeLimitMs = options.timeLimitMs ?? 60_000;
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./job-worker.js", import.meta.url));
    worker.unref();
    worker.on("message", (m: { id: number; output?: Uint8Array; error?: string }) => {
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.error !== undefined || m.output === undefined) p.reject(new Error(m.error ?? "no output"));
      else p.resolve(new Uint8Array(m.output));
    });
    worker.on("error", (e) => this.failAll(e));
    return worker;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    if (!this.closed) {
      void this.worker.terminate();
      this.worker = this.spawn();
    }
  }

  run(request: JobRequest): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error("job backend closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.failAll(new Error(`job ${request.jobId} exceeded ${this.timeLimitMs} ms`)),
        this.timeLimitMs,
      );
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({
        id,
        module: request.compute.module,
        export: request.compute.export,
        payload: request.payload,
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error("job backend closed"));
    await this.worker.terminate();
  }
}
