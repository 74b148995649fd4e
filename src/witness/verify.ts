// Stateless block verification: execute a block against its execution witness alone and check the result
// against the block's header. The witness's nodes form partial tries rooted at the pre-state root (the
// parent header's, or one given for a block without a chain); the block runs through executeBlock over a
// TrieBackedState on them, and the post-state root comes from updating those tries with the block's diff.
// Anything the witness lacks or gets wrong is a WitnessError naming it; a result that differs from the
// header is reported field by field with ok = false. Never a "valid" that the full state would not give:
// every value execution reads is proven against the pre-state root, and the root is recomputed.
import { executeBlock } from "../block/execute-block.js";
import type { Block, BlockResult, ChainConfig } from "../block/types.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { WitnessError } from "./errors.js";
import type { ExecutionWitness } from "./format.js";
import { blockHashFromAncestors, checkAncestors } from "./headers.js";
import { WitnessIndex, WitnessSource } from "./sources.js";
import { TrieBackedState } from "./trie-state.js";

export interface StatelessOptions {
  /** Run the pre/post-block system calls (default true), as executeBlock. */
  systemCalls?: boolean;
  /**
   * The pre-state root, for a witness without headers (a `lanes run` input has no parent header). When the
   * witness has headers it must agree with the parent's.
   */
  preStateRoot?: Uint8Array;
  /** BLOCKHASH's answers for a witness without headers (the block file's own list); default 0. */
  blockHash?: (n: bigint) => bigint;
  /** Compare the post-state root with this instead of the header's commitments (`lanes run` inputs). */
  expectStateRoot?: Uint8Array;
}

export interface StatelessResult {
  /** True when every compared commitment matched. */
  ok: boolean;
  stateRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  gasUsed: bigint;
  /** One line per commitment that differs ("stateRoot: computed 0x…, header 0x…"). */
  mismatches: string[];
  result: BlockResult;
  /** Witness entries verification never used (a minimal witness has none). */
  unusedNodes: number;
  unusedCodes: number;
}

/** What a verification run needs, from the witness and the options. */
export interface PreparedVerification {
  preStateRoot: Uint8Array;
  state: TrieBackedState;
  source: WitnessSource;
  index: WitnessIndex;
  blockHash: (n: bigint) => bigint;
}

export function prepareVerification(
  block: Block,
  witness: ExecutionWitness,
  options: StatelessOptions,
): PreparedVerification {
  let preStateRoot = options.preStateRoot;
  let blockHash = options.blockHash ?? (() => 0n);
  if (witness.headers.length > 0) {
    const ancestors = checkAncestors(witness.headers, block.header);
    if (preStateRoot !== undefined && !bytesEqual(preStateRoot, ancestors.preStateRoot)) {
      throw new WitnessError(
        "pre-state",
        `the pre-state root given (${bytesToHex(preStateRoot)}) is not the parent header's (${bytesToHex(ancestors.preStateRoot)})`,
      );
    }
    preStateRoot = ancestors.preStateRoot;
    blockHash = blockHashFromAncestors(ancestors, block.header.number);
  }
  if (preStateRoot === undefined) {
    throw new WitnessError("pre-state", "the witness has no headers, and no pre-state root was given");
  }
  const index = new WitnessIndex(witness);
  const source = new WitnessSource(index, preStateRoot);
  return { preStateRoot, state: new TrieBackedState(source), source, index, blockHash };
}

function show(v: Uint8Array | bigint | undefined): string {
  return v === undefined ? "none" : typeof v === "bigint" ? v.toString() : bytesToHex(v);
}

/** The commitments of `result` that differ from the header's (or from `expectStateRoot`). */
export function compareWithHeader(block: Block, result: BlockResult, expectStateRoot?: Uint8Array): string[] {
  const out: string[] = [];
  const check = (
    name: string,
    computed: Uint8Array | bigint | undefined,
    want: Uint8Array | bigint | undefined,
  ) => {
    const same =
      computed instanceof Uint8Array && want instanceof Uint8Array
        ? bytesEqual(computed, want)
        : computed === want;
    if (!same) out.push(`${name}: computed ${show(computed)}, expected ${show(want)}`);
  };
  if (expectStateRoot !== undefined) {
    check("stateRoot", result.stateRoot, expectStateRoot);
    return out;
  }
  // The commitments validateBlockResult checks, in its order, except the transactions root (not a result of
  // execution: the block's own encoding commits to it).
  const h = block.header;
  check("gasUsed", result.gasUsed, h.gasUsed);
  check("stateRoot", result.stateRoot, h.stateRoot);
  check("receiptsRoot", result.receiptsRoot, h.receiptsRoot);
  check("logsBloom", result.logsBloom, h.logsBloom);
  check("withdrawalsRoot", result.withdrawalsRoot, h.withdrawalsRoot);
  check("blobGasUsed", result.blobGasUsed, h.blobGasUsed ?? 0n);
  check("requestsHash", result.requestsHash, h.requestsHash);
  return out;
}

export function judge(
  block: Block,
  result: BlockResult,
  prepared: PreparedVerification,
  expectStateRoot: Uint8Array | undefined,
): StatelessResult {
  const mismatches = compareWithHeader(block, result, expectStateRoot);
  return {
    ok: mismatches.length === 0,
    stateRoot: result.stateRoot,
    receiptsRoot: result.receiptsRoot,
    gasUsed: result.gasUsed,
    mismatches,
    result,
    unusedNodes: prepared.index.nodes.size - prepared.source.usedNodes.size,
    unusedCodes: prepared.index.codes.size - prepared.source.usedCodes.size,
  };
}

/**
 * Verifies `block` statelessly from `witness` (sequential execution). Throws WitnessError when the witness
 * lacks or misstates something, InvalidBlockError when the block is invalid; otherwise returns the computed
 * commitments and whether they match the header (or `options.expectStateRoot`).
 */
export function verifyBlockStateless(
  block: Block,
  witness: ExecutionWitness,
  chainConfig: ChainConfig,
  options: StatelessOptions = {},
): StatelessResult {
  const prepared = prepareVerification(block, witness, options);
  const result = executeBlock(block, prepared.state, chainConfig, {
    blockHash: prepared.blockHash,
    systemCalls: options.systemCalls,
  });
  return judge(block, result, prepared, options.expectStateRoot);
}
