// Writes the solc storage layouts of the benchmark contracts (tools/profiler/layouts/*.json), for
// `lanes profile --storage-layout` in the DEX case study and the profiler's tests. Each file holds what solc
// emits for one contract (`storageLayout`) plus the runtime bytecode deployed on chain, by which the profiler
// binds the layout to addresses (the code hash). BenchToken and BenchNFT are compiled with the repository's
// solc (0.8, the settings of tools/contracts); Uniswap V2's pair and factory with solc 0.5.16, the compiler
// of @uniswap/v2-core (devDependency `solc-0.5.16`), from the package's own sources, and carry the runtime
// code of the package's audited build (what the workloads deploy). A layout does not depend on optimizer
// settings.
//
// Usage: node dist/tools/profiler/storage-layouts.js [--check]   (--check: exit 1 if a file would change)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { bytesToHex } from "../../src/primitives/hex.js";
import { loadArtifacts } from "../contracts/artifacts.js";
import { COMPILER_SETTINGS, collectSources, repoRoot } from "../contracts/sources.js";

type Json = Record<string, unknown>;

interface LayoutFile {
  contractName: string;
  compiler: string;
  storageLayout: unknown;
  /** Runtime bytecode as deployed (0x-hex): the profiler matches it by code hash. */
  deployedBytecode: string;
}

const require = createRequire(join(repoRoot(), "package.json"));

function fail(what: string, output: Json): never {
  const errors = Array.isArray(output.errors) ? output.errors : [];
  throw new Error(`${what}: ${errors.map((e) => String((e as Json).formattedMessage)).join("\n")}`);
}

function layoutOf(output: Json, unit: string, name: string): unknown {
  const layout = ((output.contracts as Json | undefined)?.[unit] as Json | undefined)?.[name] as
    | Json
    | undefined;
  if (layout?.storageLayout === undefined) fail(`no storage layout for ${name}`, output);
  return layout.storageLayout;
}

async function benchLayouts(): Promise<LayoutFile[]> {
  const solc = require("solc") as { compile: (i: string, c: unknown) => string; version: () => string };
  const sources = collectSources();
  const input = {
    language: "Solidity",
    sources: Object.fromEntries([...sources].map(([unit, content]) => [unit, { content }])),
    settings: { ...COMPILER_SETTINGS, outputSelection: { "*": { "*": ["storageLayout"] } } },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), { import: () => ({ error: "not found" }) }),
  ) as Json;
  const artifacts = await loadArtifacts();
  return [
    { name: "BenchToken", code: artifacts.token.deployedBytecode },
    { name: "BenchNFT", code: artifacts.nft.deployedBytecode },
  ].map(({ name, code }) => ({
    contractName: name,
    compiler: solc.version(),
    storageLayout: layoutOf(output, `${name}.sol`, name),
    deployedBytecode: bytesToHex(code),
  }));
}

function uniswapLayouts(): LayoutFile[] {
  const solc = require("solc-0.5.16") as {
    compile: (i: string, c: unknown) => string;
    version: () => string;
  };
  const root = dirname(require.resolve("@uniswap/v2-core/package.json"));
  const units = ["contracts/UniswapV2Factory.sol"];
  const sources = new Map<string, string>();
  const pending = [...units];
  while (pending.length > 0) {
    const unit = pending.pop()!;
    if (sources.has(unit)) continue;
    const content = readFileSync(join(root, unit), "utf8");
    sources.set(unit, content);
    for (const m of content.matchAll(/^\s*import\s+["']([^"']+)["']\s*;/gm))
      pending.push(posix.normalize(posix.join(posix.dirname(unit), m[1]!)));
  }
  const input = {
    language: "Solidity",
    sources: Object.fromEntries([...sources].map(([unit, content]) => [unit, { content }])),
    settings: {
      optimizer: { enabled: true, runs: 999999 },
      evmVersion: "istanbul",
      outputSelection: { "*": { "*": ["storageLayout"] } },
    },
  };
  // solc-js 0.5 takes the import callback as a plain function.
  const output = JSON.parse(solc.compile(JSON.stringify(input), () => ({ error: "not found" }))) as Json;
  const built = (name: string) => {
    const file = JSON.parse(readFileSync(join(root, "build", `${name}.json`), "utf8")) as Json;
    const object = ((file.evm as Json).deployedBytecode as Json).object as string;
    return object.startsWith("0x") ? object : `0x${object}`;
  };
  return [
    { unit: "contracts/UniswapV2Pair.sol", name: "UniswapV2Pair" },
    { unit: "contracts/UniswapV2Factory.sol", name: "UniswapV2Factory" },
  ].map(({ unit, name }) => ({
    contractName: name,
    compiler: solc.version(),
    storageLayout: layoutOf(output, unit, name),
    deployedBytecode: built(name),
  }));
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const dir = join(repoRoot(), "tools", "profiler", "layouts");
  let stale = 0;
  for (const file of [...(await benchLayouts()), ...uniswapLayouts()]) {
    const path = join(dir, `${file.contractName}.json`);
    const text = `${JSON.stringify(file, null, 2)}\n`;
    let old: string | undefined;
    try {
      old = readFileSync(path, "utf8");
    } catch {
      old = undefined;
    }
    if (old === text) continue;
    stale++;
    if (check) process.stderr.write(`${path} is stale\n`);
    else writeFileSync(path, text);
  }
  if (check && stale > 0) process.exit(1);
  process.stdout.write(
    check ? "storage layouts are current\n" : `storage layouts written (${stale} changed)\n`,
  );
}

await main();
