// The trace thread: runs one trace job at a time (trace-jobs.ts) and replies with its JSON text, so neither
// the execution nor the serialization of a large trace holds the RPC server's event loop. The node ends the
// thread when a trace runs past its timeout.
import { parentPort } from "node:worker_threads";
import type { TraceJob } from "../trace-jobs.js";
import { runTraceJob } from "../trace-jobs.js";
import { type AccountsMessage, errorToMessage, stateFromMessage } from "./state-transfer.js";

export interface TraceRequest {
  id: number;
  job: TraceJob;
  accounts: AccountsMessage;
}

parentPort!.on("message", (m: TraceRequest) => {
  try {
    const json = JSON.stringify(runTraceJob(m.job, stateFromMessage(m.accounts)));
    parentPort!.postMessage({ id: m.id, ok: true, json });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: errorToMessage(e) });
  }
});
