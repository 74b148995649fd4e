// What a worker returns for one transaction (the output of its committed incarnation). The diff travels
// flat (flat-diff.ts) and the logs bloom through shared memory (receipt-leaves.ts): both are cheaper for the
// main thread than structured clones of Maps and small typed arrays.
import type { TxOutcome } from "../../block/block-execution.js";
import type { DeferredCredit } from "../../tx/execute.js";
import type { FlatDiff } from "./flat-diff.js";

export type TxOutput =
  | (Omit<TxOutcome, "diff" | "logsBloom"> & {
      flatDiff: FlatDiff;
      /** The fee-recipient credit left for the main thread to apply in order (see applyTransaction). */
      deferredFee: bigint | undefined;
      /** The plain value transfer's credit left for the main thread to apply right after it. */
      deferredCredit: DeferredCredit | undefined;
    })
  | {
      /** Why this block must be executed sequentially (invalid transaction, unsupported case). */
      fallback: string;
    };
