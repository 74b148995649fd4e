// The conformance suite driver shared by the state-test and blockchain-test suites: for each fixture set,
// run every file on worker threads, print the set's summary (and notes on passing tests, if any), then
// assert the set's size (so a set that lost files fails), a minimum pass rate, that every failure is
// listed in the suite's known-failures file, and that no listed entry has started passing (so the list
// only shrinks). See docs/conformance.md.
import assert from "node:assert/strict";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { collectJsonFiles } from "../../src/fixture-io/files.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";
import { KnownFailureMatcher, knownFailuresPath, loadKnownFailures, SKIP_PREFIX } from "./known-failures.js";
import type { FileTask } from "./protocol.js";
import { renderFailures, SetRun, writeFailureReport } from "./set-report.js";
import { runFilesInWorkers } from "./worker-pool.js";

export interface SuiteSpec {
  /** Test name prefix, e.g. "state tests" (the tests are "<title>: <set>"). */
  title: string;
  /** What one counted unit is: "case" (a state-test case) or "test" (a blockchain test). */
  unit: "case" | "test";
  /** The known-failures file in test/conformance/. */
  knownFailures: string;
  /**
   * Fixture folders under the fixtures root, with the number of units each should hold, and optionally
   * exact totals of the workers' per-file counters (e.g. passed cases per fork).
   */
  sets: readonly { set: string; expected: number; counters?: Readonly<Record<string, number>> }[];
  /** Where a set's folder is (default: under ../shared/ethereum-tests); undefined skips the set. */
  locate?: (set: string) => string | undefined;
  minPassRate: number;
  /** The compiled worker that runs the files (state-worker.js, blockchain-worker.js). */
  workerUrl: URL;
  /** Files per worker message. */
  chunkSize: number;
  /** Folders whose files are slow whatever their size: scheduled first, before the rest by size. */
  slowFirst?: readonly RegExp[];
  /** Prefix of the unexpected-failures report's name in conformance-report/. */
  reportPrefix?: string;
}

// Developer knobs, shared by the suites; the defaults are what `npm test` and CI use.
const onlySets = process.env.LANES_CONFORMANCE_SETS?.split(",").map((s) => s.trim());
const workers = Number(process.env.LANES_CONFORMANCE_WORKERS) || availableParallelism();
const fileTimeoutMs = (Number(process.env.LANES_CONFORMANCE_FILE_TIMEOUT) || 300) * 1000;

/** The passing tests' notes (e.g. invalid blocks rejected for another reason than expected), for review. */
function writeNotes(set: string, notes: readonly string[]): string | undefined {
  if (notes.length === 0) return undefined;
  const dir = fileURLToPath(new URL("../../conformance-report/", import.meta.url));
  const path = `${dir}${set.replaceAll("/", "-")}-notes.txt`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${[...notes].sort().join("\n")}\n`);
  return path;
}

/** Registers the suite's tests (one for the known-failures file, one per set). */
export function conformanceSuite(spec: SuiteSpec): void {
  const { knownFailures, minPassRate, unit } = spec;
  const known = loadKnownFailures(
    spec.sets.map((s) => s.set),
    knownFailuresPath(knownFailures),
  );
  const matcher = new KnownFailureMatcher(known.entries);
  const slowFirst = spec.slowFirst ?? [];

  test(`${knownFailures} is well-formed`, () => {
    assert.deepEqual(known.problems, [], `fix ${known.path}`);
  });

  /** Runs a set; `used` collects the known-failures keys that excused a failure or skipped a file. */
  async function runSet(set: string, root: string, used: Set<string>): Promise<SetRun> {
    const run = new SetRun(set, root, `${unit}s`);
    const { files, errors } = collectJsonFiles([root]);
    for (const { file, error } of errors) {
      run.add({ file, cases: 1, passed: 0, skipped: {}, failures: [{ file, error }], ms: 0 });
    }
    // Slowest first, so they are not the tail both cores wait on: known CPU-heavy folders, then by size.
    const sized = files
      .map((file) => ({ file, size: statSync(file).size, slow: slowFirst.some((re) => re.test(file)) }))
      .sort((a, b) => Number(b.slow) - Number(a.slow) || b.size - a.size);
    const tasks = sized.map(({ file }): FileTask => {
      const entry = matcher.match(run.fileId(file));
      if (!entry?.reason.startsWith(SKIP_PREFIX)) return { file };
      used.add(entry.key);
      return { file, skipReason: `${knownFailures} ${entry.reason}` };
    });
    const started = performance.now();
    await runFilesInWorkers(tasks, {
      workerUrl: spec.workerUrl,
      workers,
      chunkSize: spec.chunkSize,
      fileTimeoutMs,
      scaleWithLoad: true,
      onResult: (result) => run.add(result),
    });
    run.seconds = (performance.now() - started) / 1000;
    run.failures.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return run;
  }

  const locate = spec.locate ?? fixtureDir;
  for (const { set, expected, counters } of spec.sets) {
    test(`${spec.title}: ${set}`, { skip: onlySets !== undefined && !onlySets.includes(set) }, async (t) => {
      const root = locate(set);
      if (!root) {
        t.skip("fixtures not found");
        return;
      }
      const used = new Set<string>();
      const run = await runSet(set, root, used);
      console.log(run.summary(expected, workers));
      const notesPath = writeNotes(set, run.notes);
      if (notesPath) console.log(`  notes on passing tests (${run.notes.length}): ${notesPath}`);

      const unexpected = run.failures.filter((f) => {
        const entry = matcher.match(f.id);
        if (entry) used.add(entry.key);
        return entry === undefined;
      });
      const stale = known.entries.filter((e) => e.key.startsWith(`${set}/`) && !used.has(e.key));
      const report = renderFailures(
        `${set}: failures not in ${knownFailures}`,
        unexpected,
        writeFailureReport(`${spec.reportPrefix ?? ""}${set}`, unexpected),
      );
      if (report) console.log(report);

      await t.test(`the set holds its ${expected} ${unit}s (a set that lost files fails)`, () => {
        // A file that failed as a whole (parse error, crash, timeout) counts as one: say so.
        const wholeFiles = run.failures.filter((f) => f.failure.name === undefined).length;
        assert.equal(
          run.holds(),
          expected,
          `${set}: ${run.cases} ${unit}s ran and ${run.listedSkips()} were listed as skipped: ${expected} expected` +
            (wholeFiles > 0 ? ` (${wholeFiles} file(s) failed as a whole and counted as one each)` : ""),
        );
      });
      if (counters !== undefined) {
        await t.test("the per-fork tallies are the expected ones", () => {
          const got = Object.fromEntries([...run.counters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
          assert.deepEqual(got, counters);
        });
      }
      await t.test(`pass rate >= ${minPassRate}%`, () => {
        assert.ok(
          run.passRate >= minPassRate,
          `${set}: pass rate ${run.passRate.toFixed(2)}% < ${minPassRate}%`,
        );
      });
      await t.test(`every failing ${unit} is listed in ${knownFailures}`, () => {
        assert.equal(
          unexpected.length,
          0,
          `${unexpected.length} unlisted failures (first: ${unexpected[0]?.id})`,
        );
      });
      await t.test(`no ${knownFailures} entry passes now (remove stale entries)`, () => {
        assert.deepEqual(
          stale.map((e) => e.key),
          [],
          `these entries matched no failing ${unit} (or no file): they pass now or no longer exist`,
        );
      });
    });
  }
}
