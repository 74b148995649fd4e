// Compiles the shard contracts with solc-js and writes contracts/shards/artifacts.json: bytecode, runtime
// bytecode and ABI per contract, with the sha256 of sources + compiler version + settings. The L1 side
// (ShardHub, FrostCommitteeVerifier), the shard predeploys (ShardMessenger, TokenBridge with CanonicalToken)
// and the examples the tests and the benchmark deploy (FlashLender, FlashArbitrageur, CrossCounter,
// TestToken). Source units are named relative to contracts/ ("shards/ShardHub.sol"), so the hub can import
// custody's FrostSchnorr; OpenZeppelin imports resolve through node_modules. The artifacts are committed:
// running Lanes needs neither solc nor OpenZeppelin.
//
// Usage: node dist/contracts/shards/compile.js [--check]
//   --check: exit 1 if the committed artifacts are stale instead of rewriting them.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

/** Contract name -> source unit. */
export const CONTRACTS = {
  ShardHub: "shards/ShardHub.sol",
  FrostCommitteeVerifier: "shards/FrostCommitteeVerifier.sol",
  ShardMessenger: "shards/ShardMessenger.sol",
  TokenBridge: "shards/TokenBridge.sol",
  CanonicalToken: "shards/CanonicalToken.sol",
  FlashLender: "shards/examples/FlashLender.sol",
  FlashArbitrageur: "shards/examples/FlashArbitrageur.sol",
  CrossCounter: "shards/examples/CrossCounter.sol",
  TestToken: "shards/examples/TestToken.sol",
} as const;
export type ShardContractName = keyof typeof CONTRACTS;

export const COMPILER_SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" } as const;

/** The repository root: the first ancestor holding contracts/shards/ShardHub.sol. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "contracts", "shards", "ShardHub.sol"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find contracts/shards above this module");
    dir = parent;
  }
}

export const artifactsPath = (): string => join(repoRoot(), "contracts", "shards", "artifacts.json");

function resolveUnit(unit: string): string {
  if (unit.startsWith("@")) return createRequire(join(repoRoot(), "package.json")).resolve(unit);
  return join(repoRoot(), "contracts", unit);
}

const IMPORT = /^\s*import\s+(?:[^"';]*\s+from\s+)?["']([^"']+)["']\s*;/gm;

export function collectSources(): Map<string, string> {
  const sources = new Map<string, string>();
  const pending: string[] = Object.values(CONTRACTS);
  while (pending.length > 0) {
    const unit = pending.pop()!;
    if (sources.has(unit)) continue;
    const content = readFileSync(resolveUnit(unit), "utf8");
    sources.set(unit, content);
    for (const m of content.matchAll(IMPORT)) {
      const path = m[1]!;
      pending.push(
        path.startsWith("./") || path.startsWith("../")
          ? posix.normalize(posix.join(posix.dirname(unit), path))
          : path,
      );
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

export interface ShardArtifact {
  bytecode: string;
  deployedBytecode: string;
  abi: unknown[];
}

export interface ShardArtifactsFile {
  sourcesHash: string;
  compiler: string;
  contracts: Record<ShardContractName, ShardArtifact>;
}

export function compile(): ShardArtifactsFile {
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
  const contracts = {} as Record<ShardContractName, ShardArtifact>;
  for (const [name, unit] of Object.entries(CONTRACTS) as [ShardContractName, string][]) {
    const c = output.contracts[unit]?.[name];
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
        ? "shard artifacts up to date"
        : `shard artifacts stale (${current} != ${expected})`,
    );
    process.exit(current === expected ? 0 : 1);
  }
  const started = performance.now();
  const file = compile();
  writeFileSync(artifactsPath(), `${JSON.stringify(file, null, 2)}\n`);
  console.log(
    `compiled ${Object.keys(CONTRACTS).join(", ")} with solc ${file.compiler} in ${Math.round(performance.now() - started)} ms -> ${artifactsPath()}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
