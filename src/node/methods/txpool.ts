// txpool_status, txpool_content and txpool_contentFrom, in geth's shapes: per sender (checksum-free
// lowercase address), per nonce (decimal string), the transaction as eth_getTransactionByHash shows it.
import { addressToHex, quantityToHex } from "../../primitives/hex.js";
import { formatDecoded } from "../format.js";
import type { PoolTx } from "../mempool.js";
import * as p from "../params.js";
import type { MethodTable } from "./types.js";

type BySender = Record<string, Record<string, unknown>>;

function group(entries: PoolTx[], only?: bigint): BySender {
  const out: BySender = {};
  for (const e of entries) {
    const { tx } = e.signed;
    if (only !== undefined && tx.sender !== only) continue;
    const sender = addressToHex(tx.sender);
    out[sender] ??= {};
    out[sender][tx.nonce.toString()] = formatDecoded(tx, e.signed, e.signed.hash, undefined);
  }
  return out;
}

export const txpoolMethods: MethodTable = {
  txpool_status: (_params, { node }) => {
    const c = node.mempool.counts(node.nonceOf);
    return { pending: quantityToHex(c.pending), queued: quantityToHex(c.queued) };
  },
  txpool_content: (_params, { node }) => {
    const { pending, queued } = node.mempool.content(node.nonceOf);
    return { pending: group(pending), queued: group(queued) };
  },
  txpool_contentFrom: (params, { node }) => {
    const address = p.address(params[0]);
    const { pending, queued } = node.mempool.content(node.nonceOf);
    return {
      pending: group(pending, address)[addressToHex(address)] ?? {},
      queued: group(queued, address)[addressToHex(address)] ?? {},
    };
  },
};
