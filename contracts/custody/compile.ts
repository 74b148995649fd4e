// Compiles the custody contracts (BTCBridge with its lBTC token, the FrostSafeOwner EIP-1271 signer, and a
// harness for the in-EVM BIP340 verifier) with solc-js and writes contracts/custody/artifacts.json:
// bytecode, runtime bytecode and ABI per contract, with the sha256 of sources + compiler version +
// settings. Imports (OpenZeppelin) are resolved through node_modules. The artifacts are committed, so
// running Lanes needs neither solc nor OpenZeppelin.
//
// Usage: node dist/contracts/custody/compile.js [--check]
//   --check: exit 1 if the committed artifacts are stale instead of rewriting them.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

export const CONTRACTS = ["BTCBridge", "LBTC", "FrostSafeOwner", "FrostSchnorrHarness"] as const;
const ROOT_SOURCES = [
  "BTCBridge.sol",
  "LBTC.sol",
  "FrostSafeOwner.sol",
  "FrostSchnorrHarness.sol",
  "FrostSchnorr.sol",
];
export const COMPILER_SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" } as const;

/** The repository root: the first ancestor holding contracts/custody/BTCBridge.sol. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "contracts", "custody", "BTCBridge.sol"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find contracts/custody above this module");
    dir = parent;
  }
}

const sourceDir = () => join(repoRoot(), "contracts", "custody");
export const artifactsPath = () => join(sourceDir(), "artifacts.json");

function resolveUnit(unit: string): string {
  if (!unit.includes("/")) return join(sourceDir(), unit);
  return createRequire(join(repoRoot(), "package.json")).resolve(unit);
}

const IMPORT = /^\s*import\s+(?:[^"';]*\s+from\s+)?["']([^"']+)["']\s*;/gm;

export function collectSources(): Map<string, string> {
  const sources = new Map<string, string>();
  const pending = [...ROOT_SOURCES];
  while (pending.length > 0) {
    const unit = pending.pop()!;
    if (sources.has(unit)) continue;
    const content = readFileSync(resolveUnit(unit), "utf8");
    sources.set(unit, content);
    for (const m of content.matchAll(IMPORT)) {
      const path = m[1]!;
      const resolved =
        path.startsWith("./") || path.startsWith("../")
          ? posix.normalize(posix.join(posix.dirname(unit), path))
          : path;
      pending.push(resolved);
    }
  }
  return new Map([...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function solcVersion(): string {
  const req = createRequire(join(repoRoot(), "package.json"));
  return (JSON.parse(readFileSync(req.resolve("solc/package.json"), "utf8")) as { version: string }).version;
}

export function sourcesHash(sources = collectSources()): string {
  const h = createHash("sha256");
  h.update(`solc ${solcVersion()}\n${JSON.stringify(COMPILER_SETTINGS)}\n`);
  for (const [unit, content] of sources) h.update(`${unit}\n${content.length}\n${content}`);
  return h.digest("hex");
}

export interface CustodyArtifact {
  bytecode: string;
  deployedBytecode: string;
  abi: unknown[];
}

export function compile(): {
  sourcesHash: string;
  compiler: string;
  contracts: Record<string, CustodyArtifact>;
} {
  const sources = collectSources();
  const input = {
    language: "Solidity",
    sources: Object.fromEntries([...sources].map(([unit, content]) => [unit, { content }])),
    settings: {
      ...COMPILER_SETTINGS,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };
  const compileFn = solc.compile as (input: string) => string;
  const output = JSON.parse(compileFn(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<
      string,
      Record<
        string,
        { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }
      >
    >;
  };
  const fatal = (output.errors ?? []).filter((e) => e.severity === "error");
  if (fatal.length > 0) throw new Error(`solc: ${fatal.map((e) => e.formattedMessage).join("\n")}`);
  const contracts: Record<string, CustodyArtifact> = {};
  for (const name of CONTRACTS) {
    const c = output.contracts[`${name}.sol`]?.[name];
    if (c === undefined) throw new Error(`solc produced no ${name}`);
    contracts[name] = {
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      abi: c.abi,
    };
  }
  return { sourcesHash: sourcesHash(sources), compiler: (solc.version as () => string)(), contracts };
}

function main(): void {
  const expected = sourcesHash();
  let current: string | undefined;
  try {
    current = (JSON.parse(readFileSync(artifactsPath(), "utf8")) as { sourcesHash?: string }).sourcesHash;
  } catch {
    current = undefined;
  }
  if (process.argv.includes("--check")) {
    console.log(
      current === expected
        ? "custody artifacts up to date"
        : `custody artifacts stale (${current} != ${expected})`,
    );
    process.exit(current === expected ? 0 : 1);
  }
  const started = performance.now();
  const file = compile();
  writeFileSync(artifactsPath(), `${JSON.stringify(file, null, 2)}\n`);
  console.log(
    `compiled ${CONTRACTS.join(", ")} with solc ${file.compiler} in ${Math.round(performance.now() - started)} ms -> ${artifactsPath()}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
