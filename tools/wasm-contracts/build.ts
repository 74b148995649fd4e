// Builds the contracts the WASM tests and `npm run bench:wasm` use, with an on-disk cache so a test run
// compiles each source once (AssemblyScript takes seconds): WASM contracts through `lanes contract build`'s
// compiler (sdk/ SDKs, the toolchains .ci/run installs), Solidity ones with solc-js. A cache entry is keyed
// by the sha256 of everything that determines the output (source, SDK files, compiler identity,
// settings), so editing a source or an SDK rebuilds it; entries are written atomically (several test
// files build in parallel processes).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import solc from "solc";
import { type AbiItem, abiFromSource } from "../../src/cli/contract-abi.js";
import { compileContract, languageOf, sdkRoot } from "../../src/cli/contract-compile.js";
import { hexToBytes } from "../../src/primitives/hex.js";
import { wasmInitCode } from "../../src/wasm/deploy.js";
import { repoRoot } from "../contracts/sources.js";

/** Bumped when the build flags in contract-compile.ts change in a way the key would not see. */
const BUILD_VERSION = "1";

export interface BuiltWasmContract {
  source: string;
  module: Uint8Array;
  initCode: Uint8Array;
  abi: AbiItem[];
}

export interface BuiltSolidityContract {
  name: string;
  bytecode: Uint8Array;
  abi: unknown[];
}

function cacheDir(): string {
  const dir = join(repoRoot(), "node_modules", ".cache", "lanes-wasm");
  mkdirSync(dir, { recursive: true });
  return dir;
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

const toolIds = new Map<string, string>();

/** What identifies the toolchain of a language (its version line), computed once per process. */
function toolchainId(language: string): string {
  let id = toolIds.get(language);
  if (id === undefined) {
    if (language === "assemblyscript") {
      id = `asc ${JSON.parse(readFileSync(join(repoRoot(), "node_modules/assemblyscript/package.json"), "utf8")).version}`;
    } else {
      const tool =
        language === "c"
          ? (process.env.LANES_CLANG ?? "clang")
          : (process.env.LANES_RUSTC ?? "/usr/bin/rustc");
      const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
      id = `${tool} ${r.stdout?.trim() ?? "missing"}`;
    }
    toolIds.set(language, id);
  }
  return id;
}

/** Builds (or loads from the cache) a WASM contract source: a path relative to the repository root. */
export async function buildWasmContract(source: string): Promise<BuiltWasmContract> {
  const path = join(repoRoot(), source);
  const language = languageOf(path);
  const text = readFileSync(path, "utf8");
  const h = createHash("sha256").update(`${BUILD_VERSION}\n${toolchainId(language)}\n${source}\n${text}`);
  const sdkDir = join(
    sdkRoot(),
    language === "assemblyscript" ? "assemblyscript/lanes" : language === "c" ? "c" : "rust/lanes",
  );
  for (const f of filesUnder(sdkDir)) h.update(`${f}\n`).update(readFileSync(f));
  const entry = join(cacheDir(), `${h.digest("hex")}.wasm`);
  let module: Uint8Array;
  try {
    module = new Uint8Array(readFileSync(entry));
  } catch {
    module = await compileContract(path);
    writeAtomic(entry, module);
  }
  return { source, module, initCode: wasmInitCode(module), abi: abiFromSource(text, source) };
}

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
};

/** Compiles (or loads from the cache) the contracts of one Solidity file (a path from the repository root). */
export function buildSolidity(source: string): Map<string, BuiltSolidityContract> {
  const text = readFileSync(join(repoRoot(), source), "utf8");
  const settings = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "prague",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  };
  const key = createHash("sha256")
    .update(`${solc.version()}\n${JSON.stringify(settings)}\n${source}\n${text}`)
    .digest("hex");
  const entry = join(cacheDir(), `${key}.sol.json`);
  let output: SolcOutput;
  try {
    output = JSON.parse(readFileSync(entry, "utf8"));
  } catch {
    const input = { language: "Solidity", sources: { [source]: { content: text } }, settings };
    output = JSON.parse(solc.compile(JSON.stringify(input)));
    const fatal = (output.errors ?? []).filter((e) => e.severity === "error");
    if (fatal.length > 0)
      throw new Error(`solc ${source}:\n${fatal.map((e) => e.formattedMessage).join("\n")}`);
    writeAtomic(entry, JSON.stringify(output));
  }
  const out = new Map<string, BuiltSolidityContract>();
  for (const [name, c] of Object.entries(output.contracts[source] ?? {}))
    out.set(name, { name, bytecode: hexToBytes(`0x${c.evm.bytecode.object}`), abi: c.abi });
  return out;
}
