// Compiles the benchmark wrapper contracts (OpenZeppelin ERC-20 and ERC-721) with solc-js and writes the
// artifacts cache, tools/contracts/artifacts.json: bytecode, runtime bytecode, ABI and selectors per
// contract, with the sha256 of the sources + compiler version + settings (see sources.ts). solc-js ships
// its compiler as soljson.js, so nothing is downloaded.
//
// Usage: node dist/tools/contracts/compile.js [--check]
//   --check: exit 1 if the committed artifacts are stale instead of rewriting them.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";
import {
  COMPILER_SETTINGS,
  collectSources,
  contractsDir,
  resolveSourcePath,
  sourcesHash,
  WRAPPER_SOURCES,
} from "./sources.js";

export interface ArtifactsFile {
  sourcesHash: string;
  compiler: string;
  settings: typeof COMPILER_SETTINGS;
  sources: string[];
  contracts: Record<string, CompiledContract>;
}

export interface CompiledContract {
  /** Creation code (0x-hex), constructor arguments not included. */
  bytecode: string;
  /** Runtime code (0x-hex). */
  deployedBytecode: string;
  /** Function signature -> 4-byte selector (hex, no 0x). */
  methodIdentifiers: Record<string, string>;
  abi: unknown[];
}

export function artifactsPath(): string {
  return join(contractsDir(), "artifacts.json");
}

type ImportResult = { contents: string } | { error: string };
type SolcCompile = (input: string, callbacks: { import: (path: string) => ImportResult }) => string;
type SolcVersion = () => string;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function field(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function stringField(v: unknown, ...path: string[]): string {
  const s = field(v, ...path);
  if (typeof s !== "string") throw new Error(`solc output: ${path.join(".")} is not a string`);
  return s;
}

/** Compiles the wrappers; throws with the compiler's messages on any error. */
export function compileArtifacts(): ArtifactsFile {
  const sources = collectSources();
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(WRAPPER_SOURCES.map((unit) => [unit, { content: sources.get(unit)! }])),
    settings: {
      ...COMPILER_SETTINGS,
      outputSelection: {
        "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.methodIdentifiers"] },
      },
    },
  };
  const seen = new Set<string>(WRAPPER_SOURCES);
  const importCallback = (path: string): ImportResult => {
    seen.add(path);
    const content = sources.get(path);
    if (content !== undefined) return { contents: content };
    try {
      return { contents: readFileSync(resolveSourcePath(path), "utf8") };
    } catch (e) {
      return { error: `cannot read ${path}: ${String(e)}` };
    }
  };
  const compile: SolcCompile = solc.compile;
  const version: SolcVersion = solc.version;
  const output: unknown = JSON.parse(compile(JSON.stringify(input), { import: importCallback }));

  const errors = field(output, "errors");
  if (Array.isArray(errors)) {
    const fatal = errors.filter((e) => field(e, "severity") === "error");
    if (fatal.length > 0) {
      throw new Error(`solc: ${fatal.map((e) => String(field(e, "formattedMessage"))).join("\n")}`);
    }
  }
  // The fingerprint must cover exactly what the compiler read.
  const missing = [...seen].filter((unit) => !sources.has(unit));
  if (missing.length > 0) throw new Error(`import scanner missed ${missing.join(", ")}`);

  const contracts: Record<string, CompiledContract> = {};
  for (const unit of WRAPPER_SOURCES) {
    const name = unit.replace(/\.sol$/, "");
    const c = field(output, "contracts", unit, name);
    const abi = field(c, "abi");
    const ids = field(c, "evm", "methodIdentifiers");
    if (!Array.isArray(abi) || !isRecord(ids)) throw new Error(`solc output: no ABI for ${name}`);
    const methodIdentifiers: Record<string, string> = {};
    for (const [sig, sel] of Object.entries(ids)) if (typeof sel === "string") methodIdentifiers[sig] = sel;
    contracts[name] = {
      bytecode: `0x${stringField(c, "evm", "bytecode", "object")}`,
      deployedBytecode: `0x${stringField(c, "evm", "deployedBytecode", "object")}`,
      methodIdentifiers,
      abi,
    };
  }
  return {
    sourcesHash: sourcesHash(sources),
    compiler: version(),
    settings: COMPILER_SETTINGS,
    sources: [...sources.keys()],
    contracts,
  };
}

export function writeArtifacts(file: ArtifactsFile): void {
  writeFileSync(artifactsPath(), `${JSON.stringify(file, null, 2)}\n`);
}

function main(): void {
  const check = process.argv.includes("--check");
  let current: string | undefined;
  try {
    const existing: unknown = JSON.parse(readFileSync(artifactsPath(), "utf8"));
    const h = field(existing, "sourcesHash");
    current = typeof h === "string" ? h : undefined;
  } catch {
    current = undefined;
  }
  const expected = sourcesHash();
  if (check) {
    console.log(
      current === expected ? "artifacts up to date" : `artifacts stale (${current} != ${expected})`,
    );
    process.exit(current === expected ? 0 : 1);
  }
  const started = performance.now();
  const file = compileArtifacts();
  writeArtifacts(file);
  const names = Object.keys(file.contracts).join(", ");
  console.log(
    `compiled ${names} with solc ${file.compiler} in ${Math.round(performance.now() - started)} ms; ` +
      `sources sha256 ${file.sourcesHash} -> ${artifactsPath()}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
