// Opt-in sweep (LANES_BLOCK_SWEEP=1, or a folder list in it): replays every blockchain-test fixture whose
// blocks have a JSON view through the block layer and reports the blocks that go differently from the
// fixture. Too slow for every run; the per-feature tests in this folder cover the same paths on samples.
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fixtureDir } from "../helpers/ethereum-tests.js";
import { loadFixtures, mismatch, replay } from "./fixture-chain.js";

const SWEEP = process.env.LANES_BLOCK_SWEEP;
const DEFAULT_DIRS = ["BlockchainTests", "prague-blockchain-tests", "osaka-blockchain-tests"];

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...jsonFiles(path));
    else if (name.endsWith(".json")) out.push(path);
  }
  return out.sort();
}

test("block layer agrees with the blockchain-test fixtures", {
  skip: SWEEP ? false : "set LANES_BLOCK_SWEEP=1",
}, () => {
  const dirs = SWEEP === "1" ? DEFAULT_DIRS : SWEEP!.split(",");
  const failures: string[] = [];
  let blocks = 0;
  let tests = 0;
  let skipped = 0;
  for (const sub of dirs) {
    const dir = fixtureDir(sub);
    if (!dir) continue;
    for (const file of jsonFiles(dir)) {
      for (const fixture of loadFixtures(file)) {
        if (fixture.config === undefined) {
          skipped++;
          continue;
        }
        tests++;
        const { steps } = replay(fixture);
        for (const step of steps) {
          blocks++;
          const m = mismatch(step);
          if (m) failures.push(`${file.slice(dir.length + 1)} ${fixture.name}: ${m}`);
        }
      }
    }
  }
  console.log(
    `# sweep: ${tests} tests, ${blocks} blocks, ${skipped} tests skipped, ${failures.length} mismatches`,
  );
  for (const f of failures.slice(0, 60)) console.log(`#   ${f.slice(0, 400)}`);
  assert.equal(failures.length, 0);
});
