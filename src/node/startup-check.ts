// The check of an environment's head before the node serves it: the head block and the blocks before it
// must form a chain (hash index, parent hashes, transaction hashes and roots, receipts roots), and the flat
// state tables must hash to the head's state root (or to the root recorded by the last devnet edit). A torn
// or damaged environment fails here with DamagedStoreError instead of serving wrong data.
import { receiptsRoot } from "../block/receipts.js";
import { transactionsRoot } from "../block/result-validation.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { ChainStore } from "./chain-store.js";
import type { StoredBlock } from "./codec.js";
import { DamagedStoreError } from "./store-integrity.js";

/** How many blocks below the head are checked at start. */
export const CHECKED_BLOCKS = 64n;

export function checkHead(store: ChainStore): { head: StoredBlock; state: InMemoryState } {
  const damaged = (detail: string) => new DamagedStoreError(store.path, detail);
  const headNumber = store.headNumber();
  if (headNumber === undefined || store.genesisMeta() === undefined) {
    throw damaged("it holds records but no chain metadata (head, genesis)");
  }
  let child: StoredBlock | undefined;
  let head: StoredBlock | undefined;
  const lowest = headNumber > CHECKED_BLOCKS ? headNumber - CHECKED_BLOCKS : 0n;
  for (let n = headNumber; n >= lowest; n--) {
    const block = store.block(n);
    if (block === undefined) throw damaged(`block ${n} is missing`);
    if (block.header.number !== n) throw damaged(`block record ${n} holds block ${block.header.number}`);
    if (store.blockNumberByHash(block.hash) !== n)
      throw damaged(`the hash index does not lead to block ${n}`);
    if (child !== undefined && !bytesEqual(child.header.parentHash, block.hash)) {
      throw damaged(`block ${n + 1n} does not follow block ${n}`);
    }
    block.rawTransactions.forEach((raw, i) => {
      if (!bytesEqual(keccak256(raw), block.txHashes[i]!))
        throw damaged(`transaction ${i} of block ${n} changed`);
    });
    if (!bytesEqual(transactionsRoot(block.rawTransactions), block.header.transactionsRoot)) {
      throw damaged(`the transactions of block ${n} do not match its transactions root`);
    }
    if (n > 0n && !bytesEqual(receiptsRoot(store.receiptsOf(n)), block.header.receiptsRoot)) {
      throw damaged(`the receipts of block ${n} do not match its receipts root`);
    }
    head ??= block;
    child = block;
  }
  const state = store.loadState();
  const expected = store.editedStateRoot() ?? head!.header.stateRoot;
  const root = state.stateRoot();
  if (!bytesEqual(root, expected)) {
    throw damaged(
      `the state tables hash to ${bytesToHex(root)}, not to the head's state root ${bytesToHex(expected)}`,
    );
  }
  return { head: head!, state };
}
