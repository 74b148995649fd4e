// A shard block's outbox: the messages its transactions sent through the messenger (MessageSent logs), and
// the block's message root, the ordered-trie root of their ids (what ShardHub records for the shard).
import type { Receipt } from "../block/types.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { keccak256Word } from "../primitives/keccak.js";
import { orderedTrieRoot } from "../trie/index.js";
import { decodeTuple } from "./abi.js";
import { MESSENGER_ADDRESS } from "./addresses.js";
import { messageId, type ShardMessage } from "./system-ops.js";

export const MESSAGE_SENT_TOPIC = keccak256Word(
  new TextEncoder().encode("MessageSent(bytes32,uint64,address,uint256,address,uint256,bytes)"),
);

/** The messages sent in a block, in order (their ids recomputed and checked against the logs'). */
export function sentMessages(shard: number, receipts: readonly Receipt[]): ShardMessage[] {
  const out: ShardMessage[] = [];
  for (const r of receipts) {
    for (const log of r.logs) {
      if (
        log.address !== MESSENGER_ADDRESS ||
        log.topics[0] !== MESSAGE_SENT_TOPIC ||
        log.topics.length !== 4
      ) {
        continue;
      }
      const [nonce, target, value, data] = decodeTuple(
        ["uint256", "address", "uint256", "bytes"],
        log.data,
      ) as [bigint, bigint, bigint, Uint8Array];
      const m: ShardMessage = {
        fromShard: shard,
        nonce,
        toShard: log.topics[2]!,
        sender: log.topics[3]!,
        target,
        value,
        data,
      };
      if (bytesToBigInt(messageId(m)) !== log.topics[1]) {
        // The messenger computes the id from the same fields: a mismatch means the log is not the messenger's.
        throw new Error(`shard ${shard}: a MessageSent log's id does not match its fields`);
      }
      out.push(m);
    }
  }
  return out;
}

/** The ordered-trie root of the ids of `messages`. */
export function messageRoot(messages: readonly ShardMessage[]): Uint8Array {
  return orderedTrieRoot(messages.map(messageId));
}
