// The logs of one simulated call, as eth_simulateV1 reports them: the contract logs of frames that did not
// fail, in emission order, and with `traceTransfers` an ERC-7528 Transfer log from 0xEeee...EeeE for every
// ether move (the transaction's value, CALL/CREATE values, SELFDESTRUCT balances; not DELEGATECALL or
// CALLCODE, which move nothing), placed where the move happens. A failed frame drops its logs and those of
// the frames below it, as its state changes are dropped. Log indices count up over the whole block.
import type { Log } from "../../evm/log.js";
import type { EnterEvent, ExitEvent, Tracer } from "../../evm/tracing/types.js";
import { bigIntToBytes32, bytesToBigInt } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";

/** ERC-7528's pseudo-address for ether. */
export const ETH_TRANSFER_ADDRESS = 0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeen;
/** keccak256("Transfer(address,address,uint256)"). */
const TRANSFER_TOPIC = bytesToBigInt(
  keccak256(new TextEncoder().encode("Transfer(address,address,uint256)")),
);

export interface IndexedLog {
  log: Log;
  /** Block-wide position. */
  index: number;
}

export class SimulateLogTracer implements Tracer {
  /** Logs per open frame; the top-level frame's list is what the call reports. */
  private frames: IndexedLog[][] = [];
  private result: IndexedLog[] = [];
  private count = 0;
  /** The top-level frame's error (geth's message), if it failed. */
  topError: string | undefined;

  constructor(private readonly traceTransfers: boolean) {}

  /** Starts the next call of the block. */
  reset(): void {
    this.frames = [];
    this.result = [];
    this.topError = undefined;
  }

  logs(): IndexedLog[] {
    return this.result;
  }

  private push(log: Log): void {
    const top = this.frames[this.frames.length - 1];
    if (top !== undefined) top.push({ log, index: this.count });
    this.count++;
  }

  onEnter(e: EnterEvent): void {
    this.frames.push([]);
    const moves = e.type !== "DELEGATECALL" && e.type !== "CALLCODE" && e.type !== "STATICCALL";
    if (this.traceTransfers && moves && e.value !== undefined && e.value > 0n) {
      this.push({
        address: ETH_TRANSFER_ADDRESS,
        topics: [TRANSFER_TOPIC, e.from, e.to],
        data: bigIntToBytes32(e.value),
      });
    }
  }

  onLog(log: Log): void {
    this.push(log);
  }

  onExit(e: ExitEvent): void {
    const frame = this.frames.pop() ?? [];
    const failed = e.error !== undefined;
    if (e.depth === 0) {
      this.result = failed ? [] : frame;
      if (failed) this.topError = e.error;
      return;
    }
    const parent = this.frames[this.frames.length - 1];
    if (!failed && parent !== undefined) for (const l of frame) parent.push(l);
  }
}
