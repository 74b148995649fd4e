// What the sequencer delivers to a shard in a system transaction (the operator's call of the precompile's
// deliver(bytes)): deposits from the L1 hub and messages from other shards, with their ids computed exactly
// as the contracts compute them (ShardHub._deposit, ShardMessenger.sendMessage), so an id names one
// deposit or message everywhere and the messenger's `received[id]` makes each run at most once.
import { bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, type RlpInput, rlpDecode, rlpEncode } from "../primitives/rlp.js";
import { encodeTuple } from "./abi.js";
import { L1_SHARD_ID } from "./addresses.js";

export const DEPOSIT_ETH = 0;
export const DEPOSIT_ERC20 = 1;
export const DEPOSIT_MESSAGE = 2;

/** A ShardHub Deposit event. */
export interface Deposit {
  kind: 0 | 1 | 2;
  nonce: bigint;
  shard: number;
  /** The L1 account that deposited (or sent the message). */
  from: bigint;
  /** The recipient (the message's target for kind 2). */
  to: bigint;
  /** The L1 token (kind 1), else 0. */
  token: bigint;
  amount: bigint;
  data: Uint8Array;
}

/** A ShardMessenger MessageSent event (toShard = L1_SHARD_ID for a withdrawal). */
export interface ShardMessage {
  fromShard: number;
  nonce: bigint;
  toShard: bigint;
  sender: bigint;
  target: bigint;
  value: bigint;
  data: Uint8Array;
}

export type SystemOp = { type: "deposit"; deposit: Deposit } | { type: "message"; message: ShardMessage };

/** keccak256(abi.encode(kind, nonce, shard, from, to, token, amount, data)), as ShardHub computes it. */
export function depositId(d: Deposit): Uint8Array {
  return keccak256(
    encodeTuple(
      ["uint8", "uint256", "uint64", "address", "address", "address", "uint256", "bytes"],
      [BigInt(d.kind), d.nonce, BigInt(d.shard), d.from, d.to, d.token, d.amount, d.data],
    ),
  );
}

/** keccak256(abi.encode(fromShard, nonce, toShard, sender, target, value, data)), as ShardMessenger computes it. */
export function messageId(m: ShardMessage): Uint8Array {
  return keccak256(
    encodeTuple(
      ["uint64", "uint256", "uint64", "address", "address", "uint256", "bytes"],
      [BigInt(m.fromShard), m.nonce, m.toShard, m.sender, m.target, m.value, m.data],
    ),
  );
}

export function isWithdrawal(m: ShardMessage): boolean {
  return m.toShard === L1_SHARD_ID;
}

export class SystemOpError extends Error {
  override name = "SystemOpError";
}

function opRlp(op: SystemOp): RlpInput {
  if (op.type === "deposit") {
    const d = op.deposit;
    return [0, d.kind, d.nonce, d.shard, d.from, d.to, d.token, d.amount, d.data];
  }
  const m = op.message;
  return [1, m.fromShard, m.nonce, m.toShard, m.sender, m.target, m.value, m.data];
}

export function encodeSystemOps(ops: readonly SystemOp[]): Uint8Array {
  return rlpEncode(ops.map(opRlp));
}

function field(item: RlpDecoded | undefined, maxBytes: number): bigint {
  if (!(item instanceof Uint8Array) || item.length > maxBytes || (item.length > 0 && item[0] === 0)) {
    throw new SystemOpError("system operation: malformed field");
  }
  return bytesToBigInt(item);
}

function bytesField(item: RlpDecoded | undefined): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new SystemOpError("system operation: malformed data");
  return item;
}

export function decodeSystemOps(data: Uint8Array): SystemOp[] {
  let top: RlpDecoded;
  try {
    top = rlpDecode(data);
  } catch (e) {
    throw new SystemOpError(`system operations: ${(e as Error).message}`);
  }
  if (!Array.isArray(top)) throw new SystemOpError("system operations: not a list");
  return top.map((item) => {
    if (!Array.isArray(item)) throw new SystemOpError("system operation: not a list");
    const tag = field(item[0], 1);
    if (tag > 1n || item.length !== (tag === 0n ? 9 : 8))
      throw new SystemOpError("system operation: wrong shape");
    if (tag === 0n) {
      const kind = Number(field(item[1], 1));
      if (kind > 2) throw new SystemOpError("deposit: unknown kind");
      return {
        type: "deposit",
        deposit: {
          kind: kind as 0 | 1 | 2,
          nonce: field(item[2], 32),
          shard: Number(field(item[3], 2)),
          from: field(item[4], 20),
          to: field(item[5], 20),
          token: field(item[6], 20),
          amount: field(item[7], 32),
          data: bytesField(item[8]),
        },
      };
    }
    return {
      type: "message",
      message: {
        fromShard: Number(field(item[1], 2)),
        nonce: field(item[2], 32),
        toShard: field(item[3], 8),
        sender: field(item[4], 20),
        target: field(item[5], 20),
        value: field(item[6], 32),
        data: bytesField(item[7]),
      },
    };
  });
}
