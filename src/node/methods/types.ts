// What every RPC method handler receives and returns.
import type { LanesNode } from "../devnode.js";

export interface MethodContext {
  node: LanesNode;
  /** Gas cap for eth_call / eth_estimateGas. */
  gasCap: bigint;
  /** Largest block range eth_getLogs scans. */
  maxLogRange: bigint;
}

export type Handler = (params: readonly unknown[], ctx: MethodContext) => unknown;
export type MethodTable = Record<string, Handler>;
