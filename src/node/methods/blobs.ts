// anvil_getBlobByHash and anvil_getBlobsByTransactionHash (anvil's names and shapes): the blobs of blob
// transactions the node accepted with their sidecars (blob-store.ts), as 0x hex of 131,072 bytes; null when
// the node does not hold them.
import { bytesToHex } from "../../primitives/hex.js";
import { decodeTransaction } from "../../tx/codec/decode.js";
import { blobStoreOf } from "../blob-store.js";
import * as p from "../params.js";
import type { MethodTable } from "./types.js";

export const blobMethods: MethodTable = {
  anvil_getBlobByHash: (params, { node }) => {
    const stored = blobStoreOf(node).get(p.hash(params[0], "versioned hash"));
    return stored === undefined ? null : bytesToHex(stored.blob);
  },
  anvil_getBlobsByTransactionHash: (params, { node }) => {
    const hash = p.hash(params[0], "transaction hash");
    let hashes: Uint8Array[] | undefined;
    const loc = node.store.txLocation(hash);
    if (loc !== undefined) {
      const raw = node.store.block(loc.number)?.rawTransactions[loc.index];
      if (raw !== undefined) hashes = decodeTransaction(raw).tx.blobVersionedHashes;
    } else {
      hashes = node.mempool.get(bytesToHex(hash))?.signed.tx.blobVersionedHashes;
    }
    if (hashes === undefined || hashes.length === 0) return null;
    const store = blobStoreOf(node);
    const blobs: string[] = [];
    for (const h of hashes) {
      const stored = store.get(h);
      if (stored === undefined) return null;
      blobs.push(bytesToHex(stored.blob));
    }
    return blobs;
  },
};
