// A full garbage collection between timed runs, outside the timed region, so neither engine pays for the
// other's garbage. Node exposes gc() only with --expose-gc; the flag is set at runtime and gc() fetched from
// a fresh context, where V8 installs it, so `node compare.js` needs no flags.
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

export const gcAvailable = gcFn !== undefined;

export function collectGarbage(): void {
  gcFn?.();
}
