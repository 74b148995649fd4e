// The compiled shard contracts (contracts/shards/artifacts.json, committed; rebuilt by
// `node dist/contracts/shards/compile.js`): the L1 hub and committee verifier, the shard predeploys and the
// examples, found from this module's location (source or dist/). Read once per process.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ShardArtifact, ShardArtifactsFile, ShardContractName } from "../../contracts/shards/compile.js";
import { hexToBytes } from "../primitives/hex.js";

export type { ShardContractName } from "../../contracts/shards/compile.js";

let loaded: ShardArtifactsFile | undefined;

function artifactsFile(): ShardArtifactsFile {
  if (loaded === undefined) {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
      const candidate = join(dir, "contracts", "shards", "artifacts.json");
      if (existsSync(candidate)) {
        loaded = JSON.parse(readFileSync(candidate, "utf8")) as ShardArtifactsFile;
        break;
      }
      const parent = dirname(dir);
      if (parent === dir) throw new Error("contracts/shards/artifacts.json not found above this module");
      dir = parent;
    }
  }
  return loaded;
}

export function shardArtifact(name: ShardContractName): ShardArtifact {
  const a = artifactsFile().contracts[name];
  if (a === undefined) throw new Error(`no artifact for ${name}`);
  return a;
}

/** Creation code (without constructor arguments). */
export function creationCode(name: ShardContractName): Uint8Array {
  return hexToBytes(shardArtifact(name).bytecode);
}

/** Runtime code, as deployed (predeploys are put into the genesis state with it). */
export function runtimeCode(name: ShardContractName): Uint8Array {
  return hexToBytes(shardArtifact(name).deployedBytecode);
}
