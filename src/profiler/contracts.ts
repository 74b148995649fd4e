// What the profiler knows about contracts from the user's files (`--abi`, `--storage-layout`): a name, a
// storage layout, function names by selector; bound to addresses explicitly (`FILE@0xADDR,0xADDR`) or by the
// code hash of the runtime bytecode the file carries. Accepted files: a solc storageLayout object; a solc
// standard-JSON output (every contract in it); an artifact with `abi` / `storageLayout` / `deployedBytecode`
// (Foundry, Hardhat, tools/profiler/layouts/); a bare ABI array.
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { bytesToHex, hexToBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { LayoutError, parseStorageLayout, type StorageLayout } from "./storage-layout.js";

export interface ContractInfo {
  name: string;
  layout?: StorageLayout;
  /** "0x12345678" -> function name. */
  functions?: Map<string, string>;
}

/** The most a profile's contract file may weigh (solc outputs of big projects are a few MB). */
const MAX_FILE_BYTES = 64 << 20;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Canonical ABI type of a parameter (tuples spelled out) for the selector. */
function canonicalType(param: unknown): string {
  if (!isRecord(param) || typeof param.type !== "string")
    throw new LayoutError("ABI parameter without a type");
  const type = param.type;
  if (!type.startsWith("tuple")) return type;
  const components = Array.isArray(param.components) ? param.components : [];
  return `(${components.map(canonicalType).join(",")})${type.slice("tuple".length)}`;
}

/** Function selectors of an ABI: "0x…" -> name. */
export function functionsOfAbi(abi: unknown, where: string): Map<string, string> {
  if (!Array.isArray(abi)) throw new LayoutError(`${where}: the ABI is not an array`);
  const out = new Map<string, string>();
  for (const entry of abi) {
    if (!isRecord(entry) || entry.type !== "function" || typeof entry.name !== "string") continue;
    const inputs = Array.isArray(entry.inputs) ? entry.inputs : [];
    const signature = `${entry.name}(${inputs.map(canonicalType).join(",")})`;
    out.set(bytesToHex(keccak256(new TextEncoder().encode(signature)).subarray(0, 4)), entry.name);
  }
  return out;
}

interface FoundContract {
  name: string;
  info: ContractInfo;
  /** keccak256 of the runtime bytecode, when the file has it. */
  codeHash?: string;
}

function bytecodeHash(value: unknown): string | undefined {
  const hex = typeof value === "string" ? value : isRecord(value) ? value.object : undefined;
  if (typeof hex !== "string" || hex.length === 0 || hex === "0x") return undefined;
  const text = hex.startsWith("0x") ? hex : `0x${hex}`;
  if (!/^0x([0-9a-fA-F]{2})+$/.test(text)) return undefined; // unlinked libraries (__$…$__) cannot match
  return bytesToHex(keccak256(hexToBytes(text)));
}

function fromArtifact(name: string, c: Record<string, unknown>, where: string): FoundContract {
  const info: ContractInfo = { name };
  if (c.storageLayout !== undefined)
    info.layout = parseStorageLayout(c.storageLayout, `${where}.storageLayout`);
  if (c.abi !== undefined) info.functions = functionsOfAbi(c.abi, `${where}.abi`);
  const evm = isRecord(c.evm) ? c.evm : undefined;
  const codeHash = bytecodeHash(c.deployedBytecode ?? evm?.deployedBytecode);
  return codeHash === undefined ? { name, info } : { name, info, codeHash };
}

/** Every contract a file describes. */
export function contractsInFile(json: unknown, fileName: string): FoundContract[] {
  const fallbackName = basename(fileName)
    .replace(/\.json$/i, "")
    .replace(/\.storage(-layout)?$/i, "");
  if (Array.isArray(json))
    return [{ name: fallbackName, info: { name: fallbackName, functions: functionsOfAbi(json, fileName) } }];
  if (!isRecord(json)) throw new LayoutError(`${fileName}: expected a JSON object or an ABI array`);
  if (Array.isArray(json.storage)) {
    return [{ name: fallbackName, info: { name: fallbackName, layout: parseStorageLayout(json, fileName) } }];
  }
  if (isRecord(json.contracts)) {
    // solc standard JSON output: contracts[unit][name].
    const found: FoundContract[] = [];
    for (const [unit, byName] of Object.entries(json.contracts)) {
      if (!isRecord(byName)) continue;
      for (const [name, c] of Object.entries(byName)) {
        if (isRecord(c)) found.push(fromArtifact(name, c, `${fileName}: contracts.${unit}.${name}`));
      }
    }
    if (found.length === 0) throw new LayoutError(`${fileName}: no contracts in the solc output`);
    return found;
  }
  if (json.storageLayout !== undefined || json.abi !== undefined) {
    const name = typeof json.contractName === "string" ? json.contractName : fallbackName;
    return [fromArtifact(name, json, fileName)];
  }
  throw new LayoutError(`${fileName}: no storageLayout, abi or solc contracts in it`);
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function merge(into: ContractInfo | undefined, info: ContractInfo): ContractInfo {
  if (into === undefined) return { ...info };
  return {
    name: into.name,
    layout: into.layout ?? info.layout,
    functions: into.functions ?? info.functions,
  };
}

export class ContractBook {
  private readonly byAddress = new Map<string, ContractInfo>();
  private readonly byCodeHash = new Map<string, ContractInfo>();

  get empty(): boolean {
    return this.byAddress.size === 0 && this.byCodeHash.size === 0;
  }

  /**
   * Adds a file given as `PATH` or `PATH@0xADDR[,0xADDR…]`. Without addresses, each contract binds by the code
   * hash of its runtime bytecode, so a file without bytecode needs them.
   */
  addFile(spec: string): void {
    const { path, addresses } = splitSpec(spec);
    let text: string;
    try {
      if (readFileSize(path) > MAX_FILE_BYTES) throw new LayoutError(`${path}: larger than 64 MB`);
      text = readFileSync(path, "utf8");
    } catch (e) {
      if (e instanceof LayoutError) throw e;
      throw new LayoutError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new LayoutError(`${path}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    this.addContracts(contractsInFile(json, path), addresses, path);
  }

  addContracts(found: FoundContract[], addresses: string[], where: string): void {
    if (addresses.length > 0) {
      if (found.length !== 1) {
        throw new LayoutError(`${where}: @address needs a file with one contract (it has ${found.length})`);
      }
      for (const a of addresses) this.byAddress.set(a, merge(this.byAddress.get(a), found[0]!.info));
      return;
    }
    for (const c of found) {
      if (c.codeHash === undefined) {
        if (found.length === 1) {
          throw new LayoutError(
            `${where}: no runtime bytecode to recognise ${c.name} by; append @0xADDRESS to the file name`,
          );
        }
        continue;
      }
      this.byCodeHash.set(c.codeHash, merge(this.byCodeHash.get(c.codeHash), c.info));
    }
  }

  /** What is known of the contract at `address` (lower-case 0x-hex) with runtime code hash `codeHash`. */
  lookup(address: string, codeHash: string | undefined): ContractInfo | undefined {
    return (
      this.byAddress.get(address) ?? (codeHash === undefined ? undefined : this.byCodeHash.get(codeHash))
    );
  }
}

function readFileSize(path: string): number {
  return statSync(path).size;
}

function splitSpec(spec: string): { path: string; addresses: string[] } {
  const at = spec.lastIndexOf("@");
  if (at > 0) {
    const list = spec.slice(at + 1).split(",");
    if (list.length > 0 && list.every((a) => ADDRESS.test(a))) {
      return { path: spec.slice(0, at), addresses: list.map((a) => a.toLowerCase()) };
    }
  }
  return { path: spec, addresses: [] };
}
