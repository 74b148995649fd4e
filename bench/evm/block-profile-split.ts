// Splits a CPU profile of bench/evm/block-profile.ts into the cost rows of docs/evm.md ("The block path"):
// self time of the samples under `profiledBlock` by the file and function that own them. Keccak and RLP
// writes are rows of their own whoever calls them; trie code is charged to the state root or the receipts
// root by the phase it runs in; GC is the collector's samples between the first and the last sample under
// `profiledBlock` (the collector's samples carry no stack). Prints ms per block and shares as JSON.
//
// Usage: node dist/bench/evm/block-profile-split.js <file.cpuprofile> <blocks profiled (warm-up + runs)>
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, blocksArg] = process.argv.slice(2);
const blocks = Number(blocksArg);
if (file === undefined || !(blocks > 0)) {
  process.stderr.write("usage: block-profile-split <file.cpuprofile> <blocks profiled>\n");
  process.exit(2);
}
const ROOT = "profiledBlock";
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const source = (n: ProfileNode): string =>
  n.callFrame.url.includes("hash-wasm") ? "hash-wasm" : n.callFrame.url.replace(/.*\/dist\//, "");

/** Whether a node is under ROOT, and the phase (state root, receipts root, receipts) it runs in. */
const placed = new Map<number, { inside: boolean; phase: string }>();
function place(id: number): { inside: boolean; phase: string } {
  const known = placed.get(id);
  if (known !== undefined) return known;
  const n = nodes.get(id)!;
  const fn = n.callFrame.functionName;
  let result: { inside: boolean; phase: string };
  if (fn === ROOT) result = { inside: true, phase: "" };
  else {
    const up = parent.get(id);
    result = up === undefined ? { inside: false, phase: "" } : { ...place(up) };
    if (result.inside) {
      if (fn === "receiptsRoot") result.phase = "receipts root";
      else if (fn === "stateRoot" && source(n).includes("overlay")) result.phase = "state root";
      else if (fn === "makeReceipt" || fn === "blockLogsBloom") result.phase = "receipts";
    }
  }
  placed.set(id, result);
  return result;
}

function row(n: ProfileNode, phase: string): string {
  const f = source(n);
  const fn = n.callFrame.functionName;
  if (f === "hash-wasm" || f.startsWith("wasm://") || f.includes("primitives/keccak") || fn === "get exports")
    return "keccak (all callers)";
  if (f.startsWith("src/primitives/rlp")) return "RLP writes (all callers)";
  if (phase === "state root") return "state root (trie, leaves; w/o keccak, RLP)";
  if (phase === "receipts root") return "receipts root (leaves, trie; w/o keccak, RLP)";
  if (phase === "receipts" || f === "src/block/bloom.js" || f === "src/block/receipts.js")
    return "receipts + logs bloom";
  if (
    f.startsWith("src/evm/interpreter") ||
    f.startsWith("src/evm/instructions/") ||
    /src\/evm\/(word-bytes|memory|frame|frame-pool|code-analysis)\.js/.test(f)
  )
    return "interpreter loop + handlers";
  if (f.startsWith("src/evm/")) return "EVM frames, host, precompile lookup";
  const overlay = "state reads/writes (tx journaled overlay, block overlay, store)";
  const diffs = "tx diff (finalize) + fold (apply, toDiff)";
  if (f === "src/state/world-state.js") {
    if (/warm/i.test(fn)) return "warm sets";
    if (/revert|checkpoint/.test(fn)) return "journal (revert)";
    if (fn === "finalize") return diffs;
    return overlay;
  }
  if (f === "src/block/overlay-state.js" && /apply|toDiff/.test(fn)) return diffs;
  if (f === "src/block/overlay-state.js" || f === "src/state/memory-state.js") return overlay;
  if (f.startsWith("src/tx/")) return "tx validation, gas purchase, refund, fee";
  return "block loop, other";
}

let first = -1;
let last = -1;
profile.samples.forEach((id, i) => {
  if (place(id).inside) {
    if (first < 0) first = i;
    last = i;
  }
});
let gc = 0;
let total = 0;
const rows = new Map<string, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  const dt = profile.timeDeltas[i] ?? 0;
  const n = nodes.get(id)!;
  if (n.callFrame.functionName === "(garbage collector)") {
    if (i >= first && i <= last) gc += dt;
    continue;
  }
  const { inside, phase } = place(id);
  if (!inside) continue;
  total += dt;
  const r = row(n, phase);
  rows.set(r, (rows.get(r) ?? 0) + dt);
}
const perBlock = (us: number) => Number((us / 1000 / blocks).toFixed(2));
const out: Record<string, { ms: number; share: string }> = {};
for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]))
  out[name] = { ms: perBlock(us), share: `${((100 * us) / total).toFixed(1)}%` };
out["GC (relative to the rest)"] = { ms: perBlock(gc), share: `${((100 * gc) / total).toFixed(1)}%` };
process.stdout.write(`${JSON.stringify({ msPerBlock: perBlock(total), rows: out }, null, 1)}\n`);
