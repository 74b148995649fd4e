// The compiled custody contracts (contracts/custody/artifacts.json, built by contracts/custody/compile.ts
// and committed), located from this module's position in the repository or the build output.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ContractArtifact {
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
  abi: unknown[];
}

export type CustodyContract = "BTCBridge" | "LBTC" | "FrostSafeOwner" | "FrostSchnorrHarness";

let cache: Record<string, ContractArtifact> | undefined;

export function custodyArtifact(name: CustodyContract): ContractArtifact {
  if (cache === undefined) {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
      const path = join(dir, "contracts", "custody", "artifacts.json");
      if (existsSync(path)) {
        cache = (JSON.parse(readFileSync(path, "utf8")) as { contracts: Record<string, ContractArtifact> })
          .contracts;
        break;
      }
      const parent = dirname(dir);
      if (parent === dir)
        throw new Error("contracts/custody/artifacts.json not found (run npm run contracts:custody)");
      dir = parent;
    }
  }
  const a = cache[name];
  if (a === undefined) throw new Error(`no artifact for ${name}`);
  return a;
}
