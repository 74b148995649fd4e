// Conformance suite: every state test in the shared fixtures, run on worker threads against the compiled
// EVM. Asserts a pass rate of at least 99.5% per set, that every failure is listed in known-failures.json,
// and that no listed entry has started passing (so the list only shrinks). See docs/conformance.md.
import assert from "node:assert/strict";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { collectJsonFiles } from "../../src/statetest/files.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";
import { KnownFailureMatcher, loadKnownFailures, SKIP_PREFIX } from "./known-failures.js";
import type { FileTask } from "./protocol.js";
import { renderFailures, SetRun } from "./set-report.js";
import { runFilesInWorkers } from "./worker-pool.js";

const SETS = [
  { set: "GeneralStateTests", fork: "Cancun", expectedCases: 20_969 },
  { set: "prague-state-tests", fork: "Prague", expectedCases: 9_919 },
  { set: "osaka-state-tests", fork: "Osaka", expectedCases: 10_557 },
];
const MIN_PASS_RATE = 99.5;
/** Folders whose small files run for tens of seconds each (loopMul, static_Call50000_sha256, ...). */
const SLOW_FIRST = [
  /[/\\]vmPerformance[/\\]/,
  /[/\\]stTimeConsuming[/\\]/,
  /[/\\]stQuadraticComplexityTest[/\\]/,
];

// Developer knobs; the defaults are what `npm test` and CI use.
const onlySets = process.env.LANES_CONFORMANCE_SETS?.split(",").map((s) => s.trim());
const workers = Number(process.env.LANES_CONFORMANCE_WORKERS) || availableParallelism();
const fileTimeoutMs = (Number(process.env.LANES_CONFORMANCE_FILE_TIMEOUT) || 300) * 1000;

const known = loadKnownFailures(SETS.map((s) => s.set));
const matcher = new KnownFailureMatcher(known.entries);

test("known-failures.json is well-formed", () => {
  assert.deepEqual(known.problems, [], `fix ${known.path}`);
});

/** Runs a set; `used` collects the known-failures keys that excused a failure or skipped a file. */
async function runSet(set: string, root: string, used: Set<string>): Promise<SetRun> {
  const run = new SetRun(set, root);
  const { files, errors } = collectJsonFiles([root]);
  for (const { file, error } of errors) {
    run.add({ file, cases: 1, passed: 0, skipped: {}, failures: [{ file, error }], ms: 0 });
  }
  // Slowest first, so they are not the tail both cores wait on: known CPU-heavy folders, then by size.
  const sized = files
    .map((file) => ({ file, size: statSync(file).size, slow: SLOW_FIRST.some((re) => re.test(file)) }))
    .sort((a, b) => Number(b.slow) - Number(a.slow) || b.size - a.size);
  const tasks = sized.map(({ file }): FileTask => {
    const entry = matcher.match(run.fileId(file));
    if (!entry?.reason.startsWith(SKIP_PREFIX)) return { file };
    used.add(entry.key);
    return { file, skipReason: `known-failures.json ${entry.reason}` };
  });
  const started = performance.now();
  await runFilesInWorkers(tasks, {
    workerUrl: new URL("./state-worker.js", import.meta.url),
    workers,
    chunkSize: 4,
    fileTimeoutMs,
    stackSizeMb: 64,
    onResult: (result) => run.add(result),
  });
  run.seconds = (performance.now() - started) / 1000;
  run.failures.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return run;
}

/** Writes the unexpected failures in known-failures.json format, for review before listing any of them. */
function writeReport(set: string, failures: SetRun["failures"]): string | undefined {
  if (failures.length === 0) return undefined;
  const dir = fileURLToPath(new URL("../../conformance-report/", import.meta.url));
  const path = `${dir}${set}-failures.json`;
  const entries = Object.fromEntries(failures.map(({ id, failure }) => [id, failure.error.split("\n")[0]]));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(entries, null, 2)}\n`);
  return path;
}

for (const { set, expectedCases } of SETS) {
  test(`state tests: ${set}`, { skip: onlySets !== undefined && !onlySets.includes(set) }, async (t) => {
    const root = fixtureDir(set);
    if (!root) {
      t.skip("fixtures not found");
      return;
    }
    const used = new Set<string>();
    const run = await runSet(set, root, used);
    console.log(run.summary(expectedCases, workers));

    const unexpected = run.failures.filter((f) => {
      const entry = matcher.match(f.id);
      if (entry) used.add(entry.key);
      return entry === undefined;
    });
    const stale = known.entries.filter((e) => e.key.startsWith(`${set}/`) && !used.has(e.key));
    const report = renderFailures(
      `${set}: failures not in known-failures.json`,
      unexpected,
      writeReport(set, unexpected),
    );
    if (report) console.log(report);

    await t.test(`pass rate >= ${MIN_PASS_RATE}%`, () => {
      assert.ok(
        run.passRate >= MIN_PASS_RATE,
        `${set}: pass rate ${run.passRate.toFixed(2)}% < ${MIN_PASS_RATE}%`,
      );
    });
    await t.test("every failing case is listed in known-failures.json", () => {
      assert.equal(
        unexpected.length,
        0,
        `${unexpected.length} unlisted failures (first: ${unexpected[0]?.id})`,
      );
    });
    await t.test("no known-failures.json entry passes now (remove stale entries)", () => {
      assert.deepEqual(
        stale.map((e) => e.key),
        [],
        "these entries matched no failing case (or no file): they pass now or no longer exist",
      );
    });
  });
}
