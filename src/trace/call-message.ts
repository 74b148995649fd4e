// The one builder of the transaction an unsigned call stands for: eth_call, eth_estimateGas and
// debug_traceCall all execute what `callTransaction` returns, so they agree on types, fees, gas and nonce.
//
// The rules are geth's (internal/ethapi TransactionArgs.ToMessage with the call defaults, and the EVM's
// NoBaseFee mode):
// - type: an authorization list makes a type-4 call, blob hashes a type-3 call; otherwise `gasPrice` makes
//   a legacy call (type 1 with an access list) and anything else is priced as EIP-1559 (type 2);
// - fees: `gasPrice` prices legacy-style (fee cap = tip = gasPrice); EIP-1559 fields missing are 0. When the
//   resulting gas price is 0 the block's base fee is lowered to 0 (BASEFEE reads 0 and fee checks pass), and
//   a blob call with no blob fee cap sees a blob base fee of 0;
// - gas: the message's gas, else the block gas limit, both within the caller's cap and the fork's EIP-7825
//   cap; a call may ask for more than the block gas limit (geth runs calls with an unlimited gas pool), in
//   which case the environment's gas limit is raised to it;
// - nonce: accepted but not checked (geth's SkipNonceChecks): the call runs with the sender's state nonce,
//   which is also what CREATE addresses derive from in geth and anvil.
import { type BlockEnv, makeEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import type { StateReader } from "../state/types.js";
import type { AccessListEntry, Authorization, Transaction, TxType } from "../tx/types.js";

/** An unsigned call, as eth_call, eth_estimateGas and debug_traceCall take it. */
export interface CallMessage {
  /** Default: the zero address. */
  from?: bigint;
  /** Absent for a creation. */
  to?: bigint;
  gas?: bigint;
  /** Legacy pricing; not together with the EIP-1559 fields. */
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  maxFeePerBlobGas?: bigint;
  value?: bigint;
  data?: Uint8Array;
  /** Not checked; see the module comment. */
  nonce?: bigint;
  /** When given, must be the chain's. */
  chainId?: bigint;
  accessList?: AccessListEntry[];
  authorizationList?: Authorization[];
  blobVersionedHashes?: Uint8Array[];
}

export interface CallBuildOptions {
  /** The largest gas limit a call may have (an RPC server's gas cap); default: no cap beyond the fork's. */
  gasCap?: bigint;
  /** Replaces the message's gas (eth_estimateGas's probes). */
  gas?: bigint;
}

export interface BuiltCall {
  tx: Transaction;
  /** The block environment to run it in (base fee, blob base fee and gas limit adjusted as above). */
  env: BlockEnv;
}

/** The gas cap that applies to calls under `rules`: the caller's and the fork's (EIP-7825), the lower. */
export function callGasCap(rules: ForkRules, gasCap: bigint | undefined): bigint | undefined {
  const fork = rules.txGasLimitCap;
  if (gasCap === undefined) return fork;
  return fork !== undefined && fork < gasCap ? fork : gasCap;
}

/** Throws InvalidTransactionError for a message no transaction can stand for (as applyTransaction does). */
export function callTransaction(
  reader: StateReader,
  msg: CallMessage,
  env: BlockEnv,
  rules: ForkRules,
  options: CallBuildOptions = {},
): BuiltCall {
  const dynamic = msg.maxFeePerGas !== undefined || msg.maxPriorityFeePerGas !== undefined;
  if (msg.gasPrice !== undefined && dynamic) {
    throw new InvalidTransactionError(
      "CALL_FEES_CONFLICT",
      "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified",
    );
  }
  if (msg.chainId !== undefined && msg.chainId !== env.chainId) {
    throw new InvalidTransactionError("INVALID_CHAINID", `chain id ${msg.chainId}, expected ${env.chainId}`);
  }
  const legacy = msg.gasPrice !== undefined;
  let type: TxType;
  if (msg.authorizationList !== undefined) type = 4;
  else if (msg.blobVersionedHashes !== undefined) type = 3;
  else if (legacy) type = msg.accessList !== undefined ? 1 : 0;
  else type = 2;

  const maxFee = legacy ? msg.gasPrice! : (msg.maxFeePerGas ?? 0n);
  const tip = legacy ? msg.gasPrice! : (msg.maxPriorityFeePerGas ?? 0n);
  let price: bigint;
  if (legacy) price = msg.gasPrice!;
  else if (maxFee === 0n && tip === 0n) price = 0n;
  else price = tip + env.baseFee < maxFee ? tip + env.baseFee : maxFee;

  const cap = callGasCap(rules, options.gasCap);
  let gasLimit = options.gas ?? msg.gas ?? env.gasLimit;
  if (cap !== undefined && gasLimit > cap) gasLimit = cap;

  const from = msg.from ?? 0n;
  const maxFeePerBlobGas = msg.maxFeePerBlobGas ?? 0n;
  const tx: Transaction = {
    type,
    chainId: env.chainId,
    nonce: reader.getAccount(from)?.nonce ?? 0n,
    gasLimit,
    to: msg.to,
    value: msg.value ?? 0n,
    data: msg.data ?? new Uint8Array(0),
    gasPrice: maxFee,
    maxFeePerGas: maxFee,
    maxPriorityFeePerGas: tip,
    accessList: msg.accessList ?? [],
    maxFeePerBlobGas,
    blobVersionedHashes: msg.blobVersionedHashes ?? [],
    authorizationList: msg.authorizationList ?? [],
    sender: from,
  };

  const zeroBaseFee = price === 0n && env.baseFee !== 0n;
  const zeroBlobFee = type === 3 && maxFeePerBlobGas === 0n && env.blobBaseFee !== 0n;
  const raiseGasLimit = gasLimit > env.gasLimit;
  if (!zeroBaseFee && !zeroBlobFee && !raiseGasLimit) return { tx, env };
  const fields = {
    chainId: env.chainId,
    number: env.number,
    timestamp: env.timestamp,
    coinbase: env.coinbase,
    gasLimit: raiseGasLimit ? gasLimit : env.gasLimit,
    baseFee: zeroBaseFee ? 0n : env.baseFee,
    prevRandao: env.prevRandao,
    blobBaseFee: zeroBlobFee ? 0n : env.blobBaseFee,
  };
  return { tx, env: makeEnv(fields, env.blockHash) };
}
