// solc's storage layout (`storageLayout` in the standard JSON output) and slot decoding with it: a slot of a
// contract becomes the state variable it holds — `reserve0`, `{reserve0, reserve1, blockTimestampLast}` for a
// packed slot, `_balances[0xabc…]`, `_allowances[0x…][0x…]`, `items[3].owner` — following the keccak
// preimages seen during execution for mapping entries and dynamic arrays.
//
// Slot rules (Solidity docs, "Layout of State Variables in Storage"): a variable starts at its declared
// slot; value types smaller than 32 bytes share slots; structs and static arrays occupy consecutive slots;
// a mapping's entry for key k is at keccak256(k . p) (k padded to 32 bytes for value types, raw for strings
// and bytes), a dynamic array's elements from keccak256(p), a long string's data from keccak256(p).
import { bytesToBigInt, bytesToHex } from "../primitives/hex.js";
import { formatRawKey, type PreimageIndex } from "./preimages.js";

export interface StorageEntry {
  label: string;
  slot: string;
  offset: number;
  type: string;
}

export interface StorageType {
  encoding: "inplace" | "mapping" | "dynamic_array" | "bytes";
  label: string;
  numberOfBytes: string;
  key?: string;
  value?: string;
  base?: string;
  members?: StorageEntry[];
}

export interface StorageLayout {
  storage: StorageEntry[];
  types: Record<string, StorageType> | null;
}

export class LayoutError extends Error {
  override readonly name = "LayoutError";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkEntry(e: unknown, where: string): StorageEntry {
  if (
    !isRecord(e) ||
    typeof e.label !== "string" ||
    typeof e.slot !== "string" ||
    !/^\d+$/.test(e.slot) ||
    typeof e.offset !== "number" ||
    typeof e.type !== "string"
  ) {
    throw new LayoutError(`${where}: expected {label, slot, offset, type}`);
  }
  return { label: e.label, slot: e.slot, offset: e.offset, type: e.type };
}

/** Validates a `storageLayout` object (throws LayoutError naming what is wrong). */
export function parseStorageLayout(value: unknown, where: string): StorageLayout {
  if (!isRecord(value) || !Array.isArray(value.storage)) {
    throw new LayoutError(`${where}: not a solc storageLayout ({"storage": [...], "types": {...}})`);
  }
  const storage = value.storage.map((e, i) => checkEntry(e, `${where}.storage[${i}]`));
  const types: Record<string, StorageType> = {};
  if (isRecord(value.types)) {
    for (const [id, t] of Object.entries(value.types)) {
      if (!isRecord(t) || typeof t.encoding !== "string" || typeof t.numberOfBytes !== "string") {
        throw new LayoutError(`${where}.types.${id}: expected {encoding, label, numberOfBytes}`);
      }
      const type: StorageType = {
        encoding: t.encoding as StorageType["encoding"],
        label: typeof t.label === "string" ? t.label : id,
        numberOfBytes: t.numberOfBytes,
      };
      if (typeof t.key === "string") type.key = t.key;
      if (typeof t.value === "string") type.value = t.value;
      if (typeof t.base === "string") type.base = t.base;
      if (Array.isArray(t.members))
        type.members = t.members.map((m, i) => checkEntry(m, `${where}.types.${id}.members[${i}]`));
      types[id] = type;
    }
  }
  return { storage, types };
}

interface Hit {
  path: string;
  type: string;
}

/** Decodes slots of one contract with its layout and the block's preimages. */
export class SlotDecoder {
  constructor(
    private readonly layout: StorageLayout,
    private readonly preimages: PreimageIndex,
  ) {}

  private type(id: string): StorageType | undefined {
    return this.layout.types?.[id];
  }

  private slotsOf(id: string): bigint {
    const t = this.type(id);
    if (t === undefined) return 1n;
    if (t.encoding !== "inplace") return 1n;
    const bytes = BigInt(t.numberOfBytes);
    return bytes <= 32n ? 1n : (bytes + 31n) / 32n;
  }

  /** The variable(s) holding `slot`, as one name; undefined when neither the layout nor a preimage places it. */
  decode(slot: bigint): string | undefined {
    const hits = this.locate(slot, 0);
    if (hits.length === 0) return undefined;
    if (hits.length === 1) return hits[0]!.path;
    return `{${hits.map((h) => h.path).join(", ")}}`;
  }

  /** Every variable whose storage covers `slot` (several when value types share it). */
  private locate(slot: bigint, depth: number): Hit[] {
    if (depth > 12) return [];
    const hits: Hit[] = [];
    for (const e of this.layout.storage) {
      const start = BigInt(e.slot);
      if (slot >= start && slot < start + this.slotsOf(e.type)) {
        hits.push(...this.within(e.label, e.type, slot - start));
      }
    }
    if (hits.length > 0) return hits;
    const region = this.preimages.find(slot);
    if (region === undefined) return [];
    const p = region.preimage;
    if (p.length === 32) {
      // A dynamic array's elements, or a long string's data, start at keccak256(p).
      for (const parent of this.locate(bytesToBigInt(p), depth + 1)) {
        const t = this.type(parent.type);
        if (t?.encoding === "bytes") hits.push({ path: `${parent.path}.data`, type: parent.type });
        if (t?.encoding === "dynamic_array" && t.base !== undefined) {
          const per = this.slotsOf(t.base);
          const elementBytes = BigInt(this.type(t.base)?.numberOfBytes ?? "32");
          if (per === 1n && elementBytes < 32n) {
            const perSlot = 32n / elementBytes;
            const first = BigInt(region.offset) * perSlot;
            hits.push({ path: `${parent.path}[${first}..${first + perSlot - 1n}]`, type: t.base });
          } else {
            const index = BigInt(region.offset) / per;
            hits.push(...this.within(`${parent.path}[${index}]`, t.base, BigInt(region.offset) % per));
          }
        }
      }
      return hits;
    }
    // A mapping entry: keccak256(key . base).
    const base = bytesToBigInt(p.subarray(p.length - 32));
    const key = p.subarray(0, p.length - 32);
    for (const parent of this.locate(base, depth + 1)) {
      const t = this.type(parent.type);
      if (t?.encoding !== "mapping" || t.value === undefined) continue;
      const path = `${parent.path}[${this.formatKey(key, t.key)}]`;
      hits.push(...this.within(path, t.value, BigInt(region.offset)));
    }
    return hits;
  }

  /** The part of a variable of type `id` at `rel` slots past its start. */
  private within(path: string, id: string, rel: bigint): Hit[] {
    const t = this.type(id);
    if (t === undefined || t.encoding !== "inplace") return rel === 0n ? [{ path, type: id }] : [];
    if (t.members !== undefined) {
      const hits: Hit[] = [];
      for (const m of t.members) {
        const start = BigInt(m.slot);
        if (rel >= start && rel < start + this.slotsOf(m.type))
          hits.push(...this.within(`${path}.${m.label}`, m.type, rel - start));
      }
      return hits;
    }
    if (t.base !== undefined) {
      // A static array.
      const per = this.slotsOf(t.base);
      const elementBytes = BigInt(this.type(t.base)?.numberOfBytes ?? "32");
      if (per === 1n && elementBytes < 32n) {
        const perSlot = 32n / elementBytes;
        return [{ path: `${path}[${rel * perSlot}..${rel * perSlot + perSlot - 1n}]`, type: t.base }];
      }
      return this.within(`${path}[${rel / per}]`, t.base, rel % per);
    }
    return rel === 0n || BigInt(t.numberOfBytes) > 32n ? [{ path, type: id }] : [];
  }

  private formatKey(key: Uint8Array, typeId: string | undefined): string {
    const label = typeId === undefined ? "" : (this.type(typeId)?.label ?? typeId);
    if (key.length !== 32) {
      if (label === "string") return JSON.stringify(new TextDecoder().decode(key));
      return bytesToHex(key);
    }
    const value = bytesToBigInt(key);
    if (label === "address" || label.startsWith("contract ") || label.startsWith("address"))
      return `0x${(value & ((1n << 160n) - 1n)).toString(16).padStart(40, "0")}`;
    if (label === "bool") return value === 0n ? "false" : "true";
    const uint = /^uint(\d*)$/.exec(label);
    if (uint) return value.toString();
    const int = /^int(\d*)$/.exec(label);
    if (int) return (value >= 1n << 255n ? value - (1n << 256n) : value).toString();
    if (/^bytes\d+$/.test(label) || label.startsWith("enum ")) return bytesToHex(key);
    return formatRawKey(key);
  }
}
