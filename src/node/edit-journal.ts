// The dev edits' journal (anvil_/hardhat_ setBalance, setCode, setNonce, setStorageAt): each edit's undo, the
// head it was made on and a sequence number, so that evm_revert can undo edits and blocks interleaved,
// newest first. The node owns the state and the store; this module only orders the undos.
import type { StateDiff } from "../state/types.js";
import { serverError } from "./rpc-errors.js";

interface EditRecord {
  seq: number;
  /** The head block's number when the edit was made: it comes after that block and before the next. */
  afterBlock: bigint;
  undo: StateDiff;
}

export class EditJournal {
  private edits: EditRecord[] = [];
  private nextSeq = 0;

  /** The sequence number the next edit will get (a snapshot records it). */
  nextEditSeq(): number {
    return this.nextSeq;
  }

  record(afterBlock: bigint, undo: StateDiff): void {
    this.edits.push({ seq: this.nextSeq++, afterBlock, undo });
  }

  /** Forgets edits no snapshot can reach any more. */
  forgetBefore(seq: number): void {
    this.edits = this.edits.filter((e) => e.seq >= seq);
  }

  /** Whether any edit numbered `fromEdit` or later is journalled. */
  hasFrom(fromEdit: number): boolean {
    return this.edits.some((e) => e.seq >= fromEdit);
  }

  /**
   * The undos of the edits numbered `fromEdit` or later, by the head they were made on, newest first within a
   * head, for a revert from `head` to `number`. Snapshots are taken in order and a revert drops the later
   * ones, so no such edit predates `number`: one that does means the journal is out of order.
   */
  undosFrom(fromEdit: number, number: bigint, head: bigint): Map<bigint, StateDiff[]> {
    const undos = new Map<bigint, StateDiff[]>();
    for (const e of this.edits.filter((x) => x.seq >= fromEdit).reverse()) {
      if (e.afterBlock < number || e.afterBlock > head) {
        throw serverError(`edit journal out of order (edit on block ${e.afterBlock}, revert to ${number})`);
      }
      const list = undos.get(e.afterBlock) ?? [];
      list.push(e.undo);
      undos.set(e.afterBlock, list);
    }
    return undos;
  }

  /** Drops the edits numbered `fromEdit` or later (once a revert has undone them). */
  dropFrom(fromEdit: number): void {
    this.edits = this.edits.filter((e) => e.seq < fromEdit);
  }
}
