// debug_executionWitness(blockNumberOrTag): the execution witness of a mined block, in the shape geth and reth
// answer with, {"state", "codes", "keys", "headers"} (src/witness/format.ts). The block is re-executed on its
// parent's state with every pre-state read recorded (generateWitness); the headers are the parent's back to
// the oldest block BLOCKHASH read. The re-execution must reproduce the stored header's state root, or the
// call fails rather than return a witness of something else.
import type { Block } from "../../block/types.js";
import { bytesEqual } from "../../primitives/hex.js";
import { decodeTransaction } from "../../tx/codec/decode.js";
import { withSender } from "../../tx/codec/with-sender.js";
import { generateWitness, witnessToJson } from "../../witness/index.js";
import * as p from "../params.js";
import { invalidParams, serverError } from "../rpc-errors.js";
import { findBlock } from "./resolve.js";
import type { MethodTable } from "./types.js";

export const witnessMethods: MethodTable = {
  debug_executionWitness: (params, { node }) => {
    const stored = findBlock(node, p.blockTag(params[0]));
    if (stored === undefined) throw serverError("header not found");
    const { header } = stored;
    if (header.number === 0n) throw invalidParams("the genesis block executes nothing: it has no witness");
    const block: Block = {
      header,
      transactions: stored.rawTransactions.map((raw, i) =>
        withSender(decodeTransaction(raw).tx, stored.senders[i]!),
      ),
    };
    if (header.withdrawalsRoot !== undefined) block.withdrawals = [];
    const pre = node.stateAt(header.number - 1n);
    const { witness, result } = generateWitness(block, pre, node.config, {
      blockHash: node.blockHashOf,
      headerByHash: (hash) => {
        const n = node.store.blockNumberByHash(hash);
        return n === undefined ? undefined : node.store.block(n)?.header;
      },
    });
    if (!bytesEqual(result.stateRoot, header.stateRoot)) {
      throw serverError(`re-executing block ${header.number} does not reproduce its state root`);
    }
    return witnessToJson(witness);
  },
};
