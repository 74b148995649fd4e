// The t8n `env` section (geth's stEnv field names) and what is derived from it: the base fee from the parent's
// fee and gas when `currentBaseFee` is absent, the excess blob gas from the parent's blob fields when
// `currentExcessBlobGas` is absent, and the EVM's BlockEnv. Shared by `lanes t8n` and `lanes run`.
import { calcBaseFee } from "../block/base-fee.js";
import { calcExcessBlobGas } from "../block/blob-gas.js";
import { BLOCKHASH_WINDOW, makeBlockEnv } from "../block/block-env.js";
import type { Withdrawal } from "../block/types.js";
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { bigIntToBytes32 } from "../primitives/hex.js";
import { asObject, asQuantity, FieldError, join, listOf } from "../primitives/json-read.js";
import { InputError } from "./errors.js";
import { opt, readAddress, readHash, readU256, readWord, req } from "./json.js";

const MAX_U64 = (1n << 64n) - 1n;

export interface T8nEnv {
  coinbase: bigint;
  gasLimit: bigint;
  number: bigint;
  timestamp: bigint;
  difficulty: bigint | undefined;
  /** PREVRANDAO. */
  random: bigint | undefined;
  baseFee: bigint | undefined;
  parentBaseFee: bigint | undefined;
  parentGasUsed: bigint | undefined;
  parentGasLimit: bigint | undefined;
  excessBlobGas: bigint | undefined;
  parentExcessBlobGas: bigint | undefined;
  parentBlobGasUsed: bigint | undefined;
  parentBeaconBlockRoot: Uint8Array | undefined;
  parentHash: Uint8Array | undefined;
  /** Ancestor hashes by number; undefined when the env has no `blockHashes` at all. */
  blockHashes: Map<bigint, bigint> | undefined;
  withdrawals: Withdrawal[] | undefined;
}

function u64(value: unknown, path: string): bigint {
  const n = asQuantity(value, path);
  if (n > MAX_U64) throw new FieldError(path, "value exceeds 64 bits");
  return n;
}

function parseWithdrawal(raw: unknown, path: string): Withdrawal {
  const obj = asObject(raw, path);
  return {
    index: req(obj, "index", path, u64),
    validatorIndex: req(obj, "validatorIndex", path, u64),
    address: req(obj, "address", path, readAddress),
    amount: req(obj, "amount", path, u64),
  };
}

function parseBlockHashes(raw: unknown, path: string): Map<bigint, bigint> {
  const hashes = new Map<bigint, bigint>();
  for (const [key, value] of Object.entries(asObject(raw, path))) {
    const p = join(path, key);
    hashes.set(asQuantity(key, p), readWord(value, p));
  }
  return hashes;
}

/** Parses an env object; `path` prefixes field errors ("env"). Only the block's own fields are required. */
export function parseEnv(raw: unknown, path: string): T8nEnv {
  const obj = asObject(raw, path);
  const withdrawals = opt(obj, "withdrawals", path, (v, p) => listOf(v, p, parseWithdrawal));
  return {
    coinbase: req(obj, "currentCoinbase", path, readAddress),
    gasLimit: req(obj, "currentGasLimit", path, u64),
    number: req(obj, "currentNumber", path, u64),
    timestamp: req(obj, "currentTimestamp", path, u64),
    difficulty: opt(obj, "currentDifficulty", path, readU256),
    random: opt(obj, "currentRandom", path, readU256),
    baseFee: opt(obj, "currentBaseFee", path, readU256),
    parentBaseFee: opt(obj, "parentBaseFee", path, readU256),
    parentGasUsed: opt(obj, "parentGasUsed", path, u64),
    parentGasLimit: opt(obj, "parentGasLimit", path, u64),
    excessBlobGas: opt(obj, "currentExcessBlobGas", path, u64),
    parentExcessBlobGas: opt(obj, "parentExcessBlobGas", path, u64),
    parentBlobGasUsed: opt(obj, "parentBlobGasUsed", path, u64),
    parentBeaconBlockRoot: opt(obj, "parentBeaconBlockRoot", path, readHash),
    parentHash: opt(obj, "parentHash", path, readHash),
    blockHashes: opt(obj, "blockHashes", path, parseBlockHashes),
    withdrawals,
  };
}

/**
 * `currentBaseFee`, or the EIP-1559 successor of `parentBaseFee` given `parentGasUsed`/`parentGasLimit`
 * (each 0 when absent, as in geth). Throws InputError when neither is given.
 */
export function resolveBaseFee(env: T8nEnv): bigint {
  if (env.baseFee !== undefined) return env.baseFee;
  if (env.parentBaseFee === undefined) {
    throw new InputError("currentBaseFee missing (and no parentBaseFee to derive it from)");
  }
  return calcBaseFee({
    baseFeePerGas: env.parentBaseFee,
    gasUsed: env.parentGasUsed ?? 0n,
    gasLimit: env.parentGasLimit ?? 0n,
  });
}

/**
 * `currentExcessBlobGas`, or the value derived from `parentExcessBlobGas` and `parentBlobGasUsed` under the
 * block's rules (EIP-7918 from Osaka also reads `parentBaseFee`). 0 when neither is given: every fork Lanes
 * runs has blob gas, so an env without it describes a block after one with no excess (geth would refuse
 * blob transactions instead).
 */
export function resolveExcessBlobGas(env: T8nEnv, rules: ForkRules): bigint {
  if (env.excessBlobGas !== undefined) return env.excessBlobGas;
  if (env.parentExcessBlobGas === undefined || env.parentBlobGasUsed === undefined) return 0n;
  const parent = {
    excessBlobGas: env.parentExcessBlobGas,
    blobGasUsed: env.parentBlobGasUsed,
    ...(env.parentBaseFee !== undefined ? { baseFeePerGas: env.parentBaseFee } : {}),
  };
  return calcExcessBlobGas(parent, rules);
}

/** PREVRANDAO: `currentRandom`, else `currentDifficulty` (older inputs), else 0. */
export function prevRandao(env: T8nEnv): bigint {
  return env.random ?? env.difficulty ?? 0n;
}

/** The hash BLOCKHASH sees for `n`: from `blockHashes`, 0 outside the 256-block window or when unknown. */
export function ancestorHash(env: T8nEnv, n: bigint): bigint {
  if (n >= env.number || env.number - n > BLOCKHASH_WINDOW) return 0n;
  return env.blockHashes?.get(n) ?? 0n;
}

/**
 * The parent hash for EIP-2935: `parentHash`, else `blockHashes[number - 1]` (zero when that entry is
 * missing, as in geth), else undefined: an env with neither gets no history call.
 */
export function parentHashOf(env: T8nEnv): Uint8Array | undefined {
  if (env.parentHash !== undefined) return env.parentHash;
  if (env.blockHashes === undefined) return undefined;
  return bigIntToBytes32(env.blockHashes.get(env.number - 1n) ?? 0n);
}

export interface ResolvedFees {
  baseFee: bigint;
  excessBlobGas: bigint;
}

/** The block's base fee and excess blob gas, given or derived from the parent's (in that order). */
export function resolveFees(env: T8nEnv, rules: ForkRules): ResolvedFees {
  return { baseFee: resolveBaseFee(env), excessBlobGas: resolveExcessBlobGas(env, rules) };
}

export function buildBlockEnv(env: T8nEnv, rules: ForkRules, chainId: bigint, fees: ResolvedFees): BlockEnv {
  const derived = { chainId, ...fees, prevRandao: prevRandao(env) };
  return makeBlockEnv(env, derived, rules, (n) => ancestorHash(env, n));
}
