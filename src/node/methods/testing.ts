// testing_buildBlockV1 (execution-apis src/testing): builds a block on a given parent from payload attributes
// and either the given raw transactions (all of them, in order; any the state rejects is an error) or, with
// `null`, the pool's executable transactions. Read-only: the block is executed on a copy-on-read overlay of
// the parent's state and returned as an execution payload, never committed. A devnet method: left out in
// sequencer mode with the other cheats (rpc-server.ts isDevMethod).

import { GAS_LIMIT_BOUND_DIVISOR } from "../../block/base-fee.js";
import { executeBlock } from "../../block/execute-block.js";
import { encodeHeader } from "../../block/header.js";
import { transactionsRoot } from "../../block/result-validation.js";
import type { Withdrawal } from "../../block/types.js";
import { addressToHex, bytesToHex, quantityToHex } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { decodeSignedTransaction } from "../../tx/codec/signed.js";
import type { SignedTransaction } from "../../tx/codec/types.js";
import { blobStoreOf } from "../blob-store.js";
import { effectiveTip, nextHeader, selectTransactions } from "../block-builder.js";
import { formatWithdrawal } from "../format.js";
import * as p from "../params.js";
import { invalidParams, isTxError, serverError, txError } from "../rpc-errors.js";
import { requireExecutable } from "./resolve.js";
import type { MethodTable } from "./types.js";

/** geth's CalcGasLimit: from the parent's limit towards `desired`, by at most parent/1024 - 1 per block. */
export function nextGasLimit(parent: bigint, desired: bigint): bigint {
  const delta = parent / GAS_LIMIT_BOUND_DIVISOR - 1n;
  if (parent < desired) return parent + delta < desired ? parent + delta : desired;
  if (parent > desired) return parent - delta > desired ? parent - delta : desired;
  return parent;
}

function withdrawals(value: unknown): Withdrawal[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 16) throw invalidParams("invalid withdrawals: at most 16");
  return value.map((w, i) => {
    const o = p.object(w, `withdrawals[${i}]`);
    return {
      index: p.quantity(o.index, "index", (1n << 64n) - 1n),
      validatorIndex: p.quantity(o.validatorIndex, "validatorIndex", (1n << 64n) - 1n),
      address: p.address(o.address),
      amount: p.quantity(o.amount, "amount", (1n << 64n) - 1n),
    };
  });
}

/** The stored sidecars (blob-store.ts) of the block's blob transactions, in order; a blob not held is left out. */
function blobsBundle(
  node: Parameters<typeof blobStoreOf>[0],
  signed: readonly SignedTransaction[],
): { commitments: string[]; proofs: string[]; blobs: string[] } {
  const out = { commitments: [] as string[], proofs: [] as string[], blobs: [] as string[] };
  const store = blobStoreOf(node);
  for (const s of signed) {
    for (const vh of s.tx.blobVersionedHashes) {
      const stored = store.get(vh);
      if (stored === undefined) continue;
      out.blobs.push(bytesToHex(stored.blob));
      out.commitments.push(bytesToHex(stored.commitment));
      for (const proof of stored.proofs) out.proofs.push(bytesToHex(proof));
    }
  }
  return out;
}

export const testingMethods: MethodTable = {
  testing_buildBlockV1: (params, { node }) => {
    const parentHash = p.hash(params[0], "parentHash");
    const number = node.store.blockNumberByHash(parentHash);
    const parent = number === undefined ? undefined : node.store.block(number);
    if (parent === undefined) throw serverError(`block ${bytesToHex(parentHash)} not found`);
    const attrs = p.object(params[1], "payloadAttributes");
    const timestamp = p.quantity(attrs.timestamp, "timestamp", (1n << 64n) - 1n);
    if (timestamp <= parent.header.timestamp)
      throw invalidParams("invalid timestamp: not after the parent's");
    const extraData =
      params[3] === undefined || params[3] === null ? new Uint8Array(0) : p.data(params[3], "extraData", 32);
    const rules = node.rulesFor(parent.header.number + 1n, timestamp);
    requireExecutable(node, parent.header);
    const header = nextHeader(parent.header, {
      timestamp,
      gasLimit: nextGasLimit(parent.header.gasLimit, node.gasLimit),
      coinbase: p.address(attrs.suggestedFeeRecipient, "suggestedFeeRecipient"),
      rules,
      prevRandao: p.fixedData(attrs.prevRandao, "prevRandao", 32),
    });
    header.extraData = extraData;
    header.parentBeaconBlockRoot = p.fixedData(attrs.parentBeaconBlockRoot, "parentBeaconBlockRoot", 32);
    const state = node.stateAt(parent.header.number);
    let signed: SignedTransaction[];
    if (params[2] === null || params[2] === undefined) {
      // From the pool: only meaningful on the head (the pool is checked against it).
      const nonceOf = (a: bigint) => state.getAccount(a)?.nonce ?? 0n;
      const chosen = selectTransactions(
        node.mempool.pending(nonceOf),
        header.baseFeePerGas!,
        header.gasLimit,
        rules,
      );
      signed = chosen.map((c) => c.signed);
    } else {
      if (!Array.isArray(params[2]) || params[2].length > 10_000) throw invalidParams("invalid transactions");
      signed = params[2].map((raw, i) => {
        try {
          return decodeSignedTransaction(p.data(raw, `transactions[${i}]`, 128 * 1024), {
            chainId: node.options.chainId,
          });
        } catch (e) {
          if (isTxError(e)) throw txError(e);
          throw e;
        }
      });
    }
    const ws = withdrawals(attrs.withdrawals);
    let result: ReturnType<typeof executeBlock>;
    try {
      result = executeBlock(
        { header, transactions: signed.map((s) => s.tx), withdrawals: ws },
        state,
        node.config,
        {
          blockHash: node.blockHashOf,
        },
      );
    } catch (e) {
      // A transaction the state rejects (nonce, funds, gas): the request fails, nothing is built.
      throw serverError(e instanceof Error ? e.message : String(e));
    }
    header.stateRoot = result.stateRoot;
    header.transactionsRoot = transactionsRoot(signed.map((s) => s.raw));
    header.receiptsRoot = result.receiptsRoot;
    header.logsBloom = result.logsBloom;
    header.gasUsed = result.gasUsed;
    header.blobGasUsed = result.blobGasUsed;
    if (result.withdrawalsRoot !== undefined) header.withdrawalsRoot = result.withdrawalsRoot;
    if (result.requestsHash !== undefined) header.requestsHash = result.requestsHash;
    const baseFee = header.baseFeePerGas!;
    let value = 0n;
    for (const [i, r] of result.receipts.entries()) value += effectiveTip(signed[i]!.tx, baseFee) * r.gasUsed;
    return {
      executionPayload: {
        parentHash: bytesToHex(header.parentHash),
        feeRecipient: addressToHex(header.coinbase),
        stateRoot: bytesToHex(header.stateRoot),
        receiptsRoot: bytesToHex(header.receiptsRoot),
        logsBloom: bytesToHex(header.logsBloom),
        prevRandao: bytesToHex(header.mixHash),
        blockNumber: quantityToHex(header.number),
        gasLimit: quantityToHex(header.gasLimit),
        gasUsed: quantityToHex(header.gasUsed),
        timestamp: quantityToHex(header.timestamp),
        extraData: bytesToHex(header.extraData),
        baseFeePerGas: quantityToHex(baseFee),
        blockHash: bytesToHex(keccak256(encodeHeader(header))),
        transactions: signed.map((s) => bytesToHex(s.raw)),
        withdrawals: ws.map(formatWithdrawal),
        blobGasUsed: quantityToHex(header.blobGasUsed ?? 0n),
        excessBlobGas: quantityToHex(header.excessBlobGas ?? 0n),
      },
      blockValue: quantityToHex(value),
      blobsBundle: blobsBundle(node, signed),
      executionRequests: result.requests.map(bytesToHex),
      shouldOverrideBuilder: false,
    };
  },
};
