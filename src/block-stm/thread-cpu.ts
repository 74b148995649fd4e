// This thread's CPU time and run-queue wait, from Linux's /proc/thread-self/schedstat (nanoseconds on a CPU,
// nanoseconds runnable but waiting for one). Read twice per block per worker, never per transaction: it
// tells a thread that was slow because it computed from one that was slow because another process held
// its core (the 2-core development machine is shared; see docs/parallel.md, "Where the time goes").
import { readFileSync } from "node:fs";

export interface ThreadCpu {
  cpuMs: number;
  waitMs: number;
}

let available = true;

/** Undefined where the kernel does not provide it (not Linux, no /proc, schedstats off). */
export function threadCpu(): ThreadCpu | undefined {
  if (!available) return undefined;
  try {
    const fields = readFileSync("/proc/thread-self/schedstat", "latin1").split(" ");
    const cpuNs = Number(fields[0]);
    const waitNs = Number(fields[1]);
    if (!Number.isFinite(cpuNs) || !Number.isFinite(waitNs)) throw new Error("unexpected schedstat");
    return { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    available = false;
    return undefined;
  }
}
