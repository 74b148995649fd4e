// A persistent pool of worker threads for Block-STM, kept across blocks: starting a worker costs tens of
// milliseconds (a fresh isolate plus module loading), far more than executing a typical block, so workers
// are spawned on first need and reused. Each block costs one message to each participating worker and one
// reply back. The entry file is resolved relative to this module, so the pool works from dist/ wherever
// the package is installed. Idle workers are unref'd: a pool nobody closed does not keep the process alive.
import { Worker } from "node:worker_threads";
import type { RunBlockMessage, WorkerReply } from "./messages.js";

const ENTRY = new URL("./worker-entry.js", import.meta.url);

export interface WorkerPoolOptions {
  /** Upper bound on threads (default: 8). A run asking for more gets this many. */
  maxThreads?: number;
  /**
   * Each worker's young generation, in MB (default 64). Executing transactions allocates mostly short-lived
   * values (bigints, frames, per-call maps) while the block's outputs live until the reply, so every
   * scavenge copies those outputs again; V8's default young generation for a worker is small enough that
   * scavenges took a visible share of the Block-STM phase. A larger one means fewer of them (figures:
   * docs/parallel.md, "Garbage collection").
   */
  youngGenerationMb?: number;
}

/** Raised when a worker thread dies (not when a VM throws: that is a transaction output). */
export class WorkerCrashError extends Error {
  override name = "WorkerCrashError";
}

export class WorkerPool {
  readonly maxThreads: number;
  private readonly workers: (Worker | undefined)[] = [];
  /** Settles when the last queued run has finished: runs execute one after another, in call order. */
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  private readonly youngGenerationMb: number;

  constructor(options: WorkerPoolOptions = {}) {
    this.maxThreads = Math.max(1, options.maxThreads ?? 8);
    this.youngGenerationMb = options.youngGenerationMb ?? 64;
  }

  /** Threads spawned so far. */
  get size(): number {
    return this.workers.filter((w) => w !== undefined).length;
  }

  /**
   * Sends `messages[i]` to worker i and resolves with the replies in the same order, once every worker has
   * replied (or died). `onCrash` runs as soon as a worker dies, so the caller can abort the block through
   * shared memory and let the others finish. A run asked for while another is in flight waits for it (the
   * workers hold one block at a time): concurrent callers are queued in call order, never refused.
   */
  async run(messages: RunBlockMessage[], onCrash: () => void): Promise<WorkerReply[]> {
    if (this.closed) throw new Error("WorkerPool is closed");
    if (messages.length > this.maxThreads) throw new Error(`at most ${this.maxThreads} threads`);
    const previous = this.tail;
    let finished!: () => void;
    this.tail = new Promise<void>((resolve) => {
      finished = resolve;
    });
    try {
      await previous;
      if (this.closed) throw new Error("WorkerPool is closed");
      const settled = await Promise.allSettled(messages.map((m, i) => this.runOne(i, m, onCrash)));
      const replies: WorkerReply[] = [];
      for (const s of settled) {
        if (s.status === "rejected") throw s.reason;
        replies.push(s.value);
      }
      return replies;
    } finally {
      finished();
    }
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w?.terminate()));
  }

  private worker(i: number): Worker {
    let w = this.workers[i];
    if (!w) {
      w = new Worker(ENTRY, {
        name: `lanes-stm-${i}`,
        resourceLimits: { maxYoungGenerationSizeMb: this.youngGenerationMb },
      });
      w.unref();
      this.workers[i] = w;
    }
    return w;
  }

  private runOne(i: number, message: RunBlockMessage, onCrash: () => void): Promise<WorkerReply> {
    const w = this.worker(i);
    return new Promise<WorkerReply>((resolve, reject) => {
      const cleanup = () => {
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        w.unref();
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.blockId !== message.blockId) return;
        cleanup();
        resolve(reply);
      };
      const die = (error: Error) => {
        cleanup();
        if (this.workers[i] === w) this.workers[i] = undefined;
        void w.terminate();
        onCrash();
        reject(error);
      };
      const onError = (error: Error) => die(new WorkerCrashError(`worker ${i} crashed: ${error.message}`));
      const onExit = (code: number) => die(new WorkerCrashError(`worker ${i} exited with code ${code}`));
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.ref();
      try {
        w.postMessage(message);
      } catch (e) {
        cleanup(); // e.g. an uncloneable vmInput: the worker never started
        reject(e);
      }
    });
  }
}
