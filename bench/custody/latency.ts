// Custody latency benchmark (not a test): DKG and signing for 2-of-3, 3-of-5 and 7-of-10, with every
// signer a separate `lanes custody signer` process on loopback HTTP (signed envelopes, point-to-point
// encryption, sealed nonces written and deleted on disk, as in production). Signer start-up (process
// launch and the scrypt unlock) is excluded; it is reported on its own. Each DKG runs on fresh signer
// processes and stores; signing runs repeatedly on the last key set, for both the plain and the Taproot
// key. Prints medians (and min..max) in ms, plus a Markdown table for docs/custody.md.
//
// Usage: npm run bench:custody [-- --dkg-runs N --sign-runs N --configs 2-3,3-5,7-10]
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { schnorr } from "@noble/curves/secp256k1.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { Coordinator } from "../../src/custody/coordinator/coordinator.js";
import type { GroupKey } from "../../src/custody/frost/keys.js";
import { startSigners, stopSigners } from "../../src/custody/local/cluster.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const dkgRuns = Number(arg("dkg-runs", "3"));
const signRuns = Number(arg("sign-runs", "10"));
const configs = arg("configs", "2-3,3-5,7-10")
  .split(",")
  .map((c) => c.split("-").map(Number) as [number, number]);
const PASS = "bench passphrase";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (xs: number[]) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)})`;

interface Row {
  config: string;
  startup: number[];
  dkg: number[];
  plain: number[];
  taproot: number[];
}

async function bench(t: number, n: number): Promise<Row> {
  const row: Row = { config: `${t}-of-${n}`, startup: [], dkg: [], plain: [], taproot: [] };
  const indices = Array.from({ length: n }, (_, i) => i + 1);
  let group: GroupKey | undefined;
  let coordinator: Coordinator | undefined;
  let last: Awaited<ReturnType<typeof startSigners>> = [];
  const roots: string[] = [];
  for (let run = 0; run < dkgRuns; run++) {
    await stopSigners(last);
    const root = mkdtempSync(join(tmpdir(), "lanes-custody-bench-"));
    roots.push(root);
    const t0 = performance.now();
    last = await startSigners(new Map(indices.map((i) => [i, join(root, `signer-${i}`)])), {
      passphrase: PASS,
    });
    row.startup.push(performance.now() - t0);
    coordinator = new Coordinator(schnorr.utils.randomSecretKey(), last);
    const t1 = performance.now();
    ({ group } = await coordinator.keygen(t, indices));
    row.dkg.push(performance.now() - t1);
  }
  // Warm-up signing (JIT, connections), then timed runs with a rotating quorum.
  await coordinator!.sign(group!, indices.slice(0, t), randomBytes(32), "plain");
  for (let run = 0; run < signRuns; run++) {
    const quorum = indices.map((_, k) => indices[(k + run) % n]!).slice(0, t);
    for (const mode of ["plain", "taproot"] as const) {
      const m = randomBytes(32);
      const t2 = performance.now();
      const r = await coordinator!.sign(group!, quorum, m, mode);
      row[mode].push(performance.now() - t2);
      if (!schnorr.verify(r.signature, m, r.publicKey))
        throw new Error("benchmark signature does not verify");
    }
  }
  await stopSigners(last);
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  return row;
}

const rows: Row[] = [];
for (const [t, n] of configs) {
  process.stderr.write(`${t}-of-${n}...\n`);
  rows.push(await bench(t, n));
}
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `custody latency, ms: median (min..max); ${dkgRuns} DKG runs, ${signRuns} signing runs per key; ${availableParallelism()} cores (${cpu}), Node ${process.version}`,
);
console.log("");
console.log(
  "| t-of-n | signer start-up (n processes) | DKG (3 rounds + commit) | sign, plain key | sign, Taproot key |",
);
console.log("|---|---:|---:|---:|---:|");
for (const r of rows)
  console.log(`| ${r.config} | ${fmt(r.startup)} | ${fmt(r.dkg)} | ${fmt(r.plain)} | ${fmt(r.taproot)} |`);
