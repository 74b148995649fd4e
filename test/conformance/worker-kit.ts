// What the conformance workers share: folding one fixture file's runner outcomes (state-test cases or
// blockchain tests) into the compact FileResult sent to the suite, and the worker's message loop.
import { parentPort } from "node:worker_threads";
import type { Failure, FileResult, FileTask, RunMessage, WorkerMessage } from "./protocol.js";

/** Keeps messages small even when a broken executor makes every account differ. */
const MAX_DIFF_LINES = 40;

/** What the fold needs of a case or test that ran. */
interface RanOutcome {
  kind: "case" | "test";
  name: string;
  pass: boolean;
  error?: string;
  diff?: string[];
}

type RunnerOutcome =
  | RanOutcome
  | { kind: "skip"; reason: string }
  | { kind: "error"; name?: string; error: string };

export interface FoldHooks<R> {
  /** Sees every case or test that ran, passing or not (for a suite's own tallies). */
  ran?(outcome: R): void;
  /** What a failure records besides name, error and diff (a state-test case's fork and index). */
  where?(outcome: R): Pick<Failure, "fork" | "index">;
}

function clipDiff(diff: string[] | undefined): string[] | undefined {
  const clipped = diff?.slice(0, MAX_DIFF_LINES);
  if (diff && diff.length > MAX_DIFF_LINES) {
    clipped?.push(`... ${diff.length - MAX_DIFF_LINES} more differences`);
  }
  return clipped;
}

/** Runs `outcomes` (a runner's lazy generator for `file`) to the end and tallies them. */
export function foldOutcomes<O extends RunnerOutcome>(
  file: string,
  outcomes: Iterable<O>,
  hooks: FoldHooks<Extract<O, RanOutcome>> = {},
): FileResult {
  const started = performance.now();
  const result: FileResult = { file, cases: 0, passed: 0, skipped: {}, failures: [], ms: 0 };
  for (const outcome of outcomes) {
    // A heartbeat per case: the suite's watchdog measures the time since the last case, not the file, so a
    // file of several slow cases (vmPerformance) on a loaded machine is not taken for a hung worker.
    parentPort?.postMessage({ type: "progress" } satisfies WorkerMessage);
    if (outcome.kind === "skip") {
      result.skipped[outcome.reason] = (result.skipped[outcome.reason] ?? 0) + 1;
      continue;
    }
    result.cases++;
    if (outcome.kind === "error") {
      result.failures.push({ file, name: outcome.name, error: outcome.error });
      continue;
    }
    const ran = outcome as Extract<O, RanOutcome>;
    hooks.ran?.(ran);
    if (ran.pass) {
      result.passed++;
      continue;
    }
    const where = hooks.where?.(ran);
    result.failures.push({
      file,
      name: ran.name,
      ...where,
      error: ran.error ?? "failed",
      diff: clipDiff(ran.diff),
    });
  }
  result.ms = performance.now() - started;
  return result;
}

/** The worker's side of the protocol: run each file it is sent, reply per file, then report idle. */
export function serveFiles(runFile: (task: FileTask) => FileResult | Promise<FileResult>): void {
  const port = parentPort;
  if (!port) return;
  // Messages are handled one after another (a file's run may await), in arrival order.
  let queue = Promise.resolve();
  port.on("message", (message: RunMessage) => {
    queue = queue.then(async () => {
      for (const task of message.files) {
        const reply: WorkerMessage = { type: "file", result: await runFile(task) };
        port.postMessage(reply);
      }
      const idle: WorkerMessage = { type: "idle" };
      port.postMessage(idle);
    });
  });
}
