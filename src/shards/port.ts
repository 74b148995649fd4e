// How the cross-shard precompile reaches the other shards: a synchronous port. The precompile runs inside
// the EVM's synchronous frame loop, so a port answers a call only when the call (and every call it nests,
// including calls back into this shard, which the port runs through `inbound`) has finished. Ports:
//   - live (executor/live-port.ts): the shard's execution thread blocks while the sequencer routes the call;
//   - replay (player.ts): the answers come from the superblock's transcript (verification, witnesses);
//   - escape (below): a shard's local phase, where a cross-shard call moves its transaction to the
//     superblock's cross-shard phase;
//   - simulation (below): eth_call / eth_estimateGas on a shard's RPC, which cannot see other shards.
import { encodeTuple, selector } from "./abi.js";
import type { CallOutcome, CallRequest, SessionKey } from "./transcript.js";

/** Runs a call that another shard makes on this one (nested in the current transaction), to completion. */
export type InboundHandler = (request: CallRequest) => CallOutcome;

export interface CrossShardPort {
  /**
   * An outbound call from this shard. `key` identifies the transaction on its first cross-shard call (and
   * only then). While the call runs elsewhere, calls back into this shard are run through `inbound`.
   */
  call(request: CallRequest, key: SessionKey | undefined, inbound: InboundHandler): CallOutcome;
  /**
   * The system transaction that hosts session `index` on a shard other than its origin: serves the calls
   * the session makes to this shard through `inbound` until the session ends; returns the origin
   * transaction's status (0: everything the session did here is rolled back).
   */
  serve(index: number, inbound: InboundHandler): 0 | 1;
}

/** Thrown by the escape port: the transaction must run in the superblock's cross-shard phase. */
export class CrossShardEscape extends Error {
  override name = "CrossShardEscape";
  constructor() {
    super("the transaction makes a cross-shard call: it runs in the cross-shard phase");
  }
}

/** A shard's local phase: no other shard is reachable, so a transaction that calls out is set aside. */
export const ESCAPE_PORT: CrossShardPort = {
  call() {
    throw new CrossShardEscape();
  },
  serve() {
    throw new Error("no session is served in a shard's local phase");
  },
};

/** Revert data of a call the RPC cannot simulate: CrossShardNotSimulated(uint64 shard). */
export function notSimulatedError(shard: number): Uint8Array {
  const out = new Uint8Array(36);
  out.set(selector("CrossShardNotSimulated(uint64)"));
  out.set(encodeTuple(["uint64"], [BigInt(shard)]), 4);
  return out;
}

/**
 * eth_call and eth_estimateGas on a shard's RPC see only that shard: a cross-shard call reverts with
 * CrossShardNotSimulated(shard) and uses all its gas (so an estimate never passes silently). Clients give
 * cross-shard transactions an explicit gas limit.
 */
export const SIMULATION_PORT: CrossShardPort = {
  call(request) {
    return { success: false, output: notSimulatedError(request.to), gasLeft: 0, error: "revert" };
  },
  serve() {
    throw new Error("sessions are not served in a simulation");
  },
};
