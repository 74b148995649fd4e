// Worker thread of the blockchain-test conformance suite: runs the fixture files it is sent with the
// compiled blocktest runner and reports one compact result per file (a "case" is one test; worker-kit.ts).
// `node --test` may also load this file as a test file; without a parent port it does nothing.
//
// Every block that reaches execution also runs through executeBlockParallel (forced parallel, 2 threads)
// from the same parent state, after the test's sequential run: any difference from the reference (the
// canonical result: receipts, gas, roots, diff; or the rejection) fails the test as a divergence.
// That run also generates the block's execution witness from its read sets, and every block that executes
// is then verified statelessly from its witness, sequentially and in parallel (test/witness/fixture-witness.ts;
// LANES_WITNESS_CHECK=0 turns this part off).
import { executeBlock } from "../../src/block/execute-block.js";
import type { Block, ChainConfig, ExecuteBlockOptions } from "../../src/block/types.js";
import type { BlockExecutor } from "../../src/blocktest/block-layer.js";
import { defaultBlockLayer } from "../../src/blocktest/default-layer.js";
import { runBlockchainFile } from "../../src/blocktest/runner.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { executeBlockParallel } from "../../src/parallel/index.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import { FixtureHeaders, runParallelWithWitness, witnessDivergence } from "../witness/fixture-witness.js";
import type { FileResult, FileTask } from "./protocol.js";
import { foldOutcomes, serveFiles } from "./worker-kit.js";

/** Set LANES_PARALLEL_CROSSCHECK=0 to run only the sequential reference (e.g. while bisecting). */
const CROSS_CHECK = process.env.LANES_PARALLEL_CROSSCHECK !== "0";
const CROSS_CHECK_THREADS = 2;
const WITNESS_CHECK = CROSS_CHECK && process.env.LANES_WITNESS_CHECK !== "0";
/** The current file's headers, for the witnesses' ancestor headers. */
let headers: FixtureHeaders | undefined;

interface RecordedBlock {
  block: Block;
  preState: InMemoryState;
  chainConfig: ChainConfig;
  options: ExecuteBlockOptions;
  /** The reference outcome, canonical (one line per fact, or the rejection). */
  reference: string[];
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

let recorded: RecordedBlock[] = [];

/** The sequential reference, recording each block it executes for the parallel re-run. */
const recordingExecutor: BlockExecutor = (block, preState, chainConfig, options) => {
  headers?.add(block.header);
  try {
    const result = executeBlock(block, preState, chainConfig, options);
    if (CROSS_CHECK)
      recorded.push({ block, preState, chainConfig, options, reference: canonicalResultLines(result) });
    return result;
  } catch (e) {
    if (CROSS_CHECK)
      recorded.push({ block, preState, chainConfig, options, reference: [`rejected ${describeError(e)}`] });
    throw e;
  }
};

const layer = { ...defaultBlockLayer(), execute: recordingExecutor };

/** The first line where the parallel run differs from the reference, or undefined. */
async function parallelDivergence(blocks: RecordedBlock[]): Promise<string | undefined> {
  for (const [i, r] of blocks.entries()) {
    let got: string[];
    let run: Awaited<ReturnType<typeof runParallelWithWitness>> | undefined;
    try {
      if (WITNESS_CHECK) {
        run = await runParallelWithWitness(r, headers!, CROSS_CHECK_THREADS);
        got = canonicalResultLines(run.result);
      } else {
        const result = await executeBlockParallel(r.block, r.preState, r.chainConfig, {
          ...r.options,
          mode: "parallel",
          threads: CROSS_CHECK_THREADS,
        });
        got = canonicalResultLines(result);
      }
    } catch (e) {
      got = [`rejected ${describeError(e)}`];
    }
    const difference = firstDifference(got, r.reference);
    if (difference !== undefined) {
      return `parallel executor diverges on block ${i + 1} (number ${r.block.header.number}): ${difference}`;
    }
    if (!WITNESS_CHECK || run === undefined) continue;
    const witness = await witnessDivergence(r, run, headers!, CROSS_CHECK_THREADS);
    if (witness !== undefined)
      return `witness of block ${i + 1} (number ${r.block.header.number}): ${witness}`;
  }
  return undefined;
}

export async function runBlockchainFixtureFile({ file, skipReason }: FileTask): Promise<FileResult> {
  const counters = {
    blocks: 0,
    "invalid blocks rejected for another reason": 0,
    "blocks run in parallel": 0,
  };
  const notes: string[] = [];
  const outcomes = [];
  recorded = [];
  headers = new FixtureHeaders(file);
  for (const outcome of runBlockchainFile(file, { layer, diff: true, skipReason })) {
    const blocks = recorded;
    recorded = [];
    if (outcome.kind === "test" && blocks.length > 0) {
      counters["blocks run in parallel"] += blocks.length;
      const divergence = await parallelDivergence(blocks);
      if (divergence !== undefined) {
        outcomes.push({ ...outcome, pass: false, error: divergence });
        continue;
      }
    }
    outcomes.push(outcome);
  }
  const result = foldOutcomes(file, outcomes, {
    ran: (outcome) => {
      counters.blocks += outcome.blocks;
      counters["invalid blocks rejected for another reason"] += outcome.exceptionMismatches;
      // A passing test's error is a note (an invalid block rejected for another reason than expected).
      if (outcome.pass && outcome.error !== undefined) notes.push(`${outcome.name}: ${outcome.error}`);
    },
  });
  return { ...result, counters, notes };
}

serveFiles(runBlockchainFixtureFile);
