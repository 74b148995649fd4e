// Runs one blockchain test: builds the genesis block and state, imports every block into the block tree,
// then judges the head (`lastblockhash`) and the post-state. Never throws: a crash in any layer becomes a
// failing result naming the block.

import { type DecodedBlockRlp, decodeBlockRlp } from "../block/block-rlp.js";
import type { ChainConfig } from "../block/types.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { diffPostState } from "../statetest/post-diff.js";
import { buildPreState } from "../statetest/pre-state.js";
import { stateRoot } from "../trie/index.js";
import type { BlockExecutor } from "./block-layer.js";
import { BlockTree, type ChainBlock } from "./chain.js";
import type { BlockchainTestFixture } from "./fixture.js";
import { importBlock } from "./import-block.js";
import { describeRejection, matchException } from "./rejection.js";

export interface RunTestOptions {
  chainConfig: ChainConfig;
  /** The executor under test. */
  execute: BlockExecutor;
  /** See ImportOptions.crossCheck: a second executor whose every block result must match the first's. */
  crossCheck?: BlockExecutor;
  /** Attach a per-account post-state diff to a failure (needs `postState`). */
  diff?: boolean;
}

export interface TestResult {
  pass: boolean;
  /** The head the chain ended on; "" if not even the genesis could be built. */
  lastBlockHash: string;
  /** Why the test failed, and notes that do not fail it (a rejection for another reason than expected). */
  error: string | undefined;
  diff: string[] | undefined;
  /** Blocks imported and rejected, for the summary. */
  imported: number;
  rejected: number;
  /** Rejections whose reason is not one of the expected exception names (reported, not failed). */
  exceptionMismatches: number;
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Decodes genesisRLP and checks it against the fixture's genesis hash and `pre`. */
function buildGenesis(test: BlockchainTestFixture): ChainBlock | string {
  let genesis: DecodedBlockRlp;
  try {
    genesis = decodeBlockRlp(test.genesisRLP);
  } catch (e) {
    return `genesis: cannot decode genesisRLP: ${message(e)}`;
  }
  if (!bytesEqual(genesis.hash, test.genesisHash)) {
    return `genesis: hash ${bytesToHex(genesis.hash)}, genesisBlockHeader.hash is ${bytesToHex(test.genesisHash)}`;
  }
  const state = buildPreState(test.pre);
  const root = stateRoot(state.accounts);
  if (!bytesEqual(root, genesis.header.stateRoot)) {
    return `genesis: root of pre ${bytesToHex(root)}, genesis header has ${bytesToHex(genesis.header.stateRoot)}`;
  }
  return { hash: genesis.hash, header: genesis.header, state, parent: undefined };
}

function checkPostState(
  test: BlockchainTestFixture,
  head: ChainBlock,
  withDiff: boolean,
  problems: string[],
) {
  if (test.postState !== undefined) {
    const diff = diffPostState(test.postState, head.state);
    if (diff.length === 0) return undefined;
    problems.push(`post state: ${diff.length} difference(s), first: ${diff[0]}`);
    return withDiff ? diff : undefined;
  }
  if (test.postStateHash !== undefined) {
    const root = stateRoot(head.state.accounts);
    if (!bytesEqual(root, test.postStateHash)) {
      problems.push(
        `post state root ${bytesToHex(root)}, postStateHash is ${bytesToHex(test.postStateHash)}`,
      );
    }
  }
  return undefined;
}

export function runBlockchainTest(test: BlockchainTestFixture, options: RunTestOptions): TestResult {
  const result: TestResult = {
    pass: false,
    lastBlockHash: "",
    error: undefined,
    diff: undefined,
    imported: 0,
    rejected: 0,
    exceptionMismatches: 0,
  };
  const genesis = buildGenesis(test);
  if (typeof genesis === "string") {
    result.error = genesis;
    return result;
  }
  const tree = new BlockTree(genesis);
  const problems: string[] = [];
  const notes: string[] = [];
  test.blocks.forEach((block, i) => {
    const outcome = importBlock(block.rlp, tree, options);
    const where = `block ${i + 1}`;
    if (outcome.divergence !== undefined) problems.push(`${where}: executors diverge: ${outcome.divergence}`);
    if (outcome.kind === "imported") {
      result.imported++;
      if (block.expectException !== undefined) {
        problems.push(`${where}: imported, but expected exception ${block.expectException}`);
      }
      return;
    }
    result.rejected++;
    const { rejection } = outcome;
    if (block.expectException === undefined) {
      problems.push(`${where}: rejected: ${describeRejection(rejection)}`);
    } else {
      const match = matchException(block.expectException, rejection);
      if (match === "exact") return;
      result.exceptionMismatches++;
      const family = match === "family" ? "same family" : "different family";
      notes.push(
        `${where}: rejected as ${describeRejection(rejection)}; expected ${block.expectException} (${family}, not a failure)`,
      );
    }
  });
  const head = tree.head;
  result.lastBlockHash = bytesToHex(head.hash);
  if (!bytesEqual(head.hash, test.lastBlockHash)) {
    problems.push(
      `last block hash ${result.lastBlockHash} (number ${head.header.number}), want ${bytesToHex(test.lastBlockHash)}`,
    );
  }
  try {
    result.diff = checkPostState(test, head, options.diff ?? false, problems);
  } catch (e) {
    problems.push(`post state: ${message(e)}`);
  }
  result.pass = problems.length === 0;
  const text = [...problems, ...notes];
  result.error = text.length > 0 ? text.join("; ") : undefined;
  return result;
}
