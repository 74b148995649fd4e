// Entry point of a pool worker thread (loaded by worker-pool.ts from dist/, next to this file). Waits for
// "run" messages; for each block it loads the VM module (cached by the module loader after the first
// block), builds its views over the shared buffers, runs the Block-STM loop, and posts one result.
import { parentPort } from "node:worker_threads";
import { abortBlock } from "./control.js";
import { BlockExecutor } from "./executor.js";
import type { BlockDoneMessage, BlockFailedMessage, RunBlockMessage } from "./messages.js";
import { BlockViews, ERR_WORKER } from "./shared-layout.js";
import { ExecutionView } from "./tx-view.js";
import type { ParallelVmModule } from "./vm-interface.js";

async function loadVm(url: string, input: unknown) {
  const mod = (await import(url)) as Partial<ParallelVmModule>;
  if (typeof mod.createVm !== "function") throw new Error(`${url} does not export createVm`);
  return mod.createVm(input);
}

/** Kept across blocks: its scratch arrays grow to the largest block seen. */
const view = new ExecutionView();

async function runBlock(message: RunBlockMessage): Promise<BlockDoneMessage> {
  const views = new BlockViews(message.buffers);
  const vm = await loadVm(message.vmModule, message.vmInput);
  const executor = new BlockExecutor(views, vm, view);
  executor.run();
  return { type: "done", blockId: message.blockId, metrics: executor.metrics, ...executor.collectOutputs() };
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
      .then((reply) => port.postMessage(reply)) // throws DataCloneError on an uncloneable output
      .catch((error: unknown) => {
        // Stop the other workers first: they must not wait for this one.
        abortBlock(new Int32Array(message.buffers.control), ERR_WORKER);
        port.postMessage(failed(message.blockId, error));
      });
  });
}
