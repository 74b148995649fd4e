// Checking what an executor read from a witness image (image.ts) against the witness itself: every account,
// slot, code and ancestor hash the execution used must be proven by the witness (else the WitnessError names
// it) and be what the image gave (else the image lacked it: the witness's keys miss its preimage). Run on
// the union of the parallel executor's final read sets, it makes execution on the image as trustworthy as
// execution through the witness-backed state.
import { addressToHex, bytesEqual } from "../primitives/hex.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { PreStateAccess } from "./access.js";
import { WitnessError } from "./errors.js";
import { describeAccount, describeSlot, type TrieBackedState } from "./trie-state.js";

function notInImage(what: string): WitnessError {
  return new WitnessError(
    "malformed",
    `the witness proves ${what} but its keys lack the preimage, so the parallel executor could not be given it`,
  );
}

export function checkReads(
  reads: PreStateAccess,
  image: InMemoryState,
  witness: TrieBackedState,
  blockHash: (n: bigint) => bigint,
): void {
  for (const address of reads.accounts) {
    const proven = witness.getAccount(address);
    const given = image.getAccount(address);
    const same =
      proven === undefined
        ? given === undefined
        : given !== undefined &&
          proven.nonce === given.nonce &&
          proven.balance === given.balance &&
          bytesEqual(proven.codeHash, given.codeHash);
    if (!same) throw notInImage(describeAccount(address));
  }
  for (const [address, slots] of reads.slots) {
    for (const slot of slots) {
      if (witness.getStorage(address, slot) !== image.getStorage(address, slot)) {
        throw notInImage(describeSlot(address, slot));
      }
    }
  }
  for (const address of reads.codes) {
    if (!bytesEqual(witness.getCode(address), image.getCode(address))) {
      throw notInImage(`the code of ${addressToHex(address)}`);
    }
  }
  for (const n of reads.blockNumbers) blockHash(n);
}
