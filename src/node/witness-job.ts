// debug_executionWitness as a job for the trace thread (workers/trace-entry.ts), so re-executing a heavy block
// never holds the RPC server's event loop. The thread re-executes the block on its parent's state with every
// read recorded (generateWitness) and checks the stored state root; it answers the witness's JSON without
// headers plus the oldest block BLOCKHASH read, and the node adds the ancestor headers from its store (they
// are a few LMDB reads, and the thread has no store).
import type { Block, BlockHeader } from "../block/types.js";
import { bytesEqual } from "../primitives/hex.js";
import type { InMemoryState } from "../state/memory-state.js";
import { decodeTransaction } from "../tx/codec/decode.js";
import { withSender } from "../tx/codec/with-sender.js";
import { generateWitness, witnessToJson } from "../witness/index.js";
import { type NodeChainOptions, nodeChainConfig } from "./coprocessor-jobs.js";
import { serverError } from "./rpc-errors.js";

export interface WitnessJob {
  kind: "witness";
  /** The node's chain (chainOptionsOf). */
  chain: NodeChainOptions;
  header: BlockHeader;
  /** Hashes of the 256 blocks before `header` (BLOCKHASH). */
  hashes: Map<bigint, bigint>;
  rawTransactions: Uint8Array[];
  senders: bigint[];
  /** The block has a withdrawals list (empty: the node's blocks have none). */
  withdrawals: boolean;
}

export interface WitnessJobResult {
  /** `{state, codes, keys}` of the witness (src/witness/format.ts), without `headers`. */
  value: { state: string[]; codes: string[]; keys: string[] };
  /** The oldest block number BLOCKHASH read (the parent's when it read none). */
  oldest: bigint;
}

/** Runs `job` on `pre`, the post-state of the block's parent. */
export function runWitnessJob(job: WitnessJob, pre: InMemoryState): WitnessJobResult {
  const { header } = job;
  const block: Block = {
    header,
    transactions: job.rawTransactions.map((raw, i) => withSender(decodeTransaction(raw).tx, job.senders[i]!)),
  };
  if (job.withdrawals) block.withdrawals = [];
  const { witness, result, access } = generateWitness(block, pre, nodeChainConfig(job.chain), {
    blockHash: (n) => job.hashes.get(n) ?? 0n,
  });
  if (!bytesEqual(result.stateRoot, header.stateRoot)) {
    throw serverError(`re-executing block ${header.number} does not reproduce its state root`);
  }
  let oldest = header.number - 1n;
  for (const n of access.blockNumbers) if (n < oldest) oldest = n;
  const { state, codes, keys } = witnessToJson(witness);
  return { value: { state, codes, keys }, oldest };
}
