// Entry point of a job worker thread (worker-backend.ts): imports the compute module a job names (cached by
// the module loader) and runs its export on the job's payload, one job at a time.
import { parentPort } from "node:worker_threads";
import type { JobCompute } from "./types.js";

interface RunMessage {
  id: number;
  module: string;
  export: string;
  payload: unknown;
}

const port = parentPort;
if (port) {
  port.on("message", (m: RunMessage) => {
    import(m.module)
      .then((mod: Record<string, unknown>) => {
        const compute = mod[m.export];
        if (typeof compute !== "function") throw new Error(`${m.module} has no export ${m.export}`);
        const output = (compute as JobCompute)(m.payload);
        port.postMessage({ id: m.id, output });
      })
      .catch((e: unknown) =>
        port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
      );
  });
}
