// Legacy-fork conformance: the pre-Cancun state tests of ../shared/legacy-fork-tests (Frontier to Shanghai;
// its README lists sources, formats and counts), run on worker threads like the Cancun suite (suite.ts).
// Per set it asserts the number of cases, the passed cases per fork, that every failure is listed in
// legacy-known-failures.json with its reason, and that no listed entry passes now.
//
// `npm test` runs every case (116,825, about 5 CPU-minutes). LANES_LEGACY_SAMPLE=1 runs a deterministic
// sample for development: the first case of each (test, fork), every file and fork included; the other
// cases are reported as skipped with that reason. docs/conformance.md has the figures. The folder is found at $LEGACY_FORK_TESTS or
// ../shared/legacy-fork-tests; without it the suite skips with a one-line notice.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { legacyFullRun } from "./legacy-state-worker.js";
import { conformanceSuite } from "./suite.js";

function locate(set: string): string | undefined {
  const root = resolve(process.env.LEGACY_FORK_TESTS ?? "../shared/legacy-fork-tests");
  const dir = resolve(root, set);
  if (!existsSync(dir)) {
    console.log(
      `# skipping ${set}: fixtures not found (set LEGACY_FORK_TESTS to the legacy-fork-tests folder)`,
    );
    return undefined;
  }
  return dir;
}

const full = legacyFullRun();

const LT = "ethereum-legacytests-71560ec/Constantinople/GeneralStateTests";
const ET = "ethereum-tests-2e37a9f/GeneralStateTests";
const EEST = "eest-v5.4.0/state_tests";

/** Every case (the README's counts), with the passed cases per fork. */
interface LegacySet {
  set: string;
  expected: number;
  counters?: Record<string, number>;
}

function FULL_SETS(): LegacySet[] {
  return [
    {
      set: LT,
      expected: 31_290,
      counters: {
        "Frontier passed": 1_023,
        "Homestead passed": 2_002,
        "EIP150 passed": 1_096,
        "EIP158 passed": 1_221,
        "Byzantium passed": 4_802,
        "Constantinople passed": 10_577,
        "ConstantinopleFix passed": 10_569,
      },
    },
    {
      set: ET,
      expected: 81_896,
      counters: {
        "Frontier passed": 128,
        "Homestead passed": 215,
        "EIP150 passed": 215,
        "EIP158 passed": 215,
        "Byzantium passed": 253,
        "Constantinople passed": 268,
        "ConstantinopleFix passed": 268,
        "Istanbul passed": 12_554,
        "Berlin passed": 13_609,
        "London passed": 18_161,
        "Paris passed": 17_943,
        "Shanghai passed": 18_062,
      },
    },
    {
      set: EEST,
      expected: 3_639,
      counters: {
        "Frontier passed": 115,
        "Homestead passed": 125,
        "Byzantium passed": 204,
        "ConstantinopleFix passed": 213,
        "Istanbul passed": 354,
        "Berlin passed": 595,
        "London passed": 595,
        "Paris passed": 655,
        "Shanghai passed": 783,
      },
    },
  ];
}

/** The first case of each (test, fork), with the passed cases per fork. */
function SAMPLE_SETS(): LegacySet[] {
  return [
    {
      set: LT,
      expected: 10_299,
      counters: {
        "Frontier passed": 726,
        "Homestead passed": 1_307,
        "EIP150 passed": 650,
        "EIP158 passed": 579,
        "Byzantium passed": 2_297,
        "Constantinople passed": 2_373,
        "ConstantinopleFix passed": 2_367,
      },
    },
    {
      set: ET,
      expected: 13_075,
      counters: {
        "Frontier passed": 19,
        "Homestead passed": 21,
        "EIP150 passed": 21,
        "EIP158 passed": 21,
        "Byzantium passed": 24,
        "Constantinople passed": 27,
        "ConstantinopleFix passed": 27,
        "Istanbul passed": 2_488,
        "Berlin passed": 2_525,
        "London passed": 2_676,
        "Paris passed": 2_607,
        "Shanghai passed": 2_614,
      },
    },
    {
      set: EEST,
      expected: 3_639,
      counters: {
        "Frontier passed": 115,
        "Homestead passed": 125,
        "Byzantium passed": 204,
        "ConstantinopleFix passed": 213,
        "Istanbul passed": 354,
        "Berlin passed": 595,
        "London passed": 595,
        "Paris passed": 655,
        "Shanghai passed": 783,
      },
    },
  ];
}

conformanceSuite({
  title: full ? "legacy state tests (all cases)" : "legacy state tests (LANES_LEGACY_SAMPLE=1 sample)",
  unit: "case",
  knownFailures: "legacy-known-failures.json",
  locate,
  sets: full ? FULL_SETS() : SAMPLE_SETS(),
  minPassRate: 99.5,
  workerUrl: new URL("./legacy-state-worker.js", import.meta.url),
  chunkSize: 4,
  slowFirst: [/[/\\]stTimeConsuming[/\\]/, /[/\\]stQuadraticComplexityTest[/\\]/, /[/\\]VMTests[/\\]/],
  reportPrefix: "legacy-",
});
