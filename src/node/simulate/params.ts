// Parsing eth_simulateV1's request (execution-apis src/eth/execute.yaml): the blockStateCalls with their
// block overrides, state overrides and calls, and the three flags. Fields are checked as strictly as every
// other RPC parameter (-32602); unknown fields are ignored, as geth ignores them. The request limits are
// checked here, before any state is looked up.
import type { Withdrawal } from "../../block/types.js";
import * as p from "../params.js";
import { invalidParams } from "../rpc-errors.js";
import { CLIENT_LIMIT_EXCEEDED, simulateError } from "./errors.js";
import type { SimAccountOverride, SimStateOverrides } from "./overrides.js";
import {
  MAX_CALLS_PER_BLOCK,
  MAX_CALLS_TOTAL,
  MAX_SIMULATE_BLOCKS,
  type SimBlockInput,
  type SimBlockOverrides,
  type SimulateOptions,
} from "./simulator.js";

const MAX_U64 = (1n << 64n) - 1n;
/** Most withdrawals one simulated block may carry (a consensus block has at most 16). */
const MAX_WITHDRAWALS = 16;
/** Most accounts one block's state overrides may name, and slots one account's override may set. */
const MAX_OVERRIDE_ACCOUNTS = 1_000;
const MAX_OVERRIDE_SLOTS = 10_000;

function opt<T>(
  o: Record<string, unknown>,
  key: string,
  name: string,
  parse: (v: unknown, n: string) => T,
): T | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : parse(v, `${name}.${key}`);
}

function slots(value: unknown, name: string): Map<bigint, bigint> {
  const o = p.object(value, name);
  const keys = Object.keys(o);
  if (keys.length > MAX_OVERRIDE_SLOTS)
    throw invalidParams(`invalid ${name}: more than ${MAX_OVERRIDE_SLOTS} slots`);
  const out = new Map<bigint, bigint>();
  for (const k of keys) out.set(p.word(k, `${name} key`), p.word(o[k], `${name}[${k}]`));
  return out;
}

function stateOverrides(value: unknown, name: string): SimStateOverrides | undefined {
  if (value === undefined || value === null) return undefined;
  const o = p.object(value, name);
  const entries = Object.entries(o);
  if (entries.length > MAX_OVERRIDE_ACCOUNTS)
    throw invalidParams(`invalid ${name}: more than ${MAX_OVERRIDE_ACCOUNTS} accounts`);
  const out: SimStateOverrides = new Map();
  for (const [addr, raw] of entries) {
    const n = `${name}[${addr}]`;
    const a = p.object(raw, n);
    const entry: SimAccountOverride = {};
    const balance = opt(a, "balance", n, (v, m) => p.quantity(v, m));
    if (balance !== undefined) entry.balance = balance;
    const nonce = opt(a, "nonce", n, (v, m) => p.quantity(v, m, MAX_U64));
    if (nonce !== undefined) entry.nonce = nonce;
    const code = opt(a, "code", n, (v, m) => p.data(v, m));
    if (code !== undefined) entry.code = code;
    const state = opt(a, "state", n, slots);
    if (state !== undefined) entry.state = state;
    const stateDiff = opt(a, "stateDiff", n, slots);
    if (stateDiff !== undefined) entry.stateDiff = stateDiff;
    const move = opt(a, "movePrecompileToAddress", n, p.address);
    if (move !== undefined) entry.movePrecompileToAddress = move;
    const address = p.address(addr, `${name} address`);
    if (out.has(address)) throw invalidParams(`invalid ${name}: ${addr} is named twice`);
    out.set(address, entry);
  }
  return out;
}

function withdrawals(value: unknown, name: string): Withdrawal[] {
  if (!Array.isArray(value) || value.length > MAX_WITHDRAWALS)
    throw invalidParams(`invalid ${name}: expected an array of at most ${MAX_WITHDRAWALS}`);
  return value.map((w, i) => {
    const n = `${name}[${i}]`;
    const o = p.object(w, n);
    return {
      index: p.quantity(o.index, `${n}.index`, MAX_U64),
      validatorIndex: p.quantity(o.validatorIndex, `${n}.validatorIndex`, MAX_U64),
      address: p.address(o.address, `${n}.address`),
      amount: p.quantity(o.amount, `${n}.amount`, MAX_U64),
    };
  });
}

function blockOverrides(value: unknown, name: string): SimBlockOverrides {
  if (value === undefined || value === null) return {};
  const o = p.object(value, name);
  const out: SimBlockOverrides = {};
  const set = <K extends keyof SimBlockOverrides>(key: K, v: SimBlockOverrides[K] | undefined): void => {
    if (v !== undefined) out[key] = v;
  };
  set(
    "number",
    opt(o, "number", name, (v, n) => p.quantity(v, n, MAX_U64)),
  );
  set(
    "time",
    opt(o, "time", name, (v, n) => p.quantity(v, n, MAX_U64)),
  );
  set(
    "gasLimit",
    opt(o, "gasLimit", name, (v, n) => p.quantity(v, n, MAX_U64)),
  );
  set("feeRecipient", opt(o, "feeRecipient", name, p.address));
  set("prevRandao", opt(o, "prevRandao", name, p.hash));
  set(
    "baseFeePerGas",
    opt(o, "baseFeePerGas", name, (v, n) => p.quantity(v, n)),
  );
  set(
    "blobBaseFee",
    opt(o, "blobBaseFee", name, (v, n) => p.quantity(v, n)),
  );
  set("beaconRoot", opt(o, "beaconRoot", name, p.hash));
  set("withdrawals", opt(o, "withdrawals", name, withdrawals));
  set(
    "difficulty",
    opt(o, "difficulty", name, (v, n) => p.quantity(v, n)),
  );
  return out;
}

/** The first parameter of eth_simulateV1. */
export function parseSimulateOptions(value: unknown): SimulateOptions {
  const o = p.object(value, "simulation options");
  const raw = o.blockStateCalls;
  if (raw !== undefined && raw !== null && !Array.isArray(raw))
    throw invalidParams("invalid blockStateCalls: expected an array");
  const list = (raw ?? []) as unknown[];
  if (list.length === 0) throw invalidParams("empty input");
  if (list.length > MAX_SIMULATE_BLOCKS) throw simulateError(CLIENT_LIMIT_EXCEEDED, "too many blocks");
  let total = 0;
  const blocks = list.map((b, i): SimBlockInput => {
    const name = `blockStateCalls[${i}]`;
    const bo = p.object(b, name);
    const calls = bo.calls ?? [];
    if (!Array.isArray(calls)) throw invalidParams(`invalid ${name}.calls: expected an array`);
    if (calls.length > MAX_CALLS_PER_BLOCK)
      throw simulateError(
        CLIENT_LIMIT_EXCEEDED,
        `too many calls in block: ${calls.length} > ${MAX_CALLS_PER_BLOCK}`,
      );
    total += calls.length;
    if (total > MAX_CALLS_TOTAL)
      throw simulateError(CLIENT_LIMIT_EXCEEDED, `too many calls: ${total} > ${MAX_CALLS_TOTAL}`);
    const input: SimBlockInput = {
      overrides: blockOverrides(bo.blockOverrides, `${name}.blockOverrides`),
      calls: calls.map((c, j) => p.callRequest(c, `${name}.calls[${j}]`)),
    };
    const so = stateOverrides(bo.stateOverrides, `${name}.stateOverrides`);
    if (so !== undefined) input.stateOverrides = so;
    return input;
  });
  return {
    blocks,
    traceTransfers: p.bool(o.traceTransfers, "traceTransfers", false),
    validation: p.bool(o.validation, "validation", false),
    returnFullTransactions: p.bool(o.returnFullTransactions, "returnFullTransactions", false),
  };
}
