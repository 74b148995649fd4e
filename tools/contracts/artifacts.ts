// Loads the benchmark contract artifacts: the solc-compiled wrappers from the committed cache
// (tools/contracts/artifacts.json, checked against the sha256 of the current sources + compiler version and
// recompiled when stale), and Uniswap V2's audited build artifacts exactly as @uniswap/v2-core ships them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import type { ArtifactsFile } from "./compile.js";
import { contractsDir, repoRoot, sourcesHash } from "./sources.js";

export interface ContractArtifact {
  name: string;
  /** Creation code without constructor arguments. */
  bytecode: Uint8Array;
  /** Runtime code, as deployed. */
  deployedBytecode: Uint8Array;
  /** Function signature -> 4-byte selector. */
  selectors: Map<string, Uint8Array>;
}

export interface BenchArtifacts {
  token: ContractArtifact;
  nft: ContractArtifact;
  uniswapFactory: ContractArtifact;
  uniswapPair: ContractArtifact;
  /** How the solc artifacts were obtained on this load. */
  source: "cache" | "recompiled";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hexField(v: Record<string, unknown>, key: string, what: string): Uint8Array {
  const s = v[key];
  if (typeof s !== "string") throw new Error(`${what}: ${key} missing`);
  return hexToBytes(s.startsWith("0x") ? s : `0x${s}`);
}

function selectorsOf(ids: unknown, what: string): Map<string, Uint8Array> {
  if (!isRecord(ids)) throw new Error(`${what}: no method identifiers`);
  const out = new Map<string, Uint8Array>();
  for (const [sig, sel] of Object.entries(ids))
    if (typeof sel === "string") out.set(sig, hexToBytes(`0x${sel}`));
  return out;
}

function solcArtifact(file: unknown, name: string): ContractArtifact {
  const c = isRecord(file) && isRecord(file.contracts) ? file.contracts[name] : undefined;
  if (!isRecord(c)) throw new Error(`artifacts.json: no contract ${name}`);
  return {
    name,
    bytecode: hexField(c, "bytecode", name),
    deployedBytecode: hexField(c, "deployedBytecode", name),
    selectors: selectorsOf(c.methodIdentifiers, name),
  };
}

/** Selectors computed from an ABI (the Uniswap build has no methodIdentifiers); tuple parameters unsupported. */
function selectorsFromAbi(abi: unknown, what: string): Map<string, Uint8Array> {
  if (!Array.isArray(abi)) throw new Error(`${what}: no ABI`);
  const out = new Map<string, Uint8Array>();
  for (const entry of abi) {
    if (!isRecord(entry) || entry.type !== "function" || typeof entry.name !== "string") continue;
    const inputs = Array.isArray(entry.inputs) ? entry.inputs : [];
    const types = inputs.map((i) => (isRecord(i) && typeof i.type === "string" ? i.type : "?"));
    if (types.some((t) => t === "?" || t.startsWith("tuple")))
      throw new Error(`${what}.${entry.name}: unsupported ABI`);
    const signature = `${entry.name}(${types.join(",")})`;
    out.set(signature, keccak256(new TextEncoder().encode(signature)).slice(0, 4));
  }
  return out;
}

/** A @uniswap/v2-core build artifact (solc standard JSON `evm` output of the audited 0.5.16 build). */
function uniswapArtifact(name: string): ContractArtifact {
  const require = createRequire(join(repoRoot(), "package.json"));
  const json: unknown = JSON.parse(
    readFileSync(require.resolve(`@uniswap/v2-core/build/${name}.json`), "utf8"),
  );
  const evm = isRecord(json) ? json.evm : undefined;
  const bytecode = isRecord(evm) ? evm.bytecode : undefined;
  const deployed = isRecord(evm) ? evm.deployedBytecode : undefined;
  if (!isRecord(evm) || !isRecord(bytecode) || !isRecord(deployed)) throw new Error(`${name}: no evm output`);
  return {
    name,
    bytecode: hexField(bytecode, "object", name),
    deployedBytecode: hexField(deployed, "object", name),
    selectors: selectorsFromAbi(isRecord(json) ? json.abi : undefined, name),
  };
}

function readCache(): unknown {
  try {
    return JSON.parse(readFileSync(join(contractsDir(), "artifacts.json"), "utf8"));
  } catch {
    return undefined;
  }
}

let loaded: BenchArtifacts | undefined;

/**
 * The artifacts, memoized. A cache whose hash does not match the sources is rebuilt with solc-js (a few
 * seconds) and written back, so the next load is a cache hit.
 */
export async function loadArtifacts(): Promise<BenchArtifacts> {
  if (loaded) return loaded;
  let file = readCache();
  let source: BenchArtifacts["source"] = "cache";
  if (!isRecord(file) || file.sourcesHash !== sourcesHash()) {
    const { compileArtifacts, writeArtifacts } = await import("./compile.js");
    const fresh: ArtifactsFile = compileArtifacts();
    writeArtifacts(fresh);
    file = fresh;
    source = "recompiled";
  }
  loaded = {
    token: solcArtifact(file, "BenchToken"),
    nft: solcArtifact(file, "BenchNFT"),
    uniswapFactory: uniswapArtifact("UniswapV2Factory"),
    uniswapPair: uniswapArtifact("UniswapV2Pair"),
    source,
  };
  return loaded;
}

/** The selector for `signature` ("transfer(address,uint256)"); throws when the contract has no such function. */
export function selector(artifact: ContractArtifact, signature: string): Uint8Array {
  const s = artifact.selectors.get(signature);
  if (!s) throw new Error(`${artifact.name} has no function ${signature}`);
  return s;
}
