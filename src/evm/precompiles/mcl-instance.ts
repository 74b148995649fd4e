// Private instances of the optional `mcl-wasm` package. mcl keeps one curve per module instance (its
// CommonJS modules hold the WebAssembly instance and the curve chosen by init), and several precompile
// backends need different curves: BN254 (bn254-mcl.ts, the package's cached instance), BLS12-381
// (bls12-381-mcl.ts) and NIST P-256 (p256-mcl.ts) each get their own copy.
import { createRequire } from "node:module";
import { dirname, sep } from "node:path";

/**
 * A private copy of the mcl-wasm package: its modules evaluated again, so a WebAssembly instance and curve of
 * its own. The require cache is restored afterwards, so other users keep (or later get) theirs. Throws when
 * the package is not installed.
 */
export function freshMclModule<T>(): T {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("mcl-wasm");
  const dir = dirname(entry) + sep;
  const saved = new Map<string, NodeJS.Module | undefined>();
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(dir)) {
      saved.set(key, require.cache[key]);
      delete require.cache[key];
    }
  }
  try {
    return require(entry) as T;
  } finally {
    for (const key of Object.keys(require.cache)) if (key.startsWith(dir)) delete require.cache[key];
    for (const [key, module] of saved) require.cache[key] = module;
  }
}
