// The node's side of the block executor's thread (execution-entry.ts). The node calls `execute` for a block
// on its head state and `commit` once the block is durable (the replica then applies the block's diff it
// already holds), `apply` for every edit, and `reset` when it replaces its state. If the thread dies, the
// execution in flight fails and the next call starts a new thread from the node's current state.
import { Worker } from "node:worker_threads";
import { BLOCKHASH_WINDOW } from "../../block/block-env.js";
import type { Block, BlockResult } from "../../block/types.js";
import type { InMemoryState } from "../../state/memory-state.js";
import type { StateDiff } from "../../state/types.js";
import type { NodeChainOptions } from "../coprocessor-jobs.js";
import type { BlockStats } from "../execute.js";
import type { ExecutionRequest } from "./execution-entry.js";
import { type ErrorMessage, errorFromMessage, stateToMessage } from "./state-transfer.js";

const ENTRY = new URL("./execution-entry.js", import.meta.url);

type Reply =
  | { id: number; ok: true; result: BlockResult; stats: BlockStats }
  | { id: number; ok: false; error: ErrorMessage };

export interface ExecutionWorkerOptions {
  /** The node's chain (chainOptionsOf: plain data). */
  chain: NodeChainOptions;
  threads: number;
  /** The node's head state, read when a thread (re)starts. */
  state: () => InMemoryState;
}

export class ExecutionWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  constructor(private readonly options: ExecutionWorkerOptions) {}

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const w = new Worker(ENTRY, {
      workerData: { chain: this.options.chain, threads: this.options.threads },
    });
    w.unref();
    w.on("message", (r: Reply) => {
      const waiter = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      waiter?.resolve(r);
    });
    const die = (error: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    w.on("error", (e) => die(new Error(`block executor thread failed: ${e.message}`)));
    w.on("exit", (code) => die(new Error(`block executor thread exited with code ${code}`)));
    this.worker = w;
    this.post({ kind: "reset", accounts: stateToMessage(this.options.state()) });
    return w;
  }

  private post(m: ExecutionRequest): void {
    this.thread().postMessage(m);
  }

  /** Executes `block` on the head state; `blockHash` is asked for the 256 blocks before it. */
  async execute(
    block: Block,
    blockHash: (n: bigint) => bigint,
  ): Promise<{ id: number; result: BlockResult; stats: BlockStats }> {
    const number = block.header.number;
    const hashes = new Map<bigint, bigint>();
    for (let n = number > BLOCKHASH_WINDOW ? number - BLOCKHASH_WINDOW : 0n; n < number; n++) {
      hashes.set(n, blockHash(n));
    }
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ kind: "execute", id, block, hashes });
    });
    if (!reply.ok) throw errorFromMessage(reply.error);
    return { id, result: reply.result, stats: reply.stats };
  }

  /** The block executed as `id` is durable: the replica applies its diff. */
  commit(id: number): void {
    this.post({ kind: "commit", id });
  }

  /** The node applied `diff` to its head state outside a block. */
  apply(diff: StateDiff): void {
    if (this.worker !== undefined) this.post({ kind: "apply", diff });
  }

  /** The node replaced its head state. */
  reset(state: InMemoryState): void {
    if (this.worker !== undefined) this.post({ kind: "reset", accounts: stateToMessage(state) });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }
}
