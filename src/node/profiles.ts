// The node's parallelism profiles (lanes_profileBlock and GET /profile/<n>): a mined block re-executed on its
// parent's state with the profiler (src/profiler), which must reproduce the header's state root. Profiling
// costs a few block executions on worker threads, so one block is profiled at a time (others queue), the
// same request arriving twice shares one run, and the last few reports are kept, keyed by block hash (a
// reorg by evm_revert cannot serve a stale report).
import type { Block } from "../block/types.js";
import { bytesToHex } from "../primitives/hex.js";
import { ProfileError, profileBlock } from "../profiler/profile-block.js";
import type { BlockProfile } from "../profiler/types.js";
import { decodeTransaction } from "../tx/codec/decode.js";
import { withSender } from "../tx/codec/with-sender.js";
import type { LanesNode } from "./devnode.js";

/** Reports kept per node. */
const CACHED = 4;

export class NodeProfiles {
  private readonly done = new Map<string, BlockProfile>();
  private readonly running = new Map<string, Promise<BlockProfile>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly node: LanesNode) {}

  /**
   * The report of block `number`, or undefined when the node has no such block. Throws ProfileError for a
   * block that cannot be profiled (the genesis, no transactions, a block that ran sequentially, a state root
   * that re-execution does not reproduce).
   */
  profile(number: bigint): Promise<BlockProfile> | undefined {
    const stored = number <= this.node.head.header.number ? this.node.store.block(number) : undefined;
    if (stored === undefined) return undefined;
    const key = bytesToHex(stored.hash);
    const hit = this.done.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.running.get(key);
    if (pending !== undefined) return pending;
    const { header } = stored;
    const run = this.queue.then(async () => {
      if (header.number === 0n) throw new ProfileError("the genesis block executes nothing to profile");
      const block: Block = {
        header,
        transactions: stored.rawTransactions.map((raw, i) =>
          withSender(decodeTransaction(raw).tx, stored.senders[i]!),
        ),
      };
      if (header.withdrawalsRoot !== undefined) block.withdrawals = [];
      // The parent's state, taken when this run starts (a block mined meanwhile does not change it).
      const pre = this.node.stateAt(header.number - 1n);
      return profileBlock(block, pre, this.node.config, {
        threads: Math.max(2, this.node.options.threads),
        blockHash: this.node.blockHashOf,
        fork: this.node.options.fork,
        expectStateRoot: header.stateRoot,
      });
    });
    this.queue = run.catch(() => undefined);
    this.running.set(key, run);
    run.then(
      (report) => {
        this.running.delete(key);
        this.done.set(key, report);
        while (this.done.size > CACHED) this.done.delete(this.done.keys().next().value!);
      },
      () => this.running.delete(key),
    );
    return run;
  }
}

const perNode = new WeakMap<LanesNode, NodeProfiles>();

/** The profile service of `node` (one per node, made on first use). */
export function nodeProfiles(node: LanesNode): NodeProfiles {
  let p = perNode.get(node);
  if (p === undefined) {
    p = new NodeProfiles(node);
    perNode.set(node, p);
  }
  return p;
}
