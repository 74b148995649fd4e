// What a worker returns for one transaction (the output of its committed incarnation).
import type { TxOutcome } from "../../block/block-execution.js";
import type { DeferredCredit } from "../../tx/execute.js";

export type TxOutput =
  | (TxOutcome & {
      /** The fee-recipient credit left for the main thread to apply in order (see applyTransaction). */
      deferredFee: bigint | undefined;
      /** The plain value transfer's credit left for the main thread to apply right after it. */
      deferredCredit: DeferredCredit | undefined;
    })
  | {
      /** Why this block must be executed sequentially (invalid transaction, unsupported case). */
      fallback: string;
    };
