// Compiles the custody contracts (BTCBridge with its lBTC token, the FrostSafeOwner EIP-1271 signer, and a
// harness for the in-EVM BIP340 verifier) with solc-js and writes contracts/custody/artifacts.json:
// bytecode, runtime bytecode and ABI per contract, with the sha256 of sources + compiler version +
// settings. Imports (OpenZeppelin) are resolved through node_modules. The artifacts are committed, so
// running Lanes needs neither solc nor OpenZeppelin.
//
// Usage: node dist/contracts/custody/compile.js [--check]
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

function project(): SolcProject {
  const root = repoRoot();
  return {
    label: "custody",
    root,
    roots: ROOT_SOURCES,
    // Units are named relative to contracts/custody; package imports resolve through node_modules.
    resolveUnit: (unit) =>
      unit.includes("/") ? createRequire(join(root, "package.json")).resolve(unit) : join(sourceDir(), unit),
    contracts: Object.fromEntries(CONTRACTS.map((name) => [name, `${name}.sol`])),
    settings: COMPILER_SETTINGS,
    artifactsPath: artifactsPath(),
  };
}

export const collectSources = (): Map<string, string> => collectProjectSources(project());
export const sourcesHash = (sources = collectSources()): string => projectSourcesHash(project(), sources);

export type CustodyArtifact = SolcArtifact;

export function compile(): {
  sourcesHash: string;
  compiler: string;
  contracts: Record<string, CustodyArtifact>;
} {
  return compileProject(project());
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  runBuildScript(project(), process.argv);
