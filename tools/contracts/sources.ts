// The Solidity sources of the benchmark contracts and their fingerprint. The wrapper contracts live beside
// this file; their imports (OpenZeppelin) are followed through node_modules by a small import scanner, so
// the set of files that goes into the sha256 is the same whether or not the compiler is loaded. The
// fingerprint covers every source file, the compiler version and the compiler settings: any change to one
// of them makes the cached artifacts stale.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";

/** The wrapper contracts compiled for the benchmarks (source unit name = file name). */
export const WRAPPER_SOURCES = ["BenchToken.sol", "BenchNFT.sol"] as const;

/** Compiler settings (standard JSON `settings` minus outputSelection); part of the fingerprint. */
export const COMPILER_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "prague",
} as const;

/**
 * The repository root: the first ancestor of this module holding `tools/contracts/BenchToken.sol`. Works
 * from the source tree and from any build output directory under the repository (dist/, .lanes/...).
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "tools", "contracts", "BenchToken.sol"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const cwd = process.cwd();
  if (existsSync(join(cwd, "tools", "contracts", "BenchToken.sol"))) return cwd;
  throw new Error("cannot find the repository root (tools/contracts/BenchToken.sol) above this module");
}

export function contractsDir(): string {
  return join(repoRoot(), "tools", "contracts");
}

const requireFromRoot = () => createRequire(join(repoRoot(), "package.json"));

/** The file behind a source unit name: a wrapper beside this module, or a package file in node_modules. */
export function resolveSourcePath(unit: string): string {
  if (!unit.includes("/")) return join(contractsDir(), unit);
  return requireFromRoot().resolve(unit);
}

const IMPORT = /^\s*import\s+(?:[^"';]*\s+from\s+)?["']([^"']+)["']\s*;/gm;

/** Resolves an import path against the importing unit, as solc's default import remapping does. */
function resolveImport(fromUnit: string, path: string): string {
  if (path.startsWith("./") || path.startsWith("../"))
    return posix.normalize(posix.join(posix.dirname(fromUnit), path));
  return path;
}

/** Every source unit reachable from the wrappers, with its content, sorted by unit name. */
export function collectSources(): Map<string, string> {
  const sources = new Map<string, string>();
  const pending: string[] = [...WRAPPER_SOURCES];
  while (pending.length > 0) {
    const unit = pending.pop()!;
    if (sources.has(unit)) continue;
    const content = readFileSync(resolveSourcePath(unit), "utf8");
    sources.set(unit, content);
    for (const m of content.matchAll(IMPORT)) pending.push(resolveImport(unit, m[1]!));
  }
  return new Map([...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The version string solc-js reports, read from its package.json (no need to load the compiler). */
export function solcVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(requireFromRoot().resolve("solc/package.json"), "utf8"));
  if (typeof pkg !== "object" || pkg === null || !("version" in pkg) || typeof pkg.version !== "string") {
    throw new Error("solc/package.json has no version");
  }
  return pkg.version;
}

/** sha256 over the compiler version, the settings and every source unit (name and content). */
export function sourcesHash(sources: Map<string, string> = collectSources()): string {
  const h = createHash("sha256");
  h.update(`solc ${solcVersion()}\n`);
  h.update(`${JSON.stringify(COMPILER_SETTINGS)}\n`);
  for (const [unit, content] of sources) {
    h.update(`${unit}\n${content.length}\n`);
    h.update(content);
  }
  return h.digest("hex");
}
