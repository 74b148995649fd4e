// eth_subscribe / eth_unsubscribe over WebSocket: `newHeads` and `logs` (with a filter). Each connection
// owns its subscriptions; a mined block is pushed to every matching subscription once it is durable.
import { randomBytes } from "node:crypto";
import { bytesToHex } from "../primitives/hex.js";
import type { MinedBlock, PoolTx } from "./devnode.js";
import { blockRlpSize, formatHeader } from "./format.js";
import { blockLogs, type LogFilter, parseFilter } from "./log-filter.js";
import type { MethodTable } from "./methods/index.js";
import { invalidParams } from "./rpc-errors.js";

type Subscription =
  | { kind: "newHeads" }
  | { kind: "logs"; filter: LogFilter }
  | { kind: "newPendingTransactions" };

export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

export class ConnectionSubscriptions {
  private readonly subs = new Map<string, Subscription>();

  constructor(private readonly send: (message: unknown) => void) {}

  get size(): number {
    return this.subs.size;
  }

  readonly methods: MethodTable = {
    eth_subscribe: (params) => {
      const kind = params[0];
      if (this.subs.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) throw invalidParams("too many subscriptions");
      let sub: Subscription;
      if (kind === "newHeads") sub = { kind: "newHeads" };
      else if (kind === "logs") sub = { kind: "logs", filter: parseFilter(params[1] ?? {}) };
      else if (kind === "newPendingTransactions") sub = { kind: "newPendingTransactions" };
      else
        throw invalidParams(
          `unsupported subscription ${JSON.stringify(kind)?.slice(0, 40)} (newHeads, logs, newPendingTransactions)`,
        );
      const id = bytesToHex(randomBytes(16));
      this.subs.set(id, sub);
      return id;
    },
    eth_unsubscribe: (params) => {
      if (typeof params[0] !== "string") throw invalidParams("invalid subscription id");
      return this.subs.delete(params[0]);
    },
  };

  onBlock(mined: MinedBlock): void {
    const { block, receipts } = mined;
    for (const [id, sub] of this.subs) {
      if (sub.kind === "newHeads") {
        this.push(id, formatHeader(block.header, block.hash, blockRlpSize(block)));
      } else if (sub.kind === "logs") {
        for (const log of blockLogs(sub.filter, block, receipts)) this.push(id, log);
      }
    }
  }

  /** A transaction entered the pool: its hash to every newPendingTransactions subscription. */
  onPending(tx: PoolTx): void {
    for (const [id, sub] of this.subs) if (sub.kind === "newPendingTransactions") this.push(id, tx.hashHex);
  }

  private push(subscription: string, result: unknown): void {
    this.send({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription, result } });
  }
}
