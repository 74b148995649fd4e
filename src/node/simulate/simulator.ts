// eth_simulateV1's engine: a chain of simulated blocks on top of a base block, each with its block overrides,
// state overrides and calls, executed by Lanes' own EVM (applyTransaction, the system calls, the requests and
// withdrawals of src/block) over one copy-on-write overlay of the base state, so every block sees the
// changes of the ones before it and the node's state is never touched. Semantics are geth's
// (internal/ethapi/simulate.go), which filled the execution-apis fixtures:
// - blocks: numbers strictly increase (-38020), gaps are filled with empty blocks, at most 256 blocks past
//   the base (-38026); timestamps default to the previous one + 12 and strictly increase (-38021);
// - headers: fee recipient and gas limit carry over from the previous block, PREVRANDAO is zero unless set,
//   the base fee is the override, else the EIP-1559 value with `validation` and 0 without; hashes chain on
//   the base block (BLOCKHASH sees the canonical chain up to the base, then the simulated blocks);
// - calls: unsigned, `from` defaults to the zero address, `nonce` to the sender's, `gas` to what is left in
//   the block (capped by what is left of the RPC gas cap over the whole request); fees default to 0. Without
//   `validation` nonces are not checked and a call with zero fee fields runs at base fee 0 (geth's
//   NoBaseFee); the sender may have code (EIP-3607 is off) and the EIP-7825 per-transaction cap does not
//   apply, as geth skips its transaction checks. An invalid call fails the whole request with the spec's
//   code; a failing call is reported in its result;
// - each call is also a transaction of the block: type 2 unless it has blobs (3), an authorization list (4)
//   or a gasPrice (legacy), with a zero signature; the block carries its transactions and receipts roots.
// Bounded: blocks (256), calls (5,000 per block, 10,000 in all), gas (the RPC gas cap over all calls) and
// time (the caller's deadline, checked between calls; the node runs it on the trace thread, whose timeout
// also ends a single long call).

import { calcBaseFee } from "../../block/base-fee.js";
import { calcExcessBlobGas } from "../../block/blob-gas.js";
import { blockEnvFromHeader } from "../../block/block-env.js";
import { collectBlockRequests } from "../../block/block-requests.js";
import { MAINNET_DEPOSIT_CONTRACT_ADDRESS } from "../../block/deposits.js";
import { encodeHeader } from "../../block/header.js";
import { OverlayState } from "../../block/overlay-state.js";
import { applyBlockRewards } from "../../block/pow.js";
import { blockLogsBloom, makeReceipt, receiptsRoot } from "../../block/receipts.js";
import { computeRequestsHash } from "../../block/requests.js";
import { transactionsRoot } from "../../block/result-validation.js";
import { processParentBlockHash } from "../../block/system-calls/eip2935.js";
import { processBeaconBlockRoot } from "../../block/system-calls/eip4788.js";
import type { BlockHeader, ChainConfig, Receipt, Withdrawal } from "../../block/types.js";
import { applyWithdrawals, withdrawalsRoot } from "../../block/withdrawals.js";
import { type BlockEnv, makeEnv } from "../../evm/env.js";
import type { ForkRules } from "../../evm/forks.js";
import { TraceContext } from "../../evm/tracing/context.js";
import { gethCallError } from "../../evm/tracing/format.js";
import { InvalidTransactionError } from "../../primitives/errors.js";
import { addressToHex, bytesToBigInt, bytesToHex, quantityToHex } from "../../primitives/hex.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../../primitives/keccak.js";
import { rlpEncode } from "../../primitives/rlp.js";
import type { InMemoryState } from "../../state/memory-state.js";
import { decodeRevertReason } from "../../trace/index.js";
import { payloadFields, typedEnvelope } from "../../tx/codec/encode.js";
import { applyTransaction, type TxResult } from "../../tx/execute.js";
import type { Transaction, TxType } from "../../tx/types.js";
import type { StoredBlock } from "../codec.js";
import { blockRlpSize, formatDecoded, formatHeader, formatLog, formatWithdrawal } from "../format.js";
import type { CallRequest } from "../params.js";
import { RpcError, serverError } from "../rpc-errors.js";
import {
  BLOCK_GAS_LIMIT_REACHED,
  BLOCK_NUMBER_INVALID,
  BLOCK_TIMESTAMP_INVALID,
  CLIENT_LIMIT_EXCEEDED,
  simulateError,
  simulateTxError,
  VM_ERROR,
} from "./errors.js";
import { SimulateLogTracer } from "./log-tracer.js";
import { applyOverrides, type SimStateOverrides } from "./overrides.js";

/** Most blocks a request may simulate past its base (gap blocks included). */
export const MAX_SIMULATE_BLOCKS = 256;
export const MAX_CALLS_PER_BLOCK = 5_000;
export const MAX_CALLS_TOTAL = 10_000;
/** The default step between simulated block timestamps (seconds). */
const TIMESTAMP_INCREMENT = 12n;
const MAX_U64 = (1n << 64n) - 1n;
const EMPTY = new Uint8Array(0);

export interface SimBlockOverrides {
  number?: bigint;
  time?: bigint;
  gasLimit?: bigint;
  feeRecipient?: bigint;
  prevRandao?: Uint8Array;
  baseFeePerGas?: bigint;
  blobBaseFee?: bigint;
  beaconRoot?: Uint8Array;
  withdrawals?: Withdrawal[];
  difficulty?: bigint;
}

export interface SimBlockInput {
  overrides: SimBlockOverrides;
  stateOverrides?: SimStateOverrides;
  calls: CallRequest[];
}

export interface SimulateOptions {
  blocks: SimBlockInput[];
  traceTransfers: boolean;
  validation: boolean;
  returnFullTransactions: boolean;
}

export interface SimulateBase {
  header: BlockHeader;
  hash: Uint8Array;
  /** The state after the base block (read only: the simulation writes to an overlay). */
  state: InMemoryState;
  config: ChainConfig;
  /** Canonical block hash by number, asked only about blocks before the base. */
  canonicalHash: (n: bigint) => bigint;
  /** The RPC gas cap: the most gas all calls of the request may use together. */
  gasCap: bigint;
  /** Date.now() past which the request fails (-32000). */
  deadline: number;
}

type Json = Record<string, unknown>;

/** A block of the chain after numbering and timestamping (gap blocks have no calls). */
interface PlannedBlock {
  number: bigint;
  time: bigint;
  input: SimBlockInput;
}

function planChain(base: BlockHeader, blocks: readonly SimBlockInput[]): PlannedBlock[] {
  const out: PlannedBlock[] = [];
  let prevNumber = base.number;
  let prevTime = base.timestamp;
  for (const input of blocks) {
    const number = input.overrides.number ?? prevNumber + 1n;
    if (number <= prevNumber)
      throw simulateError(BLOCK_NUMBER_INVALID, `block numbers must be in order: ${number} <= ${prevNumber}`);
    if (number - base.number > BigInt(MAX_SIMULATE_BLOCKS))
      throw simulateError(CLIENT_LIMIT_EXCEEDED, "too many blocks");
    for (let n = prevNumber + 1n; n < number; n++) {
      prevTime += TIMESTAMP_INCREMENT;
      out.push({ number: n, time: prevTime, input: { overrides: {}, calls: [] } });
    }
    let time: bigint;
    if (input.overrides.time === undefined) time = prevTime + TIMESTAMP_INCREMENT;
    else {
      time = input.overrides.time;
      if (time <= prevTime)
        throw simulateError(
          BLOCK_TIMESTAMP_INVALID,
          `block timestamps must be in order: ${time} <= ${prevTime}`,
        );
    }
    prevNumber = number;
    prevTime = time;
    out.push({ number, time, input });
  }
  return out;
}

/** The unsigned transaction a call stands for (geth's ToTransaction with a dynamic-fee default). */
interface CallTx {
  /** As encoded and hashed: the call's nonce, no chain id for legacy. */
  tx: Transaction;
  raw: Uint8Array;
  hash: Uint8Array;
}

function encodeUnsigned(tx: Transaction): Uint8Array {
  const fields = [...payloadFields(tx), 0n, 0n, 0n];
  return tx.type === 0 ? rlpEncode(fields) : typedEnvelope(tx.type, fields);
}

/** Runs the simulation; returns the blocks as eth_simulateV1 reports them. */
export function simulate(base: SimulateBase, options: SimulateOptions): Json[] {
  const planned = planChain(base.header, options.blocks);
  const overlay = new OverlayState(base.state);
  const simulatedHashes = new Map<bigint, bigint>();
  const blockHash = (n: bigint): bigint => {
    if (n === base.header.number) return bytesToBigInt(base.hash);
    if (n < base.header.number) return base.canonicalHash(n);
    return simulatedHashes.get(n) ?? 0n;
  };
  let budget = base.gasCap;
  let parent = base.header;
  let parentHash = base.hash;
  const out: Json[] = [];
  for (const plan of planned) {
    const { header, hash, json } = simulateBlock(plan, {
      base,
      options,
      overlay,
      parent,
      parentHash,
      blockHash,
      budget: () => budget,
      consume: (gas) => {
        budget -= gas;
      },
    });
    simulatedHashes.set(header.number, bytesToBigInt(hash));
    parent = header;
    parentHash = hash;
    out.push(json);
  }
  return out;
}

interface BlockRun {
  base: SimulateBase;
  options: SimulateOptions;
  overlay: OverlayState;
  parent: BlockHeader;
  parentHash: Uint8Array;
  blockHash: (n: bigint) => bigint;
  budget: () => bigint;
  consume: (gas: bigint) => void;
}

function rulesAt(config: ChainConfig, number: bigint, time: bigint): ForkRules {
  try {
    return config.rulesAt(number, time);
  } catch (e) {
    throw serverError(`cannot simulate block ${number}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function simulateBlock(
  plan: PlannedBlock,
  run: BlockRun,
): { header: BlockHeader; hash: Uint8Array; json: Json } {
  const { base, options, overlay, parent } = run;
  const { overrides, calls } = plan.input;
  const rules = rulesAt(base.config, plan.number, plan.time);
  const withdrawals = overrides.withdrawals ?? [];
  const header: BlockHeader = {
    parentHash: run.parentHash,
    ommersHash: EMPTY_LIST_HASH.slice(),
    coinbase: overrides.feeRecipient ?? parent.coinbase,
    stateRoot: new Uint8Array(32),
    transactionsRoot: EMPTY_TRIE_ROOT.slice(),
    receiptsRoot: EMPTY_TRIE_ROOT.slice(),
    logsBloom: new Uint8Array(256),
    difficulty: overrides.difficulty ?? (rules.eip4399 ? 0n : parent.difficulty),
    number: plan.number,
    gasLimit: overrides.gasLimit ?? parent.gasLimit,
    gasUsed: 0n,
    timestamp: plan.time,
    extraData: new Uint8Array(0),
    mixHash: overrides.prevRandao ?? new Uint8Array(32),
    nonce: new Uint8Array(8),
  };
  if (rules.eip1559)
    header.baseFeePerGas = overrides.baseFeePerGas ?? (options.validation ? calcBaseFee(parent) : 0n);
  if (rules.eip4895) header.withdrawalsRoot = withdrawalsRoot(withdrawals);
  if (rules.eip4844) {
    header.excessBlobGas = parent.excessBlobGas === undefined ? 0n : calcExcessBlobGas(parent, rules);
    header.blobGasUsed = 0n;
    header.parentBeaconBlockRoot = overrides.beaconRoot ?? new Uint8Array(32);
  }

  // State overrides first, then the block's precompile set (moves hold for this block only).
  const { diff: overrideDiff, precompiles } = applyOverrides(overlay, plan.input.stateOverrides, rules);
  overlay.apply(overrideDiff);
  const blockRules: ForkRules =
    precompiles === undefined ? rules : { ...rules, precompileTable: precompiles };
  // geth skips its transaction checks for simulated calls: the sender may have code, no EIP-7825 cap.
  const callRules: ForkRules = { ...blockRules, allowSendersWithCode: true, txGasLimitCap: undefined };
  let env = blockEnvFromHeader(header, blockRules, base.config.chainId, run.blockHash);
  if (overrides.blobBaseFee !== undefined) env = withEnv(env, { blobBaseFee: overrides.blobBaseFee });

  if (header.parentBeaconBlockRoot !== undefined) {
    const d = processBeaconBlockRoot(overlay, env, blockRules, header.parentBeaconBlockRoot);
    if (d) overlay.apply(d);
  }
  const parentHashDiff = processParentBlockHash(overlay, env, blockRules, header.parentHash);
  if (parentHashDiff) overlay.apply(parentHashDiff);

  const tracer = new SimulateLogTracer(options.traceTransfers);
  const receipts: Receipt[] = [];
  const txs: CallTx[] = [];
  const results: {
    result: TxResult;
    returnData: Uint8Array;
    logs: ReturnType<SimulateLogTracer["logs"]>;
    error?: Json;
  }[] = [];
  let gasUsed = 0n;
  let blobGasUsed = 0n;
  for (const call of calls) {
    if (Date.now() > base.deadline) throw serverError("eth_simulateV1: execution timeout");
    const from = call.from ?? 0n;
    const stateNonce = overlay.getAccount(from)?.nonce ?? 0n;
    // geth checks the nonce's headroom with the nonce itself, before fees (-32603).
    if (options.validation && stateNonce >= MAX_U64)
      throw new RpcError(
        -32603,
        `err: nonce has max value: address ${addressToHex(from)}, nonce: ${stateNonce}`,
      );
    const remaining = header.gasLimit - gasUsed;
    let gas = call.gas ?? remaining;
    if (remaining < gas)
      throw simulateError(
        BLOCK_GAS_LIMIT_REACHED,
        `block gas limit reached: remaining: ${remaining}, required: ${gas}`,
      );
    const budget = run.budget();
    const capped = gas > budget;
    if (capped) gas = budget;
    const ctx = buildCallTx(call, {
      from,
      stateNonce,
      gas,
      rules,
      options,
      chainId: base.config.chainId,
    });
    // Without validation a call with zero fee fields pays nothing (geth's NoBaseFee): base fee 0 for it.
    const zeroFees = ctx.exec.maxFeePerGas === 0n && ctx.exec.maxPriorityFeePerGas === 0n;
    let callEnv = env;
    if (!options.validation) {
      const zeroBase = zeroFees && env.baseFee !== 0n;
      const zeroBlob = ctx.exec.type === 3 && ctx.exec.maxFeePerBlobGas === 0n && env.blobBaseFee !== 0n;
      if (zeroBase || zeroBlob)
        callEnv = withEnv(env, {
          ...(zeroBase ? { baseFee: 0n } : {}),
          ...(zeroBlob ? { blobBaseFee: 0n } : {}),
        });
    }
    tracer.reset();
    let result: TxResult;
    try {
      result = applyTransaction(overlay, ctx.exec, callEnv, callRules, {
        tracer: new TraceContext(tracer),
        wrapNonce: !options.validation,
      });
    } catch (e) {
      if (e instanceof InvalidTransactionError) throw simulateTxError(e);
      throw e;
    }
    overlay.apply(result.diff);
    // A creation returns the deployed code (geth's Create result).
    const returnData =
      result.status !== 1
        ? EMPTY
        : ctx.exec.to === undefined && result.createdAddress !== undefined
          ? overlay.getCode(result.createdAddress)
          : result.output;
    gasUsed += result.gasUsed;
    blobGasUsed += result.blobGasUsed;
    run.consume(result.gasUsed);
    // Before Byzantium a receipt carries the state root after its transaction.
    receipts.push(
      makeReceipt(ctx.tx.tx.type, result, gasUsed, rules.eip658 ? undefined : overlay.stateRoot()),
    );
    txs.push(ctx.tx);
    let error: Json | undefined;
    if (result.status !== 1) {
      if (result.error === "revert") {
        const reason = decodeRevertReason(result.output);
        error = {
          message: reason === undefined ? "execution reverted" : `execution reverted: ${reason}`,
          code: 3,
          data: bytesToHex(result.output),
        };
      } else {
        let message = tracer.topError ?? gethCallError(result.error ?? "execution failed");
        if (capped) message += " (gas limit was capped by the RPC server's global gas cap)";
        error = { message, code: VM_ERROR };
      }
    }
    const entry: (typeof results)[number] = { result, returnData, logs: tracer.logs() };
    if (error !== undefined) entry.error = error;
    results.push(entry);
  }

  // After the calls: the EIP-7685 requests, then the withdrawals (geth's PostExecution, then Finalize).
  if (rules.eip7685) {
    const depositContract = base.config.depositContractAddress ?? MAINNET_DEPOSIT_CONTRACT_ADDRESS;
    header.requestsHash = computeRequestsHash(
      collectBlockRequests(overlay, env, blockRules, receipts, depositContract),
    );
  }
  if (rules.eip4895 && withdrawals.length > 0) overlay.apply(applyWithdrawals(overlay, withdrawals));
  // Before the Merge the consensus engine pays the block reward (no ommers in a simulated block).
  if (rules.blockReward > 0n) overlay.apply(applyBlockRewards(overlay, header, [], rules));

  header.stateRoot = overlay.stateRoot();
  header.transactionsRoot = transactionsRoot(txs.map((t) => t.raw));
  header.receiptsRoot = receiptsRoot(receipts);
  header.logsBloom = blockLogsBloom(receipts);
  header.gasUsed = gasUsed;
  if (rules.eip4844) header.blobGasUsed = blobGasUsed;
  const hash = keccak256(encodeHeader(header));

  const stored: StoredBlock = {
    header,
    hash,
    rawTransactions: txs.map((t) => t.raw),
    txHashes: txs.map((t) => t.hash),
    senders: txs.map((t) => t.tx.sender),
    size: 0,
    withdrawals,
  };
  const json = formatHeader(header, hash, blockRlpSize(stored));
  const baseFee = header.baseFeePerGas ?? 0n;
  json.transactions = txs.map((t, index) =>
    options.returnFullTransactions
      ? formatDecoded(t.tx, { v: 0n, r: 0n, s: 0n }, t.hash, {
          blockHash: hash,
          blockNumber: header.number,
          blockTimestamp: header.timestamp,
          index,
          baseFee,
        })
      : bytesToHex(t.hash),
  );
  json.uncles = [];
  if (header.withdrawalsRoot !== undefined) json.withdrawals = withdrawals.map(formatWithdrawal);
  json.calls = results.map(({ result, returnData, logs, error }, txIndex): Json => {
    const out: Json = {
      returnData: bytesToHex(returnData),
      logs: logs.map(({ log, index }) =>
        formatLog(log, {
          blockHash: hash,
          blockNumber: header.number,
          blockTimestamp: header.timestamp,
          txHash: txs[txIndex]!.hash,
          txIndex,
          logIndex: index,
        }),
      ),
      gasUsed: quantityToHex(result.gasUsed),
      maxUsedGas: quantityToHex(result.peakGasUsed ?? result.gasUsed),
      status: quantityToHex(result.status),
    };
    if (error !== undefined) out.error = error;
    return out;
  });
  return { header, hash, json };
}

function withEnv(env: BlockEnv, change: Partial<Pick<BlockEnv, "baseFee" | "blobBaseFee">>): BlockEnv {
  return makeEnv(
    {
      chainId: env.chainId,
      number: env.number,
      timestamp: env.timestamp,
      coinbase: env.coinbase,
      gasLimit: env.gasLimit,
      baseFee: change.baseFee ?? env.baseFee,
      prevRandao: env.prevRandao,
      blobBaseFee: change.blobBaseFee ?? env.blobBaseFee,
    },
    env.blockHash,
  );
}

interface CallDefaults {
  from: bigint;
  stateNonce: bigint;
  gas: bigint;
  rules: ForkRules;
  options: SimulateOptions;
  chainId: bigint;
}

/**
 * The call's transaction as the block carries it (`tx`) and as it executes (`exec`: without validation it
 * runs with the sender's current nonce, since nonces are not checked). Throws -32000 for conflicting fee
 * fields or a foreign chain id (geth's CallDefaults).
 */
function buildCallTx(call: CallRequest, d: CallDefaults): { tx: CallTx; exec: Transaction } {
  if (
    call.gasPrice !== undefined &&
    (call.maxFeePerGas !== undefined || call.maxPriorityFeePerGas !== undefined)
  )
    throw serverError("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
  if (call.chainId !== undefined && call.chainId !== d.chainId)
    throw serverError(`chainId does not match node's (have=${call.chainId}, want=${d.chainId})`);
  // Before London geth's call defaults set a gas price (0), which makes every call a legacy transaction.
  const legacyPrice = call.gasPrice ?? (d.rules.eip1559 ? undefined : 0n);
  let type: TxType;
  if (legacyPrice !== undefined) type = 0;
  else if (call.authorizationList !== undefined) type = 4;
  else if (call.blobVersionedHashes !== undefined) type = 3;
  else type = 2;
  const maxFee = legacyPrice ?? call.maxFeePerGas ?? 0n;
  const tip = legacyPrice ?? call.maxPriorityFeePerGas ?? 0n;
  const nonce = call.nonce ?? d.stateNonce;
  const tx: Transaction = {
    type,
    chainId: type === 0 ? undefined : d.chainId,
    nonce,
    gasLimit: d.gas,
    to: call.to,
    value: call.value ?? 0n,
    data: call.data ?? new Uint8Array(0),
    gasPrice: maxFee,
    maxFeePerGas: maxFee,
    maxPriorityFeePerGas: tip,
    accessList: type === 0 ? [] : (call.accessList ?? []),
    maxFeePerBlobGas: call.maxFeePerBlobGas ?? 0n,
    blobVersionedHashes: call.blobVersionedHashes ?? [],
    authorizationList: call.authorizationList ?? [],
    sender: d.from,
  };
  let raw: Uint8Array;
  try {
    raw = encodeUnsigned(tx);
  } catch (e) {
    if (e instanceof InvalidTransactionError) throw simulateTxError(e);
    throw e;
  }
  const exec: Transaction = {
    ...tx,
    chainId: d.chainId,
    nonce: d.options.validation ? nonce : d.stateNonce,
    accessList: call.accessList ?? [],
  };
  if (exec.nonce > MAX_U64) throw new RpcError(-32603, "err: nonce has max value");
  return { tx: { tx, raw, hash: keccak256(raw) }, exec };
}
