// Entry point of a pool worker thread (loaded by worker-pool.ts from dist/, next to this file). Waits for
// "run" messages; for each block it loads the VM module (cached by the module loader after the first
// block), builds its views over the shared buffers, runs the Block-STM loop, and posts one result; then
// runs the VM's after-reply work, if any (ParallelVm.finish), before taking the next message.
import { parentPort } from "node:worker_threads";
import { coalesceBytes } from "./coalesce-bytes.js";
import { abortBlock } from "./control.js";
import { BlockExecutor } from "./executor.js";
import type { BlockDoneMessage, BlockFailedMessage, RunBlockMessage } from "./messages.js";
import { BlockViews, CTRL_ERROR, ERR_NONE, ERR_WORKER } from "./shared-layout.js";
import { ExecutionView } from "./tx-view.js";
import type { ParallelVmModule } from "./vm-interface.js";

async function loadVm(url: string, input: unknown) {
  const mod = (await import(url)) as Partial<ParallelVmModule>;
  if (typeof mod.createVm !== "function") throw new Error(`${url} does not export createVm`);
  return mod.createVm(input);
}

/** Kept across blocks: its scratch arrays grow to the largest block seen. */
const view = new ExecutionView();

/** The reply for the main thread, and the VM's after-reply work (see ParallelVm.finish). */
interface BlockRun {
  reply: BlockDoneMessage;
  after: (() => void) | undefined;
}

async function runBlock(message: RunBlockMessage): Promise<BlockRun> {
  const views = new BlockViews(message.buffers);
  const vm = await loadVm(message.vmModule, message.vmInput);
  const executor = new BlockExecutor(views, vm, view, message.recordTimeline === true);
  executor.run();
  const outputs = executor.collectOutputs();
  coalesceBytes(outputs.outputs);
  const reply: BlockDoneMessage = {
    type: "done",
    blockId: message.blockId,
    metrics: executor.metrics,
    ...outputs,
  };
  if (executor.timeline !== undefined) {
    reply.timeline = Float64Array.from(executor.timeline);
    reply.timeOrigin = performance.timeOrigin;
  }
  if (vm.finish === undefined || Atomics.load(views.control, CTRL_ERROR) !== ERR_NONE) {
    return { reply, after: undefined };
  }
  const txs = outputs.txs.filter((_, k) => !outputs.failed[k]);
  const final = outputs.outputs.filter((_, k) => !outputs.failed[k]);
  return { reply, after: () => vm.finish?.(txs, final) };
}

function failed(blockId: number, error: unknown): BlockFailedMessage {
  return {
    type: "failed",
    blockId,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  };
}

const port = parentPort;
if (port) {
  port.on("message", (message: RunBlockMessage) => {
    runBlock(message)
      .then(({ reply, after }) => {
        port.postMessage(reply); // throws DataCloneError on an uncloneable output
        // The block's buffers may be recycled from here on; `after` touches only the VM's own.
        try {
          after?.();
        } catch {
          // The VM's after-reply work is an optimisation its driver checks for completion; it must not
          // turn into a second reply for a block already answered.
        }
      })
      .catch((error: unknown) => {
        // Stop the other workers first: they must not wait for this one.
        abortBlock(new Int32Array(message.buffers.control), ERR_WORKER);
        port.postMessage(failed(message.blockId, error));
      });
  });
}
