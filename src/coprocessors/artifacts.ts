// The compiled co-processor contracts (contracts/coprocessors/artifacts.json, written by
// tools/coprocessors/compile-contracts.ts), found from this module's location in the repository or in dist/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hexToBytes } from "../primitives/hex.js";

export interface ContractArtifact {
  source: string;
  bytecode: string;
  deployedBytecode: string;
  methodIdentifiers: Record<string, string>;
  abi: unknown[];
}

let cached: Record<string, ContractArtifact> | undefined;

function artifactsFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "contracts", "coprocessors", "artifacts.json");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("contracts/coprocessors/artifacts.json not found above this module");
    dir = parent;
  }
}

export function coprocessorArtifact(name: string): ContractArtifact {
  cached ??= (
    JSON.parse(readFileSync(artifactsFile(), "utf8")) as { contracts: Record<string, ContractArtifact> }
  ).contracts;
  const artifact = cached[name];
  if (artifact === undefined) throw new Error(`no compiled contract ${name} in contracts/coprocessors`);
  return artifact;
}

/** Runtime code of a compiled contract (for genesis predeploys). */
export function runtimeCode(name: string): Uint8Array {
  return hexToBytes(coprocessorArtifact(name).deployedBytecode);
}
