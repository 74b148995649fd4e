// Raw consensus encodings (debug_getRawHeader, debug_getRawBlock, debug_getRawReceipts,
// debug_getRawTransaction) and eth_getStorageValues.
import { encodeHeader } from "../../block/header.js";
import { encodeReceipt } from "../../block/receipts.js";
import { bytesToHex, wordToHex } from "../../primitives/hex.js";
import { headerLength, stringLength, writeHeader } from "../../primitives/rlp-writer.js";
import type { StoredBlock } from "../codec.js";
import * as p from "../params.js";
import { invalidParams, serverError } from "../rpc-errors.js";
import { findBlock, stateFor } from "./resolve.js";
import type { MethodContext, MethodTable } from "./types.js";

/** RLP of [header, transactions, uncles (empty), withdrawals (empty, from Shanghai)]. */
export function encodeBlock(block: StoredBlock): Uint8Array {
  const header = encodeHeader(block.header);
  const items = block.rawTransactions.map((raw) => {
    if (raw[0]! >= 0xc0) return raw; // a legacy transaction is an RLP list already
    const out = new Uint8Array(stringLength(raw));
    out.set(raw, writeHeader(out, 0, raw.length, 0x80));
    return out;
  });
  const txPayload = items.reduce((n, b) => n + b.length, 0);
  const withdrawals = block.header.withdrawalsRoot === undefined ? 0 : 1;
  const payload = header.length + headerLength(txPayload) + txPayload + 1 + withdrawals;
  const out = new Uint8Array(headerLength(payload) + payload);
  let pos = writeHeader(out, 0, payload, 0xc0);
  out.set(header, pos);
  pos += header.length;
  pos = writeHeader(out, pos, txPayload, 0xc0);
  for (const b of items) {
    out.set(b, pos);
    pos += b.length;
  }
  out[pos++] = 0xc0;
  if (withdrawals === 1) out[pos++] = 0xc0;
  return out;
}

function blockOf(params: readonly unknown[], ctx: MethodContext): StoredBlock {
  const block = findBlock(ctx.node, p.blockTag(params[0], "block"));
  if (block === undefined) throw serverError("header not found");
  return block;
}

export const rawMethods: MethodTable = {
  debug_getRawHeader: (params, ctx) => bytesToHex(encodeHeader(blockOf(params, ctx).header)),
  debug_getRawBlock: (params, ctx) => bytesToHex(encodeBlock(blockOf(params, ctx))),
  debug_getRawReceipts: (params, ctx) => {
    const block = blockOf(params, ctx);
    return ctx.node.store.receiptsOf(block.header.number).map((r) => bytesToHex(encodeReceipt(r)));
  },
  debug_getRawTransaction: (params, { node }) => {
    const hash = p.hash(params[0]);
    const loc = node.store.txLocation(hash);
    if (loc !== undefined) return bytesToHex(node.store.block(loc.number)!.rawTransactions[loc.index]!);
    const pooled = node.mempool.get(bytesToHex(hash));
    return pooled === undefined ? "0x" : bytesToHex(pooled.signed.raw);
  },
  eth_getStorageValues: (params, { node }) => {
    const request = p.object(params[0], "requests");
    const entries = Object.entries(request);
    let total = 0;
    for (const [, slots] of entries) {
      if (!Array.isArray(slots)) throw invalidParams("invalid requests: expected arrays of slots");
      total += slots.length;
    }
    if (total > 1024) throw invalidParams("too many storage slots (max 1024)");
    const { state } = stateFor(node, p.blockTag(params[1]));
    const out: Record<string, string[]> = {};
    for (const [key, slots] of entries) {
      const address = p.address(key);
      out[key] = (slots as unknown[]).map((s, i) =>
        wordToHex(state.getStorage(address, p.word(s, `slot ${i}`))),
      );
    }
    return out;
  },
};
