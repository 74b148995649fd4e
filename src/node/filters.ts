// Polling filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter, eth_getFilterChanges,
// eth_getFilterLogs, eth_uninstallFilter), as geth keeps them: per filter, what arrived since the last poll.
// A filter not polled for five minutes is dropped, at most 1,000 filters exist at a time, and each keeps at
// most 10,000 undelivered items, so a client that forgets its filters cannot grow the node's memory.
import { randomBytes } from "node:crypto";
import { bytesToHex } from "../primitives/hex.js";
import type { LanesNode, MinedBlock, PoolTx } from "./devnode.js";
import { blockLogs, type LogFilter } from "./log-filter.js";
import { serverError } from "./rpc-errors.js";

export const FILTER_TIMEOUT_MS = 5 * 60_000;
export const MAX_FILTERS = 1_000;
export const MAX_FILTER_ITEMS = 10_000;

export type FilterKind = { kind: "logs"; filter: LogFilter } | { kind: "blocks" } | { kind: "pending" };

interface Installed {
  type: FilterKind;
  items: unknown[];
  lastPoll: number;
}

export class PollingFilters {
  private readonly filters = new Map<string, Installed>();
  private readonly onBlock = (mined: MinedBlock) => {
    for (const f of this.filters.values()) {
      if (f.type.kind === "blocks") this.push(f, [bytesToHex(mined.block.hash)]);
      else if (f.type.kind === "logs") this.push(f, blockLogs(f.type.filter, mined.block, mined.receipts));
    }
  };
  private readonly onPending = (tx: PoolTx) => {
    for (const f of this.filters.values()) if (f.type.kind === "pending") this.push(f, [tx.hashHex]);
  };

  constructor(private readonly node: LanesNode) {
    node.on("block", this.onBlock);
    node.on("pending", this.onPending);
  }

  private push(f: Installed, items: unknown[]): void {
    for (const item of items) {
      if (f.items.length >= MAX_FILTER_ITEMS) f.items.shift();
      f.items.push(item);
    }
  }

  private expire(now: number): void {
    for (const [id, f] of this.filters) if (now - f.lastPoll > FILTER_TIMEOUT_MS) this.filters.delete(id);
  }

  install(type: FilterKind): string {
    const now = Date.now();
    this.expire(now);
    if (this.filters.size >= MAX_FILTERS) throw serverError("too many filters");
    const id = bytesToHex(randomBytes(16));
    this.filters.set(id, { type, items: [], lastPoll: now });
    return id;
  }

  get(id: string): FilterKind {
    const f = this.filters.get(id);
    if (f === undefined) throw serverError("filter not found");
    return f.type;
  }

  /** What arrived since the last poll. */
  changes(id: string): unknown[] {
    const f = this.filters.get(id);
    if (f === undefined) throw serverError("filter not found");
    f.lastPoll = Date.now();
    const items = f.items;
    f.items = [];
    return items;
  }

  uninstall(id: string): boolean {
    return this.filters.delete(id);
  }

  close(): void {
    this.node.off("block", this.onBlock);
    this.node.off("pending", this.onPending);
  }
}
