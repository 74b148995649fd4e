// The JSON-RPC methods a shard adds to the node's:
//   lanes_shardInfo                 {shardId, shardCount, chainId, head, operator}
//   lanes_getSuperblock(k)          what a verifier needs to re-execute the shard's block of superblock k on
//                                   its own: the header and raw transactions, the superblock's transcript,
//                                   the block's execution witness (binary RLP, hex), the messages it sent,
//                                   its message root and witness hash; null for an unknown k.

import { encodeHeader } from "../../block/header.js";
import type { MethodTable } from "../../node/methods/types.js";
import * as p from "../../node/params.js";
import { addressToHex, bytesToHex, quantityToHex } from "../../primitives/hex.js";
import type { ShardMessage } from "../system-ops.js";
import type { ShardHost } from "./shard-host.js";

export function messageJson(m: ShardMessage) {
  return {
    fromShard: m.fromShard,
    nonce: quantityToHex(m.nonce),
    toShard: quantityToHex(m.toShard),
    sender: addressToHex(m.sender),
    target: addressToHex(m.target),
    value: quantityToHex(m.value),
    data: bytesToHex(m.data),
  };
}

export function shardMethods(host: ShardHost): MethodTable {
  return {
    lanes_shardInfo: () => {
      const head = host.node.head;
      return {
        shardId: host.spec.shardId,
        shardCount: host.spec.shardCount,
        chainId: quantityToHex(host.spec.chainId),
        operator: addressToHex(host.spec.operator),
        head: { number: quantityToHex(head.header.number), hash: bytesToHex(head.hash) },
      };
    },
    lanes_getSuperblock: (params) => {
      const k = p.smallQuantity(params[0], "superblock");
      const sidecar = host.store.sidecar(k);
      const block = host.node.store.block(BigInt(k));
      if (sidecar === undefined || block === undefined || k > Number(host.node.head.header.number))
        return null;
      return {
        k: quantityToHex(k),
        shardId: host.spec.shardId,
        blockHash: bytesToHex(block.hash),
        header: bytesToHex(encodeHeader(block.header)),
        transactions: block.rawTransactions.map(bytesToHex),
        transcript: bytesToHex(sidecar.transcript),
        witness: bytesToHex(sidecar.witness),
        witnessHash: bytesToHex(sidecar.witnessHash),
        messageRoot: bytesToHex(sidecar.messageRoot),
        messages: sidecar.messages.map(messageJson),
      };
    },
  };
}
