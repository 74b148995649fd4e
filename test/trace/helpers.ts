// Helpers for the tracing suites: ABI revert data, a transaction runner with and without a tracer.
import { FORKS } from "../../src/evm/forks.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { type TraceOptions, traceTransaction } from "../../src/trace/index.js";
import type { Transaction } from "../../src/tx/types.js";
import { blockEnv } from "../evm/helpers.js";
import { buildPre, type TxRunOptions } from "../tx/helpers.js";

/** Assembly that reverts with Error(message) (message at most 32 bytes). */
export function revertWith(message: string): string {
  const text = new TextEncoder().encode(message);
  if (text.length > 32) throw new Error("revertWith: message too long");
  const padded = new Uint8Array(32);
  padded.set(text);
  return [
    `PUSH32 ${0x08c379a0n << 224n} PUSH0 MSTORE`,
    "PUSH1 0x20 PUSH1 4 MSTORE",
    `PUSH1 ${text.length} PUSH1 36 MSTORE`,
    `PUSH32 ${bytesToHex(padded)} PUSH1 68 MSTORE`,
    "PUSH1 100 PUSH0 REVERT",
  ].join(" ");
}

/** Traces `tx` over a fresh pre-state built from `opts` (as runTx builds it). */
export function trace(tx: Transaction, options: TraceOptions = {}, opts: TxRunOptions = {}): unknown {
  return traceTransaction(buildPre(opts), tx, blockEnv(opts.env), FORKS[opts.fork ?? "Osaka"], options);
}
