// Plain data across a process boundary (the shard link's JSON lines, the sequencer's records): bigint,
// Uint8Array and Map do not survive JSON, so they travel tagged: {"$n":"123"}, {"$b":"0x..."},
// {"$m":[[k,v],...]}. Undefined fields are dropped, as JSON drops them; an undefined array element (an
// omitted argument of a link message) travels as {"$u":1}, where JSON would make it null.
import { bytesToHex, hexToBytes } from "../../primitives/hex.js";

export function toJsonValue(v: unknown): unknown {
  if (typeof v === "bigint") return { $n: v.toString() };
  if (v instanceof Uint8Array) return { $b: bytesToHex(v) };
  if (v instanceof Map) return { $m: [...v].map(([k, x]) => [toJsonValue(k), toJsonValue(x)]) };
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? { $u: 1 } : toJsonValue(x)));
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

export function fromJsonValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJsonValue);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      if (typeof o.$n === "string") return BigInt(o.$n);
      if (o.$u === 1) return undefined;
      if (typeof o.$b === "string") return hexToBytes(o.$b);
      if (Array.isArray(o.$m)) {
        return new Map((o.$m as unknown[][]).map(([k, x]) => [fromJsonValue(k), fromJsonValue(x)]));
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = fromJsonValue(x);
    return out;
  }
  return v;
}

export function encodeMessage(v: unknown): string {
  return JSON.stringify(toJsonValue(v));
}

export function decodeMessage(line: string): unknown {
  return fromJsonValue(JSON.parse(line));
}
