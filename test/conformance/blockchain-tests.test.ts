// Conformance suite: every blockchain test in the shared fixtures (block import: genesis, blocks, expected
// rejections, last block hash, post-state), run on worker threads against the compiled block layer. Asserts
// a pass rate of at least 99% per set, that every failure is listed in blockchain-known-failures.json, and
// that no listed entry has started passing. Shares the state-test suite's pool and report (docs/conformance.md).
import assert from "node:assert/strict";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { collectJsonFiles } from "../../src/statetest/files.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";
import { KnownFailureMatcher, knownFailuresPath, loadKnownFailures, SKIP_PREFIX } from "./known-failures.js";
import type { FileTask } from "./protocol.js";
import { renderFailures, SetRun, writeFailureReport } from "./set-report.js";
import { runFilesInWorkers } from "./worker-pool.js";

const KNOWN_FAILURES = "blockchain-known-failures.json";
/** Test counts from the fixtures' README (a missing upstream blob shows up as "expected N"). */
const SETS = [
  { set: "BlockchainTests/ValidBlocks", expectedTests: 442 },
  { set: "BlockchainTests/InvalidBlocks", expectedTests: 131 },
  { set: "prague-blockchain-tests", expectedTests: 631 },
  { set: "osaka-blockchain-tests", expectedTests: 465 },
];
const MIN_PASS_RATE = 99;

// Developer knobs, shared with the state-test suite; the defaults are what `npm test` uses.
const onlySets = process.env.LANES_CONFORMANCE_SETS?.split(",").map((s) => s.trim());
const workers = Number(process.env.LANES_CONFORMANCE_WORKERS) || availableParallelism();
const fileTimeoutMs = (Number(process.env.LANES_CONFORMANCE_FILE_TIMEOUT) || 300) * 1000;

const known = loadKnownFailures(
  SETS.map((s) => s.set),
  knownFailuresPath(KNOWN_FAILURES),
);
const matcher = new KnownFailureMatcher(known.entries);

test(`${KNOWN_FAILURES} is well-formed`, () => {
  assert.deepEqual(known.problems, [], `fix ${known.path}`);
});

/** Runs a set; `used` collects the known-failures keys that excused a failure or skipped a file. */
async function runSet(set: string, root: string, used: Set<string>): Promise<SetRun> {
  const run = new SetRun(set, root, "tests");
  const { files, errors } = collectJsonFiles([root]);
  for (const { file, error } of errors) {
    run.add({ file, cases: 1, passed: 0, skipped: {}, failures: [{ file, error }], ms: 0 });
  }
  // Largest first, so that no big file is left for the end while the other core idles.
  const tasks = files
    .map((file) => ({ file, size: statSync(file).size }))
    .sort((a, b) => b.size - a.size)
    .map(({ file }): FileTask => {
      const entry = matcher.match(run.fileId(file));
      if (!entry?.reason.startsWith(SKIP_PREFIX)) return { file };
      used.add(entry.key);
      return { file, skipReason: `${KNOWN_FAILURES} ${entry.reason}` };
    });
  const started = performance.now();
  await runFilesInWorkers(tasks, {
    workerUrl: new URL("./blockchain-worker.js", import.meta.url),
    workers,
    chunkSize: 2,
    fileTimeoutMs,
    stackSizeMb: 64,
    onResult: (result) => run.add(result),
  });
  run.seconds = (performance.now() - started) / 1000;
  run.failures.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return run;
}

/** The passing tests' notes (invalid blocks rejected for another reason than expected), for review. */
function writeNotes(set: string, notes: readonly string[]): string | undefined {
  if (notes.length === 0) return undefined;
  const dir = fileURLToPath(new URL("../../conformance-report/", import.meta.url));
  const path = `${dir}${set.replaceAll("/", "-")}-notes.txt`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${[...notes].sort().join("\n")}\n`);
  return path;
}

for (const { set, expectedTests } of SETS) {
  test(`blockchain tests: ${set}`, { skip: onlySets !== undefined && !onlySets.includes(set) }, async (t) => {
    const root = fixtureDir(set);
    if (!root) {
      t.skip("fixtures not found");
      return;
    }
    const used = new Set<string>();
    const run = await runSet(set, root, used);
    console.log(run.summary(expectedTests, workers));
    const notesPath = writeNotes(set, run.notes);
    if (notesPath) console.log(`  notes on passing tests (${run.notes.length}): ${notesPath}`);

    const unexpected = run.failures.filter((f) => {
      const entry = matcher.match(f.id);
      if (entry) used.add(entry.key);
      return entry === undefined;
    });
    const stale = known.entries.filter((e) => e.key.startsWith(`${set}/`) && !used.has(e.key));
    const report = renderFailures(
      `${set}: failures not in ${KNOWN_FAILURES}`,
      unexpected,
      writeFailureReport(`blockchain-${set}`, unexpected),
    );
    if (report) console.log(report);

    await t.test(`pass rate >= ${MIN_PASS_RATE}%`, () => {
      assert.ok(
        run.passRate >= MIN_PASS_RATE,
        `${set}: pass rate ${run.passRate.toFixed(2)}% < ${MIN_PASS_RATE}%`,
      );
    });
    await t.test(`every failing test is listed in ${KNOWN_FAILURES}`, () => {
      assert.equal(
        unexpected.length,
        0,
        `${unexpected.length} unlisted failures (first: ${unexpected[0]?.id})`,
      );
    });
    await t.test(`no ${KNOWN_FAILURES} entry passes now (remove stale entries)`, () => {
      assert.deepEqual(
        stale.map((e) => e.key),
        [],
        "these entries matched no failing test (or no file): they pass now or no longer exist",
      );
    });
  });
}
