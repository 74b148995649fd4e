// Streams fixture files to worker threads in small chunks, so both cores stay busy until the last file.
// A worker that hangs on a file (watchdog) or dies is replaced; that file is reported failed, the rest of
// its chunk is run again, and the suite goes on.
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import type { FileResult, FileTask, RunMessage, WorkerMessage } from "./protocol.js";

export interface PoolOptions {
  workerUrl: URL;
  workers: number;
  /** Files per message: small enough to balance the tail, large enough to amortise messaging. */
  chunkSize: number;
  /** A worker silent this long (no case finished) is treated as hung and restarted. */
  fileTimeoutMs: number;
  /**
   * Stretch the watchdog by the machine's load (1-minute load average per core, when above 1): a worker
   * thread on a machine shared by 25 runnable threads gets a tenth of a core, and a case that takes 20 s of
   * CPU then takes minutes of wall time without being hung.
   */
  scaleWithLoad?: boolean;
  onResult(result: FileResult): void;
}

function failedFile(file: string, error: string, ms: number): FileResult {
  return { file, cases: 1, passed: 0, skipped: {}, failures: [{ file, error }], ms };
}

/** Runs `files` (in the given order, largest first is best) and resolves when each one has a result. */
export function runFilesInWorkers(files: readonly FileTask[], options: PoolOptions): Promise<void> {
  const queue = [...files];
  let outstanding = files.length;
  let live = 0;

  return new Promise((resolve, reject) => {
    const finishFile = (result: FileResult) => {
      outstanding--;
      options.onResult(result);
    };

    const spawn = () => {
      live++;
      // Default resource limits: nested EVM frames live on the EVM's frame stack, not the JS stack.
      const worker = new Worker(options.workerUrl);
      let pending: FileTask[] = [];
      let timer: NodeJS.Timeout | undefined;
      let since = performance.now();
      let retired = false;

      const watchdog = (what: string) => {
        clearTimeout(timer);
        const load = options.scaleWithLoad ? Math.max(1, loadavg()[0]! / availableParallelism()) : 1;
        const ms = Math.round(options.fileTimeoutMs * load);
        timer = setTimeout(() => fail(`timed out after ${ms / 1000} s${what}`), ms);
      };
      const arm = () => {
        since = performance.now();
        watchdog("");
      };
      const retire = () => {
        if (retired) return;
        retired = true;
        clearTimeout(timer);
        live--;
        if (outstanding === 0 && live === 0) resolve();
      };
      const next = () => {
        pending = queue.splice(0, options.chunkSize);
        if (pending.length === 0) {
          retire();
          void worker.terminate();
          return;
        }
        arm();
        const message: RunMessage = { type: "run", files: pending };
        worker.postMessage(message);
      };
      // The file at the head of `pending` is the one the worker was on when it hung or died.
      const fail = (reason: string) => {
        if (retired) return;
        const [current, ...rest] = pending;
        pending = [];
        retire();
        void worker.terminate();
        if (current !== undefined) {
          finishFile(
            failedFile(current.file, `${current.file}: worker ${reason}`, performance.now() - since),
          );
        }
        queue.unshift(...rest);
        if (queue.length > 0) spawn();
        else if (outstanding === 0 && live === 0) resolve();
      };

      worker.on("message", (message: WorkerMessage) => {
        // Late messages from a retired worker are dropped: its files were reported failed or requeued.
        if (retired) return;
        if (message.type === "file") {
          pending = pending.filter((t) => t.file !== message.result.file);
          finishFile(message.result);
          arm();
        } else if (message.type === "progress") {
          // Re-arm without resetting `since`: a failed file's time stays the whole file's.
          watchdog(" without finishing a case");
        } else next();
      });
      // A crash is reported at "exit", not at "error": the results the worker posted just before it crashed
      // may still be in flight when "error" arrives, and failing then blamed the crash on the file whose
      // result was in flight (it happened: a3 reported as crashed instead of crash-1). Node drains the
      // worker's message ports before it emits "exit", so by then `pending` names the file it died on.
      let crash: string | undefined;
      worker.on("error", (e) => {
        crash = `crashed: ${e instanceof Error ? e.message : String(e)}`;
      });
      worker.on("exit", (code) => {
        if (!retired) fail(crash ?? `exited with code ${code}`);
      });
      worker.on("online", next);
    };

    if (files.length === 0) {
      resolve();
      return;
    }
    try {
      for (let i = 0; i < Math.max(1, Math.min(options.workers, files.length)); i++) spawn();
    } catch (e) {
      reject(e);
    }
  });
}
