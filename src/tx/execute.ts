// Executes one transaction against a state: validation, buying gas, the call or creation, refunds, fees.

import { creditBalance } from "../evm/balance-credit.js";
import { delegationTarget } from "../evm/delegation.js";
import type { BlockEnv } from "../evm/env.js";
import { Evm } from "../evm/evm.js";
import type { ForkRules } from "../evm/forks.js";
import { gasHead } from "../evm/gas-reserve.js";
import type { Log } from "../evm/log.js";
import { CallKind, type CallResult, type CreateMessage, type Message } from "../evm/message.js";
import { getPrecompile, precompileAddresses } from "../evm/precompiles/index.js";
import type { TraceHooks } from "../evm/tracing/hooks.js";
import { bytesEqual } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { StateDiff, StateReader } from "../state/types.js";
import { WorldState } from "../state/world-state.js";
// Registers the WASM contract runner (it runs only where the chain config enables `wasm`).
import "../wasm/register.js";
import { applyAuthorizations } from "./authorization.js";
import type { Transaction } from "./types.js";
import { validateTransaction } from "./validate.js";

export interface TxResult {
  status: 0 | 1;
  /** Gas charged for the transaction after refunds and the EIP-7623 floor (what the block counts). */
  gasUsed: bigint;
  /** Blob gas the transaction used (EIP-4844). */
  blobGasUsed: bigint;
  /** Gas consumed before refunds, at least the EIP-7623 floor (geth's MaxUsedGas; eth_simulateV1 reports it). */
  peakGasUsed?: bigint;
  logs: Log[];
  output: Uint8Array;
  createdAddress: bigint | undefined;
  /** Why execution halted, when status is 0 ("revert", "out of gas", ...). */
  error: string | undefined;
  /** Every account change, including the sender, the fee recipient and EIP-161 deletions. */
  diff: StateDiff;
  /**
   * With `deferFeeRecipientCredit`, when the transaction never loaded the fee recipient's account: the
   * priority fee it owes the fee recipient, left out of `diff` for the caller to credit (see ApplyOptions).
   */
  deferredFee?: bigint;
  /**
   * With `deferValueTransfer`, when the transaction was a plain value transfer: the recipient's credit,
   * left out of `diff` for the caller to apply (see ApplyOptions).
   */
  deferredCredit?: DeferredCredit;
}

/** A balance credit left for the caller to apply after the transaction's diff. */
export interface DeferredCredit {
  address: bigint;
  amount: bigint;
}

export interface ApplyOptions {
  /**
   * Leave the fee-recipient credit out of the diff when the transaction did not otherwise touch that
   * account, and report it as `deferredFee`. The parallel executor applies these credits as commutative
   * deltas, so transactions do not all conflict on the coinbase balance. Crediting the fee afterwards, in
   * order, over the state with `diff` applied gives exactly the diff of an undeferred run, because the
   * transaction neither read nor wrote that account.
   */
  deferFeeRecipientCredit?: boolean;
  /**
   * When the transaction is a plain value transfer (a positive value sent to an account without code,
   * not a precompile, the sender or the fee recipient, in a transaction without authorizations), do not
   * load the recipient: its code is checked through the reader's getCodeHash alone, the value leaves the
   * sender as the call would move it, and the credit is reported as `deferredCredit` instead of being in
   * `diff`. The call would have found no code to run, so gas, status and every other change are the same;
   * crediting the recipient afterwards, in order, gives exactly the diff of an undeferred run. The parallel
   * executor turns such credits into commutative deltas, so payments to one hot account do not conflict.
   * Needs a reader with getCodeHash (otherwise nothing is deferred); not with a tracer.
   */
  deferValueTransfer?: boolean;
  /** Hooks of a tracer to attach to the EVM (src/evm/tracing); execution is otherwise unchanged. */
  tracer?: TraceHooks;
  /**
   * geth's uint64 nonce arithmetic, for eth_simulateV1 without validation only (never for blocks): a call
   * (not a creation) from an account at nonce 2^64-1 runs, instead of being refused by EIP-2681, and
   * leaves the nonce at 0. The execution-apis test ethSimulate-overflow-nonce expects exactly this.
   */
  wrapNonce?: boolean;
}

/**
 * The fork's precompile addresses (precompileAddresses: warm from the start, EIP-2929, also when
 * eth_simulateV1 moves precompiles) as a predicate, built once per rules object seen last.
 */
let precompileRules: ForkRules | undefined;
let isPrecompileAddress: (address: bigint) => boolean = () => false;
function precompileTest(rules: ForkRules): (address: bigint) => boolean {
  if (rules !== precompileRules) {
    const set = new Set(precompileAddresses(rules));
    precompileRules = rules;
    isPrecompileAddress = (address) => set.has(address);
  }
  return isPrecompileAddress;
}

const MAX_NONCE = (1n << 64n) - 1n;

/** Throws InvalidTransactionError when the transaction must be rejected before execution. */
export function applyTransaction(
  reader: StateReader,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
  options: ApplyOptions = {},
): TxResult {
  const state = new WorldState(reader, rules.eip161);
  const nonceWraps = options.wrapNonce === true && tx.to !== undefined;
  const v = validateTransaction(state, tx, env, rules, nonceWraps);
  const sender = tx.sender;

  state.subBalance(sender, tx.gasLimit * v.effectiveGasPrice + v.blobGas * env.blobBaseFee);
  // The increment stays below 2^64: validation refused nonce 2^64-1 unless it wraps (to 0, as in geth).
  if (tx.to !== undefined) state.setNonce(sender, nonceWraps && tx.nonce === MAX_NONCE ? 0n : tx.nonce + 1n);

  state.warmAddress(sender);
  if (rules.eip3651) state.warmAddress(env.coinbase);
  if (tx.to !== undefined) state.warmAddress(tx.to);
  state.warmAll(precompileTest(rules));
  for (const entry of tx.accessList) {
    state.warmAddress(entry.address);
    for (const key of entry.storageKeys) state.warmSlot(entry.address, key);
  }

  const evm = new Evm(state, env, rules, {
    origin: sender,
    gasPrice: v.effectiveGasPrice,
    blobHashes: tx.blobVersionedHashes,
  });
  if (options.tracer !== undefined) options.tracer.attach(evm);
  if (tx.type === 4) evm.refund += applyAuthorizations(state, tx.authorizationList, env.chainId);

  // Execution gas: a number up to GAS_CAP (2^52), the rest an exact reserve (src/evm/gas-reserve.ts).
  const execGasBig = tx.gasLimit - v.intrinsicGas;
  const execGas = gasHead(execGasBig);
  const execReserve = execGasBig - BigInt(execGas);
  const credit =
    options.deferValueTransfer === true ? plainTransfer(reader, state, tx, env, rules, options) : undefined;
  let result: CallResult;
  if (credit !== undefined) {
    // What the call does for a target without code: move the value, succeed with all its gas left.
    state.subBalance(sender, tx.value);
    result = { success: true, gasLeft: execGas, output: EMPTY_OUTPUT };
    if (execReserve !== 0n) result.gasLeftReserve = execReserve;
  } else if (tx.to === undefined) {
    const msg: CreateMessage = {
      kind: CallKind.Create,
      caller: sender,
      value: tx.value,
      initcode: tx.data,
      gas: execGas,
      depth: 0,
      salt: 0n,
    };
    if (execReserve !== 0n) msg.gasReserve = execReserve;
    result = evm.create(msg);
  } else {
    const delegate = rules.eip7702 ? delegationTarget(state.getCode(tx.to)) : undefined;
    if (delegate !== undefined) state.warmAddress(delegate);
    const msg: Message = {
      kind: CallKind.Call,
      caller: sender,
      to: tx.to,
      codeAddress: delegate ?? tx.to,
      delegated: delegate !== undefined,
      value: tx.value,
      transfersValue: true,
      input: tx.data,
      gas: execGas,
      isStatic: false,
      depth: 0,
    };
    if (execReserve !== 0n) msg.gasReserve = execReserve;
    result = evm.call(msg);
  }

  let gasUsed = tx.gasLimit - BigInt(result.gasLeft) - (result.gasLeftReserve ?? 0n);
  const peakGasUsed = gasUsed < v.floorGas ? v.floorGas : gasUsed;
  const refundCap = gasUsed / BigInt(rules.gas.refundQuotient);
  const refund = evm.refund > 0 ? BigInt(evm.refund) : 0n;
  gasUsed -= refund < refundCap ? refund : refundCap;
  if (gasUsed < v.floorGas) gasUsed = v.floorGas;

  // Plain additions unless the devnet rule ForkRules.overflowPaymentHalts makes them saturate.
  creditBalance(rules, state, sender, (tx.gasLimit - gasUsed) * v.effectiveGasPrice);
  const fee = gasUsed * (v.effectiveGasPrice - env.baseFee);
  const defer = options.deferFeeRecipientCredit === true && !state.isLoaded(env.coinbase);
  if (!defer) creditBalance(rules, state, env.coinbase, fee);

  const txResult: TxResult = {
    status: result.success ? 1 : 0,
    gasUsed,
    blobGasUsed: v.blobGas,
    peakGasUsed,
    logs: result.success ? evm.logs : [],
    output: result.output,
    createdAddress: result.success ? result.createdAddress : undefined,
    error: result.success ? undefined : result.error,
    diff: state.finalize(),
  };
  if (defer) txResult.deferredFee = fee;
  if (credit !== undefined) txResult.deferredCredit = credit;
  return txResult;
}

const EMPTY_OUTPUT = new Uint8Array(0);

/**
 * Whether `tx` has the shape of a plain value transfer whose credit may be deferred (see
 * ApplyOptions.deferValueTransfer): a positive value to an address that is not the sender, the fee
 * recipient or a precompile, in a transaction without authorizations. Whether the recipient has code is
 * only known at execution. The parallel executor lists candidates with this very test (hot-recipients.ts).
 */
export function isPlainTransferShape(tx: Transaction, coinbase: bigint, rules: ForkRules): boolean {
  const to = tx.to;
  return (
    to !== undefined &&
    tx.type !== 4 &&
    tx.value > 0n &&
    to !== tx.sender &&
    to !== coinbase &&
    getPrecompile(to, rules) === undefined
  );
}

/** The credit to defer when `tx` is a plain value transfer (see ApplyOptions.deferValueTransfer). */
function plainTransfer(
  reader: StateReader,
  state: WorldState,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
  options: ApplyOptions,
): DeferredCredit | undefined {
  const to = tx.to;
  if (
    to === undefined ||
    !isPlainTransferShape(tx, env.coinbase, rules) ||
    options.tracer !== undefined ||
    reader.getCodeHash === undefined ||
    state.isLoaded(to) ||
    state.getBalance(tx.sender) < tx.value
  ) {
    return undefined;
  }
  return bytesEqual(reader.getCodeHash(to), EMPTY_CODE_HASH) ? { address: to, amount: tx.value } : undefined;
}
