// Executes one transaction against a state: validation, buying gas, the call or creation, refunds, fees.
import { delegationTarget } from "../evm/delegation.js";
import type { BlockEnv } from "../evm/env.js";
import { Evm } from "../evm/evm.js";
import type { ForkRules } from "../evm/forks.js";
import { MAX_REFUND_QUOTIENT } from "../evm/gas-constants.js";
import type { Log } from "../evm/log.js";
import { CallKind, type CallResult } from "../evm/message.js";
import { precompileAddresses } from "../evm/precompiles/index.js";
import type { StateDiff, StateReader } from "../state/types.js";
import { WorldState } from "../state/world-state.js";
import { applyAuthorizations } from "./authorization.js";
import type { Transaction } from "./types.js";
import { validateTransaction } from "./validate.js";

export interface TxResult {
  status: 0 | 1;
  /** Gas charged for the transaction after refunds and the EIP-7623 floor (what the block counts). */
  gasUsed: bigint;
  /** Blob gas the transaction used (EIP-4844). */
  blobGasUsed: bigint;
  logs: Log[];
  output: Uint8Array;
  createdAddress: bigint | undefined;
  /** Why execution halted, when status is 0 ("revert", "out of gas", ...). */
  error: string | undefined;
  /** Every account change, including the sender, the fee recipient and EIP-161 deletions. */
  diff: StateDiff;
}

/** Execution gas is tracked as a float64; beyond 2^53 it is clamped (only absurd test gas limits go there). */
const MAX_EXEC_GAS = BigInt(Number.MAX_SAFE_INTEGER);

/** Throws InvalidTransactionError when the transaction must be rejected before execution. */
export function applyTransaction(
  reader: StateReader,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
): TxResult {
  const state = new WorldState(reader);
  const v = validateTransaction(state, tx, env, rules);
  const sender = tx.sender;

  state.subBalance(sender, tx.gasLimit * v.effectiveGasPrice + v.blobGas * env.blobBaseFee);
  if (tx.to !== undefined) state.setNonce(sender, tx.nonce + 1n);

  state.warmAddress(sender);
  state.warmAddress(env.coinbase);
  if (tx.to !== undefined) state.warmAddress(tx.to);
  for (const p of precompileAddresses(rules)) state.warmAddress(p);
  for (const entry of tx.accessList) {
    state.warmAddress(entry.address);
    for (const key of entry.storageKeys) state.warmSlot(entry.address, key);
  }

  const evm = new Evm(state, env, rules, {
    origin: sender,
    gasPrice: v.effectiveGasPrice,
    blobHashes: tx.blobVersionedHashes,
  });
  if (tx.type === 4) evm.refund += applyAuthorizations(state, tx.authorizationList, env.chainId);

  const execGasBig = tx.gasLimit - v.intrinsicGas;
  const execGas = Number(execGasBig < MAX_EXEC_GAS ? execGasBig : MAX_EXEC_GAS);
  let result: CallResult;
  if (tx.to === undefined) {
    result = evm.create(sender, tx.value, tx.data, execGas, 0, undefined);
  } else {
    const delegate = rules.eip7702 ? delegationTarget(state.getCode(tx.to)) : undefined;
    if (delegate !== undefined) state.warmAddress(delegate);
    result = evm.call({
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
    });
  }

  let gasUsed = tx.gasLimit - (execGasBig - BigInt(execGas)) - BigInt(result.gasLeft);
  const refundCap = gasUsed / BigInt(MAX_REFUND_QUOTIENT);
  const refund = evm.refund > 0 ? BigInt(evm.refund) : 0n;
  gasUsed -= refund < refundCap ? refund : refundCap;
  if (gasUsed < v.floorGas) gasUsed = v.floorGas;

  state.addBalance(sender, (tx.gasLimit - gasUsed) * v.effectiveGasPrice);
  state.addBalance(env.coinbase, gasUsed * (v.effectiveGasPrice - env.baseFee));

  return {
    status: result.success ? 1 : 0,
    gasUsed,
    blobGasUsed: v.blobGas,
    logs: result.success ? evm.logs : [],
    output: result.output,
    createdAddress: result.success ? result.createdAddress : undefined,
    error: result.success ? undefined : result.error,
    diff: state.finalize(),
  };
}
