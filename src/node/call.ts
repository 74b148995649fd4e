// eth_call / eth_estimateGas: the transaction a call request stands for (built by src/trace/call-message.ts,
// as debug_traceCall builds it), executed on a read-only view of some state (with optional state overrides)
// and never committed. Reverts are reported with the shared revert decoder (Error(string) and Panic).
import { blockEnvFromHeader } from "../block/block-env.js";
import type { BlockHeader, ChainConfig } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { Account, StateReader } from "../state/types.js";
import {
  type BuiltCall,
  type CallBuildOptions,
  type CallMessage,
  callGasCap,
  callTransaction,
  decodeRevertReason,
} from "../trace/index.js";
import { applyTransaction, type TxResult } from "../tx/execute.js";
import { EXECUTION_REVERTED, isTxError, RpcError, serverError, txError } from "./rpc-errors.js";

export interface AccountOverride {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  /** Replaces the whole storage. */
  state?: Map<bigint, bigint>;
  /** Patches single slots. */
  stateDiff?: Map<bigint, bigint>;
}

export type StateOverrides = Map<bigint, AccountOverride>;

/** A read-only view of `base` with eth_call state overrides applied. */
export class OverrideState implements StateReader {
  constructor(
    private readonly base: StateReader,
    private readonly overrides: StateOverrides,
  ) {}

  getAccount(address: bigint): Account | undefined {
    const o = this.overrides.get(address);
    const a = this.base.getAccount(address);
    if (o === undefined) return a;
    return {
      nonce: o.nonce ?? a?.nonce ?? 0n,
      balance: o.balance ?? a?.balance ?? 0n,
      codeHash:
        o.code !== undefined
          ? o.code.length === 0
            ? EMPTY_CODE_HASH
            : keccak256(o.code)
          : (a?.codeHash ?? EMPTY_CODE_HASH),
    };
  }

  getCode(address: bigint): Uint8Array {
    return this.overrides.get(address)?.code ?? this.base.getCode(address);
  }

  getStorage(address: bigint, slot: bigint): bigint {
    const o = this.overrides.get(address);
    if (o?.state !== undefined) return o.state.get(slot) ?? 0n;
    const d = o?.stateDiff?.get(slot);
    return d ?? this.base.getStorage(address, slot);
  }

  hasStorage(address: bigint): boolean {
    const o = this.overrides.get(address);
    if (o?.state !== undefined) return [...o.state.values()].some((v) => v !== 0n);
    if (o?.stateDiff !== undefined && [...o.stateDiff.values()].some((v) => v !== 0n)) return true;
    return this.base.hasStorage(address);
  }
}

export interface CallContext {
  reader: StateReader;
  /** The block the call runs in: a stored block's header, or the pending block's (see pendingHeader). */
  header: BlockHeader;
  config: ChainConfig;
  blockHash: (n: bigint) => bigint;
  gasCap: bigint;
}

function rulesOf(ctx: CallContext): ForkRules {
  return ctx.config.rulesAt(ctx.header.number, ctx.header.timestamp);
}

/** The transaction and environment a call request stands for (src/trace/call-message.ts's rules). */
export function buildCall(req: CallMessage, ctx: CallContext, gas?: bigint): BuiltCall {
  const rules = rulesOf(ctx);
  const env = blockEnvFromHeader(ctx.header, rules, ctx.config.chainId, ctx.blockHash);
  const options: CallBuildOptions = { gasCap: ctx.gasCap };
  if (gas !== undefined) options.gas = gas;
  return callTransaction(ctx.reader, req, env, rules, options);
}

/** Runs the call; throws RpcError -32000 for a transaction the state rejects. */
export function runCall(req: CallMessage, ctx: CallContext, gas?: bigint): TxResult {
  try {
    const { tx, env } = buildCall(req, ctx, gas);
    return applyTransaction(ctx.reader, tx, env, rulesOf(ctx));
  } catch (e) {
    if (isTxError(e)) throw txError(e);
    throw e;
  }
}

/** geth's revert error: code 3, "execution reverted[: reason]", the revert data as `data`. */
export function revertError(output: Uint8Array): RpcError {
  let message = "execution reverted";
  const reason = decodeRevertReason(output);
  if (reason !== undefined) message += `: ${reason}`;
  return new RpcError(EXECUTION_REVERTED, message, bytesToHex(output));
}

/** eth_call: the output, or the revert / halt error. */
export function call(req: CallMessage, ctx: CallContext): Uint8Array {
  const result = runCall(req, ctx);
  if (result.status === 1) return result.output;
  if (result.error === "revert") throw revertError(result.output);
  throw serverError(result.error ?? "execution failed");
}

/** eth_estimateGas: the smallest gas limit with which the call succeeds (binary search, as geth). */
export function estimateGas(req: CallMessage, ctx: CallContext): bigint {
  let hi = req.gas ?? ctx.header.gasLimit;
  const cap = callGasCap(rulesOf(ctx), ctx.gasCap);
  if (cap !== undefined && hi > cap) hi = cap;
  const first = runCall(req, ctx, hi);
  if (first.status !== 1) {
    if (first.error === "revert") throw revertError(first.output);
    throw serverError(`gas required exceeds allowance (${hi})`);
  }
  // The limit must cover the gas consumed before refunds, which is at least what was charged.
  let lo = first.gasUsed - 1n;
  const succeeds = (gas: bigint): boolean => {
    try {
      return runCall(req, ctx, gas).status === 1;
    } catch (e) {
      // Below intrinsic gas (or the floor) the transaction is invalid: too low, keep searching upwards.
      if (e instanceof RpcError && e.code === -32000) return false;
      throw e;
    }
  };
  // Most calls need only a little more than they used (the 63/64 rule, refunds): try that first.
  const optimistic = ((first.gasUsed + 2300n) * 64n) / 63n;
  if (optimistic < hi && succeeds(optimistic)) hi = optimistic;
  while (lo + 1n < hi) {
    const mid = (lo + hi) / 2n;
    if (succeeds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
