// Imports one block into a test's block tree, with the block layer's checks in the order its importBlock
// runs them (size, header against parent, body against header, execution, header commitments), but with
// the executor injectable and run from the tree's parent state. Never throws: every refusal is a Rejection.
import { checkBlockSize, type DecodedBlockRlp, decodeBlockRlp } from "../block/block-rlp.js";
import { validateBlockBody } from "../block/body-validation.js";
import { BlockException, InvalidBlockError } from "../block/errors.js";
import { headerHash } from "../block/header.js";
import { validateHeader } from "../block/header-validation.js";
import { OMMER_ANCESTRY, validateOmmers } from "../block/ommers.js";
import { validateBlockResult } from "../block/result-validation.js";
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions } from "../block/types.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { decodeSignedTransaction } from "../tx/codec/index.js";
import type { BlockExecutor } from "./block-layer.js";
import { ancestorHashes, ancestry, type BlockTree, type ChainBlock } from "./chain.js";
import { describeRejection, type Rejection, toRejection } from "./rejection.js";

export interface ImportOptions {
  chainConfig: ChainConfig;
  /** The executor under test (`executeBlock`, or a stand-in in unit tests). */
  execute: BlockExecutor;
  /**
   * A second executor (the parallel one) run on every block that reaches execution, from the same parent
   * state; any difference from `execute` is reported as a divergence, which fails the test.
   */
  crossCheck?: BlockExecutor;
}

export type ImportOutcome =
  | { kind: "imported"; block: ChainBlock; divergence?: string }
  | { kind: "rejected"; rejection: Rejection; divergence?: string };

type Execution = { result: BlockResult } | { rejection: Rejection };

function rejected(rejection: Rejection): ImportOutcome {
  return { kind: "rejected", rejection };
}

/** Runs one executor and checks its result against the header's commitments. */
function execute(
  executor: BlockExecutor,
  block: Block,
  parent: ChainBlock,
  chainConfig: ChainConfig,
  rawTransactions: readonly Uint8Array[],
): Execution {
  // A fresh BLOCKHASH view per run: the cache inside it must not be shared between executors.
  const options: ExecuteBlockOptions = { blockHash: ancestorHashes(parent) };
  try {
    const result = executor(block, parent.state, chainConfig, options);
    validateBlockResult(block.header, result, { rawTransactions });
    return { result };
  } catch (e) {
    return { rejection: toRejection(e, "") };
  }
}

function show(v: Uint8Array | bigint | undefined): string {
  return v === undefined ? "none" : typeof v === "bigint" ? v.toString() : bytesToHex(v);
}

function same(a: Uint8Array | bigint | undefined, b: Uint8Array | bigint | undefined): boolean {
  return a instanceof Uint8Array && b instanceof Uint8Array ? bytesEqual(a, b) : a === b;
}

/** Why two executions of the same block differ, or undefined when they agree. */
export function compareExecutions(reference: Execution, other: Execution): string | undefined {
  if ("rejection" in reference && "rejection" in other) {
    const [a, b] = [reference.rejection, other.rejection];
    if (a.code === b.code && a.unexpected === b.unexpected) return undefined;
    return `rejected differently: ${describeRejection(a)} vs ${describeRejection(b)}`;
  }
  if ("rejection" in reference) {
    return `the reference rejected the block (${describeRejection(reference.rejection)}), the other accepted it`;
  }
  if ("rejection" in other)
    return `the other executor rejected the block (${describeRejection(other.rejection)})`;
  const [a, b] = [reference.result, other.result];
  const fields: [string, Uint8Array | bigint | undefined, Uint8Array | bigint | undefined][] = [
    ["stateRoot", a.stateRoot, b.stateRoot],
    ["receiptsRoot", a.receiptsRoot, b.receiptsRoot],
    ["logsBloom", a.logsBloom, b.logsBloom],
    ["gasUsed", a.gasUsed, b.gasUsed],
    ["blobGasUsed", a.blobGasUsed, b.blobGasUsed],
    ["requestsHash", a.requestsHash, b.requestsHash],
  ];
  for (const [name, x, y] of fields) if (!same(x, y)) return `${name} ${show(x)} vs ${show(y)}`;
  return undefined;
}

/** The header, transactions (senders recovered) and withdrawals, checked against the parent and the header. */
function validBlock(
  decoded: DecodedBlockRlp,
  parent: ChainBlock,
  chainConfig: ChainConfig,
  tree: BlockTree,
): Block {
  const { header } = decoded;
  // A chain that merged by total difficulty: the block must be proof of stake exactly when its parent's total
  // difficulty reached the terminal one (EIP-3675), so the rules follow the parent, and the header checks
  // reject a mined block after it (non-zero difficulty) or a proof-of-stake block before it (wrong difficulty).
  const ttd = chainConfig.terminalTotalDifficulty;
  const merged = ttd === undefined ? header.difficulty === 0n : tree.totalDifficultyOf(parent) >= ttd;
  const rules = chainConfig.rulesAt(header.number, header.timestamp, merged);
  checkBlockSize(decoded.size, rules);
  validateHeader(header, parent.header, rules, { parentHash: parent.hash });
  // The chain id is not checked here but by transaction validation, against the block's chain.
  const recover = { allowHighS: !rules.eip2 };
  const transactions = decoded.rawTransactions.map((raw) => decodeSignedTransaction(raw, recover).tx);
  const block: Block = { header, transactions, withdrawals: decoded.withdrawals };
  if (decoded.ommers.length > 0) block.ommers = decoded.ommers;
  validateBlockBody(block, { ommerCount: decoded.ommers.length, ommersHash: decoded.ommersHash }, rules);
  const ancestors = ancestry(parent, OMMER_ANCESTRY).map((b) => ({
    hash: b.hash,
    header: b.header,
    ommerHashes: b.ommerHashes ?? [],
  }));
  validateOmmers(decoded.ommers, ancestors, (n, t) => chainConfig.rulesAt(n, t));
  return block;
}

export function importBlock(rlp: Uint8Array, tree: BlockTree, options: ImportOptions): ImportOutcome {
  const { chainConfig } = options;
  let decoded: DecodedBlockRlp;
  try {
    decoded = decodeBlockRlp(rlp);
  } catch (e) {
    return rejected(toRejection(e, BlockException.RLP_STRUCTURES_ENCODING));
  }
  const parentHash = decoded.header.parentHash;
  const parent = tree.get(parentHash);
  if (parent === undefined) {
    const zero = parentHash.every((b) => b === 0);
    const code = zero ? BlockException.UNKNOWN_PARENT_ZERO : BlockException.UNKNOWN_PARENT;
    return rejected(toRejection(new InvalidBlockError(code, `no block ${bytesToHex(parentHash)}`), ""));
  }
  let block: Block;
  try {
    block = validBlock(decoded, parent, chainConfig, tree);
  } catch (e) {
    return rejected(toRejection(e, BlockException.RLP_STRUCTURES_ENCODING));
  }
  const raw = decoded.rawTransactions;
  const reference = execute(options.execute, block, parent, chainConfig, raw);
  const divergence = options.crossCheck
    ? compareExecutions(reference, execute(options.crossCheck, block, parent, chainConfig, raw))
    : undefined;
  const extra = divergence === undefined ? {} : { divergence };
  if ("rejection" in reference) return { ...rejected(reference.rejection), ...extra };

  const state = parent.state.clone();
  state.applyDiff(reference.result.diff);
  const imported: ChainBlock = { hash: decoded.hash, header: block.header, state, parent };
  if (decoded.ommers.length > 0) imported.ommerHashes = decoded.ommers.map((o) => bytesToHex(headerHash(o)));
  tree.add(imported);
  return { kind: "imported", block: imported, ...extra };
}
