// An optional (`--gc`) full garbage collection before each timed run, outside the timed region, so that
// neither engine pays for garbage the other left behind. Off by default: measured here, it made Lanes'
// short runs slower and noisier (ethereumjs unchanged), likely because V8 shrinks the heap after a forced
// full GC and the next allocation-heavy run pays to grow it again; alternating the engines' order already
// spreads inherited garbage over both. Node only exposes gc() with --expose-gc, and `npm run bench:evm`
// passes no flags, so the flag is set at runtime and gc() is fetched from a fresh context, where V8
// installs it.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

function obtainGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return existing;
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
