// Times the trie's batch sort (sortByKey, src/trie/builder.ts) against Array.prototype.sort with the
// compareBytes comparator it replaced, on copies of one array of random 32-byte keys, alternately in one
// process (CPU time per sort, medians), and checks both give the same order.
//
// Usage: node dist/bench/evm/trie-sort.js [--keys 4000] [--runs 300]
import { randomBytes } from "node:crypto";
import { compareBytes, sortByKey } from "../../src/trie/builder.js";
import { median } from "./report.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1] ?? fallback) : fallback;
}

const count = arg("keys", 4000);
const runs = arg("runs", 300);
const items = Array.from({ length: count }, () => ({ key: new Uint8Array(randomBytes(32)) }));

function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const comparator: number[] = [];
const native: number[] = [];
for (let r = 0; r < runs; r++) {
  const a = items.slice();
  const b = items.slice();
  comparator.push(cpuMs(() => a.sort((x, y) => compareBytes(x.key, y.key))));
  native.push(cpuMs(() => sortByKey(b)));
  if (r === 0 && a.some((item, i) => item !== b[i])) throw new Error("sortByKey order differs");
}
process.stdout.write(
  `${count} keys: Array.sort + compareBytes ${median(comparator).toFixed(3)} ms, sortByKey ${median(native).toFixed(3)} ms (CPU medians of ${runs})\n`,
);
