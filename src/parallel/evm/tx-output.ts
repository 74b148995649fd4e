// What a worker returns for one transaction (the output of its committed incarnation).
import type { TxOutcome } from "../../block/block-execution.js";

export type TxOutput =
  | (TxOutcome & {
      /** The fee-recipient credit left for the main thread to apply in order (see applyTransaction). */
      deferredFee: bigint | undefined;
    })
  | {
      /** Why this block must be executed sequentially (invalid transaction, unsupported case). */
      fallback: string;
    };
