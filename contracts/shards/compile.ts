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
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  collectSources as collectProjectSources,
  compileProject,
  sourcesHash as projectSourcesHash,
  runBuildScript,
  type SolcArtifact,
  type SolcProject,
} from "../solc-build.js";

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

function project(): SolcProject {
  const root = repoRoot();
  return {
    label: "shard",
    root,
    roots: Object.values(CONTRACTS),
    // Units are named relative to contracts/ (so the hub imports custody's FrostSchnorr); packages resolve
    // through node_modules.
    resolveUnit: (unit) =>
      unit.startsWith("@")
        ? createRequire(join(root, "package.json")).resolve(unit)
        : join(root, "contracts", unit),
    contracts: CONTRACTS,
    settings: COMPILER_SETTINGS,
    artifactsPath: artifactsPath(),
  };
}

export const collectSources = (): Map<string, string> => collectProjectSources(project());
export const sourcesHash = (sources = collectSources()): string => projectSourcesHash(project(), sources);

export type ShardArtifact = SolcArtifact;

export interface ShardArtifactsFile {
  sourcesHash: string;
  compiler: string;
  contracts: Record<ShardContractName, ShardArtifact>;
}

export function compile(): ShardArtifactsFile {
  return compileProject(project()) as ShardArtifactsFile;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  runBuildScript(project(), process.argv);
