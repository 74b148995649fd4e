// What the contract build scripts (contracts/custody/compile.ts, contracts/shards/compile.ts) share: collect
// the source units a set of roots imports, hash them with the compiler version and settings (the hash the
// committed artifacts.json records, so a stale file is detected without solc), compile them with solc-js,
// and the script's `--check` / rewrite entry point. Each script names its contracts, units and folders.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, posix } from "node:path";
import solc from "solc";

export interface SolcArtifact {
  bytecode: string;
  deployedBytecode: string;
  abi: unknown[];
}

export interface SolcProject {
  /** Names the artifacts in messages ("custody", "shard"). */
  label: string;
  /** The repository root (solc and OpenZeppelin resolve from its node_modules). */
  root: string;
  /** Source units to start from; their imports are followed. */
  roots: readonly string[];
  /** The file of a source unit. */
  resolveUnit(unit: string): string;
  /** Contract name -> the unit that defines it, for every contract the artifacts hold. */
  contracts: Readonly<Record<string, string>>;
  settings: object;
  artifactsPath: string;
}

const IMPORT = /^\s*import\s+(?:[^"';]*\s+from\s+)?["']([^"']+)["']\s*;/gm;

/** Every unit the roots import, transitively, sorted by unit name. */
export function collectSources(project: SolcProject): Map<string, string> {
  const sources = new Map<string, string>();
  const pending = [...project.roots];
  while (pending.length > 0) {
    const unit = pending.pop()!;
    if (sources.has(unit)) continue;
    const content = readFileSync(project.resolveUnit(unit), "utf8");
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

function solcVersion(root: string): string {
  const req = createRequire(join(root, "package.json"));
  return (JSON.parse(readFileSync(req.resolve("solc/package.json"), "utf8")) as { version: string }).version;
}

/** sha256 of the compiler version, the settings and every source unit (name, length, content). */
export function sourcesHash(project: SolcProject, sources = collectSources(project)): string {
  const h = createHash("sha256");
  h.update(`solc ${solcVersion(project.root)}\n${JSON.stringify(project.settings)}\n`);
  for (const [unit, content] of sources) h.update(`${unit}\n${content.length}\n${content}`);
  return h.digest("hex");
}

export function compileProject(project: SolcProject): {
  sourcesHash: string;
  compiler: string;
  contracts: Record<string, SolcArtifact>;
} {
  const sources = collectSources(project);
  const input = {
    language: "Solidity",
    sources: Object.fromEntries([...sources].map(([unit, content]) => [unit, { content }])),
    settings: {
      ...project.settings,
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
  const contracts: Record<string, SolcArtifact> = {};
  for (const [name, unit] of Object.entries(project.contracts)) {
    const c = output.contracts[unit]?.[name];
    if (c === undefined) throw new Error(`solc produced no ${name}`);
    contracts[name] = {
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      abi: c.abi,
    };
  }
  return {
    sourcesHash: sourcesHash(project, sources),
    compiler: (solc.version as () => string)(),
    contracts,
  };
}

/** A build script's entry point: `--check` exits 1 if the committed artifacts are stale; else rewrite them. */
export function runBuildScript(project: SolcProject, argv: readonly string[]): void {
  const expected = sourcesHash(project);
  let current: string | undefined;
  try {
    current = (JSON.parse(readFileSync(project.artifactsPath, "utf8")) as { sourcesHash?: string })
      .sourcesHash;
  } catch {
    current = undefined;
  }
  if (argv.includes("--check")) {
    console.log(
      current === expected
        ? `${project.label} artifacts up to date`
        : `${project.label} artifacts stale (${current} != ${expected})`,
    );
    process.exit(current === expected ? 0 : 1);
  }
  const started = performance.now();
  const file = compileProject(project);
  writeFileSync(project.artifactsPath, `${JSON.stringify(file, null, 2)}\n`);
  console.log(
    `compiled ${Object.keys(project.contracts).join(", ")} with solc ${file.compiler} in ${Math.round(performance.now() - started)} ms -> ${project.artifactsPath}`,
  );
}
