// What every RPC method handler receives and returns.
import type { LanesNode } from "../devnode.js";
import type { PollingFilters } from "../filters.js";

export interface MethodContext {
  node: LanesNode;
  filters: PollingFilters;
  /** Gas cap for eth_call / eth_estimateGas. */
  gasCap: bigint;
  /** Largest block range eth_getLogs scans. */
  maxLogRange: bigint;
  limits: {
    /** Largest trace output (bytes of JSON). */
    traceMaxBytes: number;
    /** Largest `timeout` a trace request may ask for (ms). */
    traceMaxTimeoutMs: number;
  };
}

export type Handler = (params: readonly unknown[], ctx: MethodContext) => unknown;
export type MethodTable = Record<string, Handler>;
