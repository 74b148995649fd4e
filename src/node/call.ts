// eth_call / eth_estimateGas: a transaction built from a call request, executed on a read-only view of some
// state (with optional state overrides) and never committed. As geth: a missing gas price means no fee and
// a zero base fee; gas is capped at the node's call gas cap.
import { blockEnvFromHeader } from "../block/block-env.js";
import type { BlockHeader, ChainConfig } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { Account, StateReader } from "../state/types.js";
import { applyTransaction, type TxResult } from "../tx/execute.js";
import type { Transaction } from "../tx/types.js";
import type { CallRequest } from "./params.js";
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
  header: BlockHeader;
  config: ChainConfig;
  blockHash: (n: bigint) => bigint;
  gasCap: bigint;
}

function rulesOf(ctx: CallContext): ForkRules {
  return ctx.config.rulesAt(ctx.header.number, ctx.header.timestamp);
}

/** The transaction a call request stands for; `gas` overrides the request's gas. */
export function callTransaction(req: CallRequest, ctx: CallContext, gas?: bigint): Transaction {
  const rules = rulesOf(ctx);
  let cap = ctx.gasCap;
  if (rules.txGasLimitCap !== undefined && rules.txGasLimitCap < cap) cap = rules.txGasLimitCap;
  let gasLimit = gas ?? req.gas ?? cap;
  if (gasLimit > cap) gasLimit = cap;
  const sender = req.from ?? 0n;
  const hasFees = req.maxFeePerGas !== undefined || req.maxPriorityFeePerGas !== undefined;
  let type: Transaction["type"] = 0;
  if (req.authorizationList !== undefined) type = 4;
  else if (req.blobVersionedHashes !== undefined) type = 3;
  else if (hasFees) type = 2;
  else if (req.accessList !== undefined) type = req.gasPrice !== undefined ? 1 : 2;
  const gasPrice = req.gasPrice ?? 0n;
  const maxFee = req.maxFeePerGas ?? req.gasPrice ?? 0n;
  const tip = req.maxPriorityFeePerGas ?? (req.maxFeePerGas !== undefined ? 0n : gasPrice);
  return {
    type,
    chainId: ctx.config.chainId,
    nonce: req.nonce ?? ctx.reader.getAccount(sender)?.nonce ?? 0n,
    gasLimit,
    to: req.to,
    value: req.value ?? 0n,
    data: req.data ?? new Uint8Array(0),
    gasPrice: type >= 2 ? maxFee : gasPrice,
    maxFeePerGas: type >= 2 ? maxFee : gasPrice,
    maxPriorityFeePerGas: type >= 2 ? tip : gasPrice,
    accessList: req.accessList ?? [],
    maxFeePerBlobGas: req.maxFeePerBlobGas ?? 0n,
    blobVersionedHashes: req.blobVersionedHashes ?? [],
    authorizationList: req.authorizationList ?? [],
    sender,
  };
}

/** Runs the call; throws RpcError -32000 for a transaction the state rejects. */
export function runCall(req: CallRequest, ctx: CallContext, gas?: bigint): TxResult {
  const tx = callTransaction(req, ctx, gas);
  const rules = rulesOf(ctx);
  const noFee =
    req.gasPrice === undefined && req.maxFeePerGas === undefined && req.maxPriorityFeePerGas === undefined;
  const header = { ...ctx.header };
  if (noFee) header.baseFeePerGas = 0n;
  if (header.gasLimit < tx.gasLimit) header.gasLimit = tx.gasLimit;
  const env = blockEnvFromHeader(header, rules, ctx.config.chainId, ctx.blockHash);
  try {
    return applyTransaction(ctx.reader, tx, env, rules);
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

/** The string of an Error(string) revert, if that is what `output` is. */
export function decodeRevertReason(output: Uint8Array): string | undefined {
  if (
    output.length < 68 ||
    output[0] !== 0x08 ||
    output[1] !== 0xc3 ||
    output[2] !== 0x79 ||
    output[3] !== 0xa0
  ) {
    return undefined;
  }
  const view = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  const length = Number(view.readBigUInt64BE(4 + 32 + 24));
  if (68 + length > output.length) return undefined;
  return view.subarray(68, 68 + length).toString("utf8");
}

/** eth_call: the output, or the revert / halt error. */
export function call(req: CallRequest, ctx: CallContext): Uint8Array {
  const result = runCall(req, ctx);
  if (result.status === 1) return result.output;
  if (result.error === "revert") throw revertError(result.output);
  throw serverError(result.error ?? "execution failed");
}

/** eth_estimateGas: the smallest gas limit with which the call succeeds (binary search, as geth). */
export function estimateGas(req: CallRequest, ctx: CallContext, blockGasLimit: bigint): bigint {
  let hi = req.gas ?? blockGasLimit;
  if (hi > ctx.gasCap) hi = ctx.gasCap;
  const rules = rulesOf(ctx);
  if (rules.txGasLimitCap !== undefined && hi > rules.txGasLimitCap) hi = rules.txGasLimitCap;
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
