// Polling filters over HTTP (filters.ts holds them).
import type { LogFilter } from "../log-filter.js";
import { parseFilter, queryLogs } from "../log-filter.js";
import { invalidParams } from "../rpc-errors.js";
import { logSource } from "./lookup.js";
import type { MethodContext, MethodTable } from "./types.js";

function filterId(value: unknown): string {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(value))
    throw invalidParams("invalid filter id");
  return value.toLowerCase();
}

function logs(filter: LogFilter, ctx: MethodContext): unknown[] {
  return queryLogs(filter, logSource(ctx.node), ctx.maxLogRange);
}

export const filterMethods: MethodTable = {
  eth_newFilter: (params, { filters }) => filters.install({ kind: "logs", filter: parseFilter(params[0]) }),
  eth_newBlockFilter: (_params, { filters }) => filters.install({ kind: "blocks" }),
  eth_newPendingTransactionFilter: (_params, { filters }) => filters.install({ kind: "pending" }),
  eth_getFilterChanges: (params, { filters }) => filters.changes(filterId(params[0])),
  eth_getFilterLogs: (params, ctx) => {
    const type = ctx.filters.get(filterId(params[0]));
    if (type.kind !== "logs") throw invalidParams("filter is not a log filter");
    return logs(type.filter, ctx);
  },
  eth_uninstallFilter: (params, { filters }) => filters.uninstall(filterId(params[0])),
};
