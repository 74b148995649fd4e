// The trace thread: runs one job at a time (a trace, trace-jobs.ts, or an execution witness, witness-job.ts)
// and replies with its JSON text, so neither the execution nor the serialization of a large result holds the
// RPC server's event loop. The node ends the thread when a job runs past its timeout.
import { parentPort } from "node:worker_threads";
import type { TraceJob } from "../trace-jobs.js";
import { runTraceJob } from "../trace-jobs.js";
import { runWitnessJob, type WitnessJob } from "../witness-job.js";
import { type AccountsMessage, errorToMessage, stateFromMessage } from "./state-transfer.js";

export interface TraceRequest {
  id: number;
  job: TraceJob | WitnessJob;
  accounts: AccountsMessage;
}

parentPort!.on("message", (m: TraceRequest) => {
  try {
    const state = stateFromMessage(m.accounts);
    if (m.job.kind === "witness") {
      const { value, oldest } = runWitnessJob(m.job, state);
      parentPort!.postMessage({ id: m.id, ok: true, json: JSON.stringify(value), oldest });
    } else {
      parentPort!.postMessage({ id: m.id, ok: true, json: JSON.stringify(runTraceJob(m.job, state)) });
    }
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: errorToMessage(e) });
  }
});
