// A full garbage collection between timed runs, outside the timed region, so neither engine pays for the
// other's garbage (used by the workload benchmarks, `lanes bench`, and `bench:evm --gc`). Node exposes gc()
// only with --expose-gc; the flag is set at runtime and gc() fetched from a fresh context, where V8 installs
// it, so no flags are needed. In bench:evm it is off by default: a forced full GC made Lanes' short runs
// slower and noisier there (V8 shrinks the heap, the next run pays to grow it again).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

function obtainGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === "function") return existing as () => void;
  try {
    setFlagsFromString("--expose-gc");
    const fn: unknown = runInNewContext("gc");
    return typeof fn === "function" ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
}

const gcFn = obtainGc();

/** Whether collectGarbage() really collects (reported in the output). */
export const gcAvailable = gcFn !== undefined;

export function collectGarbage(): void {
  gcFn?.();
}
