// What a worker returns for one transaction (the output of its committed incarnation), and its packing.
// An executed transaction travels as one flat array: the main thread deserializes it about twice as fast as
// an object per transaction with a Log object per log and Maps in the diff, and deserializing is serial
// work before the in-order commit (figures: docs/parallel.md, "Measurements behind the encodings"). The
// logs bloom travels through shared memory (receipt-leaves.ts).
//
// Layout: status, gasUsed, blobGasUsed, createdAddress, deferredFee, credit address, credit amount,
// log count, then per log: address, topic count, topics..., data; then the diff (flat-diff.ts).
import type { Log } from "../evm/log.js";
import type { StateDiff } from "../state/types.js";
import type { DeferredCredit, TxResult } from "../tx/execute.js";
import { flattenDiffInto, unflattenDiff } from "./flat-diff.js";

export type PackedOutput = unknown[];

/** Why the block must be executed sequentially instead (invalid transaction, unsupported case). */
export interface FallbackOutput {
  fallback: string;
}

export type TxOutput = PackedOutput | FallbackOutput;

/** What the receipt needs of an executed transaction. */
export interface ReceiptFields {
  status: 0 | 1;
  gasUsed: bigint;
  blobGasUsed: bigint;
  logs: Log[];
  createdAddress: bigint | undefined;
}

export interface UnpackedOutput extends ReceiptFields {
  diff: StateDiff;
  /** The fee-recipient credit left for the main thread to apply in order (see applyTransaction). */
  deferredFee: bigint | undefined;
  /** The plain value transfer's credit left for the main thread to apply right after it. */
  deferredCredit: DeferredCredit | undefined;
}

const LOGS_AT = 7;

export function isFallback(output: TxOutput): output is FallbackOutput {
  return !Array.isArray(output);
}

export function packOutput(r: TxResult): PackedOutput {
  const out: unknown[] = [
    r.status,
    r.gasUsed,
    r.blobGasUsed,
    r.createdAddress,
    r.deferredFee,
    r.deferredCredit?.address,
    r.deferredCredit?.amount,
    r.logs.length,
  ];
  for (const log of r.logs) {
    out.push(log.address, log.topics.length);
    for (const topic of log.topics) out.push(topic);
    out.push(log.data);
  }
  return flattenDiffInto(r.diff, out);
}

/** The receipt's fields, and where the diff starts. */
function receiptPart(p: PackedOutput): { fields: ReceiptFields; end: number } {
  const count = p[LOGS_AT] as number;
  const logs: Log[] = new Array(count);
  let at = LOGS_AT + 1;
  for (let k = 0; k < count; k++) {
    const address = p[at] as bigint;
    const topicCount = p[at + 1] as number;
    const topics = p.slice(at + 2, at + 2 + topicCount) as bigint[];
    logs[k] = { address, topics, data: p[at + 2 + topicCount] as Uint8Array };
    at += 3 + topicCount;
  }
  const fields: ReceiptFields = {
    status: p[0] as 0 | 1,
    gasUsed: p[1] as bigint,
    blobGasUsed: p[2] as bigint,
    logs,
    createdAddress: p[3] as bigint | undefined,
  };
  return { fields, end: at };
}

/** The receipt's fields alone (the workers' receipt leaves need no diff). */
export function unpackReceipt(p: PackedOutput): ReceiptFields {
  return receiptPart(p).fields;
}

export function unpackOutput(p: PackedOutput): UnpackedOutput {
  const { fields, end } = receiptPart(p);
  const creditAddress = p[5] as bigint | undefined;
  // A literal, not a spread of `fields`: spread copies get a V8 map each (see tx/codec/with-sender.ts).
  return {
    status: fields.status,
    gasUsed: fields.gasUsed,
    blobGasUsed: fields.blobGasUsed,
    logs: fields.logs,
    createdAddress: fields.createdAddress,
    diff: unflattenDiff(p, end),
    deferredFee: p[4] as bigint | undefined,
    deferredCredit:
      creditAddress === undefined ? undefined : { address: creditAddress, amount: p[6] as bigint },
  };
}
