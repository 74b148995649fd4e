// Compiles the co-processor contracts (contracts/coprocessors/*.sol and the snarkjs-exported verifiers in
// contracts/coprocessors/snarkjs/) with solc-js and writes contracts/coprocessors/artifacts.json: creation
// and runtime bytecode, ABI and selectors per contract, with the sha256 of the sources + compiler version +
// settings. The artifacts are committed; src/coprocessors/artifacts.ts reads them at run time.
//
// Usage: npm run build && node dist/tools/coprocessors/compile-contracts.js [--check]
//   --check: exit 1 if the committed artifacts are stale instead of rewriting them.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import solc from "solc";
import { repoRoot } from "./paths.js";

export const COMPILER_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "prague",
} as const;

function sources(): Map<string, string> {
  const dir = join(repoRoot(), "contracts", "coprocessors");
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort())
    if (name.endsWith(".sol")) out.set(name, readFileSync(join(dir, name), "utf8"));
  for (const name of readdirSync(join(dir, "snarkjs")).sort()) {
    if (name.endsWith(".sol")) out.set(`snarkjs/${name}`, readFileSync(join(dir, "snarkjs", name), "utf8"));
  }
  return out;
}

function sourcesHash(files: Map<string, string>): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ compiler: solc.version(), settings: COMPILER_SETTINGS }));
  for (const [name, content] of files) h.update(`${name}\0${content}\0`);
  return h.digest("hex");
}

function artifactsPath(): string {
  return join(repoRoot(), "contracts", "coprocessors", "artifacts.json");
}

type Json = Record<string, unknown>;

function compile(files: Map<string, string>): Json {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries([...files].map(([name, content]) => [name, { content }])),
    settings: {
      ...COMPILER_SETTINGS,
      outputSelection: {
        "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.methodIdentifiers"] },
      },
    },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (path: string) =>
        files.has(path)
          ? { contents: files.get(path)! }
          : { error: `${path}: imports stay inside contracts/coprocessors` },
    }),
  ) as Json;
  const errors = (output.errors ?? []) as Json[];
  const fatal = errors.filter((e) => e.severity === "error");
  if (fatal.length > 0) throw new Error(`solc: ${fatal.map((e) => String(e.formattedMessage)).join("\n")}`);
  const contracts: Json = {};
  for (const [unit, byName] of Object.entries(output.contracts as Record<string, Record<string, Json>>)) {
    for (const [name, c] of Object.entries(byName)) {
      const evm = c.evm as Json;
      const bytecode = String((evm.bytecode as Json).object);
      if (bytecode.length === 0) continue; // interfaces and libraries without code
      contracts[name] = {
        source: unit,
        bytecode: `0x${bytecode}`,
        deployedBytecode: `0x${String((evm.deployedBytecode as Json).object)}`,
        methodIdentifiers: evm.methodIdentifiers,
        abi: c.abi,
      };
    }
  }
  return contracts;
}

function main(): void {
  const files = sources();
  const expected = sourcesHash(files);
  if (process.argv.includes("--check")) {
    let current: unknown;
    try {
      current = (JSON.parse(readFileSync(artifactsPath(), "utf8")) as Json).sourcesHash;
    } catch {
      current = undefined;
    }
    console.log(
      current === expected ? "artifacts up to date" : `artifacts stale (${String(current)} != ${expected})`,
    );
    process.exit(current === expected ? 0 : 1);
  }
  const started = performance.now();
  const contracts = compile(files);
  const file = { sourcesHash: expected, compiler: solc.version(), settings: COMPILER_SETTINGS, contracts };
  writeFileSync(artifactsPath(), `${JSON.stringify(file, null, 2)}\n`);
  console.log(
    `compiled ${Object.keys(contracts).join(", ")} in ${Math.round(performance.now() - started)} ms -> ${artifactsPath()}`,
  );
}

main();
