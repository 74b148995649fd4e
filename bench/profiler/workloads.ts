// The profiler on every benchmark workload (the DEX case study, docs/dex-case-study.md): each workload's
// block (seed 1, N transactions) profiled like `lanes profile --storage-layout tools/profiler/layouts/*.json`
// would, its JSON and HTML reports written to DIR, and one summary line per workload (dependencies, critical
// path, speedup bounds, the hottest location, the advice with the largest simulated gain) printed as a
// Markdown table. --from-reports re-prints the table from DIR's JSON reports without running anything.
// With --block-files, each block is also written in `lanes run`'s format, for `lanes profile` itself.
// A report generator, not a test.
//   node dist/bench/profiler/workloads.js [--txs N] [--threads N] [--out DIR] [--block-files] [--from-reports]
//     [ids...]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContractBook } from "../../src/profiler/contracts.js";
import { profileBlock } from "../../src/profiler/profile-block.js";
import { renderHtml } from "../../src/profiler/render-html.js";
import type { BlockProfile } from "../../src/profiler/types.js";
import { repoRoot } from "../../tools/contracts/sources.js";
import { workloadToBlockJson } from "../../tools/workloads/block-json.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { isWorkloadId, lanesBlock, WORKLOAD_IDS, type WorkloadId } from "../../tools/workloads/types.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const txs = Number(option("--txs", "2000"));
const threads = Number(option("--threads", "2"));
const out = option("--out", join(repoRoot(), "test-artifacts", "profiler", "workloads"));
const blockFiles = process.argv.includes("--block-files");
const named = process.argv.slice(2).filter(isWorkloadId) as WorkloadId[];
const ids: readonly WorkloadId[] = named.length > 0 ? named : WORKLOAD_IDS;

const layouts = join(repoRoot(), "tools", "profiler", "layouts");
const book = new ContractBook();
for (const f of readdirSync(layouts).sort()) if (f.endsWith(".json")) book.addFile(join(layouts, f));
mkdirSync(out, { recursive: true });

const short = (text: string) => text.replace(/0x([0-9a-fA-F]{4})[0-9a-fA-F]{32}([0-9a-fA-F]{4})/g, "0x$1…$2");

function line(id: string, p: BlockProfile): string {
  const hot = p.hotLocations[0];
  const hotText =
    hot === undefined
      ? "none"
      : `${short(hot.location.label)} (${hot.txs} txs on chains, ${hot.writers} writers)`;
  // The advice with the largest simulated gain (the report's first), and that gain at 8 threads.
  const top = p.advice[0];
  const gain = top?.gain;
  const adviceText =
    top === undefined
      ? "–"
      : `${top.pattern}: ${gain === undefined ? "no simulation" : `${p.speedupBound["8"]}x -> ${gain.speedupBound["8"]}x (${gain.what})`}`;
  return (
    `| ${id} | ${p.txs} | ${p.edges.length} | ${p.stats.dependentTxs} | ` +
    `${p.criticalPath.txs.length} / ${p.criticalPath.ms.toFixed(1)} ms | ${p.stats.workMs.toFixed(0)} ms | ` +
    `${p.speedupBound["2"]}x / ${p.speedupBound["8"]}x / ${p.speedupBound["32"]}x | ` +
    `${p.stats.reExecutions} | ${hotText} | ${adviceText} |`
  );
}

console.log(`profiles of the bench workloads: ${txs} txs, seed 1, ${threads} threads; reports in ${out}`);
console.log(
  "| workload | txs | edges | dependent txs | critical path (txs / ms) | work | bound 2 / 8 / 32 threads | re-executions | hottest location | top advice: bound at 8 threads now -> simulated |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
for (const id of ids) {
  if (process.argv.includes("--from-reports")) {
    console.log(line(id, JSON.parse(readFileSync(join(out, `${id}.json`), "utf8")) as BlockProfile));
    continue;
  }
  const w = await buildWorkload(id, 1, { txs });
  if (blockFiles) writeFileSync(join(out, `${id}.block.json`), JSON.stringify(workloadToBlockJson(w)));
  try {
    const p = await profileBlock(lanesBlock(w), w.preState, w.chainConfig, {
      ...w.executeOptions,
      threads,
      book,
      fork: w.chainConfig.rulesAt(w.header.number, w.header.timestamp).name,
    });
    writeFileSync(join(out, `${id}.json`), JSON.stringify(p, null, 1));
    writeFileSync(join(out, `${id}.html`), renderHtml(p));
    console.log(line(id, p));
  } catch (e) {
    console.log(
      `| ${id} | ${w.transactions.length} | cannot profile: ${e instanceof Error ? e.message : e} |`,
    );
  }
}
process.exit(0);
